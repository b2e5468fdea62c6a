"""The extractor's instruments (prefix ``newsalert_``; labels: event type, skip reason)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

EXTRACTION_BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5)


class ExtractorMetrics:
    """Counts articles in, events out by type, skips by reason, and time per article."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.articles_consumed = Counter(
            "newsalert_articles_consumed_total", "Articles the extractor read.", registry=registry
        )
        self.events = Counter(
            "newsalert_events_total", "Events extracted, by type.", ["type"], registry=registry
        )
        self.articles_skipped = Counter(
            "newsalert_articles_skipped_total",
            "Articles not extracted, by reason (e.g. a language the rules cannot read).",
            ["reason"], registry=registry,
        )
        self.extraction_duration = Histogram(
            "newsalert_extraction_duration_seconds", "Time to extract the events of one article.",
            buckets=EXTRACTION_BUCKETS, registry=registry,
        )
