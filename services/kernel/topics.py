"""The Kafka topics of the pipeline, in one place (shared/DESIGN.md, Messages)."""

from __future__ import annotations

ARTICLES = "news.articles"
EVENTS = "news.events"
FEED_STATE = "news.feed-state"
DEAD_LETTER = "news.dead-letter"

ALERT_PREFIX = "alerts."

#: Topics the pipeline creates at start (alert topics come from the rules file).
PIPELINE_TOPICS = (ARTICLES, EVENTS, FEED_STATE, DEAD_LETTER)
