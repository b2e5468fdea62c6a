"""The publisher's instruments (prefix ``newsalert_``; labels: event type and rule only)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from services.kernel.metrics import LATENCY_BUCKETS


class PublisherMetrics:
    """Events in by type, alerts and revisions out by rule, unmatched events, latency, groups."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.events_consumed = Counter(
            "newsalert_events_consumed_total",
            "Events the publisher read, by type (types no rule knows are counted as 'other').",
            ["type"], registry=registry,
        )
        self.alerts = Counter(
            "newsalert_alerts_total", "Alert messages produced (every revision), by rule.",
            ["rule"], registry=registry,
        )
        self.revisions = Counter(
            "newsalert_corroboration_revisions_total",
            "Alert messages that grew an earlier alert (revision above 1), by rule.",
            ["rule"], registry=registry,
        )
        self.unmatched = Counter(
            "newsalert_events_unmatched_total", "Events that matched no alert rule.",
            registry=registry,
        )
        self.latency = Histogram(
            "newsalert_end_to_end_latency_seconds",
            "From the article's fetch to its alert being handed to the producer.",
            buckets=LATENCY_BUCKETS, registry=registry,
        )
        self.groups = Gauge(
            "newsalert_corroboration_groups",
            "Occurrences held in memory for corroboration (all rules).", registry=registry,
        )
