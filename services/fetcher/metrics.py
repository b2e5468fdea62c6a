"""The fetcher's instruments, on the injected registry.

Labels are bounded: outlet ids come from the outlets file, kinds and outcomes from the closed
sets below. A URL is never a label (one per article would explode the series count).
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from services.kernel.metrics import LATENCY_BUCKETS

KINDS = ("feed", "page")
OUTCOMES = ("2xx", "304", "4xx", "429", "5xx", "timeout", "refused", "too_large", "error")
DEDUP_REASONS = ("guid", "link", "fingerprint")


class FetcherMetrics:
    """Everything the fetcher counts: requests by outcome, dedup, parse errors, freshness."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.requests = Counter(
            "newsalert_fetch_requests_total", "HTTP fetches by outlet, kind and outcome.",
            ["outlet", "kind", "outcome"], registry=registry)
        self.duration = Histogram(
            "newsalert_fetch_duration_seconds", "Time of one fetch, redirects included.",
            ["kind"], buckets=LATENCY_BUCKETS, registry=registry)
        self.in_backoff = Gauge(
            "newsalert_feeds_in_backoff", "Feeds whose last poll failed and wait longer.",
            registry=registry)
        self.newest_age = Gauge(
            "newsalert_newest_item_age_seconds", "Age of the newest item seen per outlet.",
            ["outlet"], registry=registry)
        self.produced = Counter(
            "newsalert_articles_produced_total", "Articles produced to news.articles.",
            ["outlet"], registry=registry)
        self.deduplicated = Counter(
            "newsalert_items_deduplicated_total", "Feed items skipped as already seen.",
            ["outlet", "reason"], registry=registry)
        self.parse_errors = Counter(
            "newsalert_feed_parse_errors_total", "Feeds that could not be read cleanly (bozo).",
            ["outlet"], registry=registry)
        self.feed_bytes = Counter(
            "newsalert_feed_bytes_total", "Decompressed feed bytes received.",
            ["outlet"], registry=registry)
