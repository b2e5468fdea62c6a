"""Publisher wiring: events in from ``news.events``, alerts out to the rules' topics.

The logic is pure (``rules``, ``corroborate``, ``alerts``); this module decodes, counts, and turns
each new revision into a keyed message with CloudEvents headers. Delivery is the kernel's
consume loop: the alerts an event caused are acknowledged before its offset is committed, and
since ids, revisions and contents depend only on the events, a replay after a crash produces the
same bytes. ``restore`` reads the alert topics back first, so a restart does not re-alert.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence

from aiokafka.structs import ConsumerRecord
from prometheus_client import CollectorRegistry

from services.kernel import topics
from services.kernel.consume import Outgoing
from services.kernel.errors import MalformedMessage
from services.kernel.kafka import read_table
from services.kernel.messages import Alert, ArticleRef, Codes, Event, Location, decode, encode
from services.kernel.metrics import KernelMetrics
from services.kernel.service import ConsumerService
from services.kernel.settings import Settings
from services.publisher.alerts import Headlines, build_alert, cloudevent_headers
from services.publisher.corroborate import Corroborator, Group, parse_time
from services.publisher.metrics import PublisherMetrics
from services.publisher.rules import Rule, RuleSet, load_rules

log = logging.getLogger(__name__)


class PublisherService(ConsumerService):
    """Consumes events, applies the alert rules, corroborates, and produces alerts."""

    name = "publisher"
    inputs = (topics.EVENTS,)

    def __init__(self, settings: Settings, rules: RuleSet, headlines: Headlines,
                 metrics: PublisherMetrics, kernel_metrics: KernelMetrics) -> None:
        super().__init__(settings, kernel_metrics)
        self.rules = rules
        self.headlines = headlines
        self.metrics = metrics
        self.outputs = (*rules.topics, topics.DEAD_LETTER)
        self.corroborator = Corroborator(settings.corroboration_window_hours, rules.grouping)
        self._by_name = {rule.name: rule for rule in rules.rules}
        self.consumer_overrides: dict[str, object] = {}
        self._partitions: frozenset = frozenset()

    async def restore(self) -> None:
        """Rebuild corroboration state from the latest revision of every alert already sent."""
        tables = await asyncio.gather(*(read_table(self.settings, t) for t in self.rules.topics))
        restored = 0
        for topic, table in zip(self.rules.topics, tables):
            for key, value in table.items():
                restored += self._restore_one(topic, key, value)
        self.metrics.groups.set(self.corroborator.size)
        log.info("corroboration state restored", extra={"service": self.name,
                                                        "alerts": restored})

    def _restore_one(self, topic: str, key: bytes, value: bytes) -> int:
        try:
            alert = decode(Alert, value)
        except MalformedMessage as exc:
            log.warning("unreadable alert skipped: %s", exc, extra={"topic": topic})
            return 0
        if alert.rule not in self._by_name or alert.id.encode() != key:
            return 0  # a rule since removed, or a message that is not ours
        self.corroborator.restore(alert)
        return 1

    async def handle(self, record: ConsumerRecord) -> Sequence[Outgoing]:
        event = _check_shape(decode(Event, record.value or b""))
        known = event.type in self.headlines.types
        self.metrics.events_consumed.labels(event.type if known else "other").inc()
        rules = self.rules.matching(event)
        if not rules:
            self.metrics.unmatched.inc()
            return []
        origin = parse_time(event.article.fetched)
        out = [self._revision(rule, group, origin.timestamp() if origin else None)
               for rule in rules
               if (group := self.corroborator.observe(rule, event)) is not None]
        self.metrics.groups.set(self.corroborator.size)
        return out

    async def partitions_assigned(self, partitions: frozenset) -> None:
        """Re-read the alert topics when a rebalance gives this instance new partitions.

        Another instance may have grown those partitions' alerts since our ``restore``; without
        this we would publish a stale revision number with different contents. Restoring keeps
        the higher revision of each alert, so our own newer groups are untouched. The first
        assignment follows ``restore`` directly and needs no second read.
        """
        gained = partitions - self._partitions
        first = not self._partitions
        self._partitions = partitions
        if gained and not first:
            log.info("partitions gained: re-reading the alert topics",
                     extra={"service": self.name, "count": len(gained)})
            await self.restore()

    def _revision(self, rule: Rule, group: Group, origin: float | None) -> Outgoing:
        alert = build_alert(rule, group, self.headlines)
        self.metrics.alerts.labels(rule.name).inc()
        if alert.revision > 1:
            self.metrics.revisions.labels(rule.name).inc()
        return Outgoing(rule.topic, encode(alert), key=alert.id.encode(),
                        headers=cloudevent_headers(alert), origin_time=origin)

    def acknowledged(self, produced: Sequence[Outgoing]) -> None:
        """End-to-end latency: from the article's fetch to its alert acknowledged by Kafka."""
        now = time.time()
        for out in produced:
            if out.origin_time is not None:
                self.metrics.latency.observe(max(0.0, now - out.origin_time))

    def consumer_options(self) -> dict[str, object]:
        """Consumer overrides; tests shorten the session timeout through ``consumer_overrides``."""
        return dict(self.consumer_overrides)


def _check_shape(event: Event) -> Event:
    """Refuse events whose nested parts are not objects (decode checks only scalars)."""
    for name, kind in (("location", Location), ("article", ArticleRef), ("codes", Codes)):
        if not isinstance(getattr(event, name), kind):
            raise MalformedMessage(f"Event.{name}: expected an object")
    if not event.type or not event.article.outlet or not event.id:
        raise MalformedMessage("Event: id, type and article.outlet must not be empty")
    return event


def build(settings: Settings, registry: CollectorRegistry, kernel_metrics: KernelMetrics
          ) -> PublisherService:
    """The publisher; a bad rules or headlines file raises DataFileError before anything runs."""
    headlines = Headlines.load()
    rules = load_rules(settings.rules_file, headlines.types)
    return PublisherService(settings, rules, headlines, PublisherMetrics(registry),
                            kernel_metrics)
