"""Metrics every service exposes the same way, on an injected registry.

Each service declares its own instruments in its own module; this one holds what the kernel's
plumbing measures for all three (dead letters, consumer lag, readiness) and the registry factory.
Names follow Prometheus conventions: prefix ``newsalert_``, ``_total`` for counters, base units
in the name (``_seconds``, ``_bytes``), labels of bounded cardinality only.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client import generate_latest

#: Latency buckets from a few milliseconds to several minutes (fetch, extraction, end to end).
LATENCY_BUCKETS = (
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0
)


def new_registry() -> CollectorRegistry:
    """A fresh registry; one per process in production, one per test in tests."""
    return CollectorRegistry(auto_describe=True)


def exposition(registry: CollectorRegistry) -> bytes:
    """The registry in the Prometheus text format."""
    return generate_latest(registry)


class KernelMetrics:
    """Instruments of the shared consume loop and runner."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.messages_consumed = Counter(
            "newsalert_messages_consumed_total",
            "Kafka messages handed to a service's handler.",
            ["service", "topic"], registry=registry,
        )
        self.dead_letters = Counter(
            "newsalert_dead_letters_total",
            "Messages sent to the dead-letter topic, by the reason they could not be processed.",
            ["service", "reason"], registry=registry,
        )
        self.consumer_lag = Gauge(
            "newsalert_consumer_lag_messages",
            "Messages between a consumer's position and the end of its partition.",
            ["service", "topic", "partition"], registry=registry,
        )
        self.handle_retries = Counter(
            "newsalert_handler_retries_total",
            "Times a message was retried after a transient failure.",
            ["service"], registry=registry,
        )
        self.ready = Gauge(
            "newsalert_ready",
            "1 when the service can do its work (what /readyz answers).",
            ["service"], registry=registry,
        )
        self.batch_duration = Histogram(
            "newsalert_batch_duration_seconds",
            "Time to handle one batch of consumed messages, produce and commit.",
            ["service"], buckets=LATENCY_BUCKETS, registry=registry,
        )
