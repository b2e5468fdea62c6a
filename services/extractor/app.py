"""Extractor wiring: articles in from ``news.articles``, events out to ``news.events``.

The extraction itself is pure (``extract.Extractor``); this module only decodes, counts, and
keys each event by its signature (type + country) so that every report of one occurrence lands
on one partition of ``news.events``, where one publisher instance can corroborate them.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from aiokafka.structs import ConsumerRecord
from prometheus_client import CollectorRegistry

from services.extractor.extract import Extractor
from services.extractor.metrics import ExtractorMetrics
from services.kernel import topics
from services.kernel.consume import Outgoing
from services.kernel.messages import Article, decode, encode
from services.kernel.metrics import KernelMetrics
from services.kernel.service import ConsumerService
from services.kernel.settings import Settings


class ExtractorService(ConsumerService):
    """Consumes articles and produces the events found in them."""

    name = "extractor"
    inputs = (topics.ARTICLES,)
    outputs = (topics.EVENTS, topics.DEAD_LETTER)

    def __init__(self, settings: Settings, extractor: Extractor, metrics: ExtractorMetrics,
                 kernel_metrics: KernelMetrics) -> None:
        super().__init__(settings, kernel_metrics)
        self.extractor = extractor
        self.metrics = metrics

    async def handle(self, record: ConsumerRecord) -> Sequence[Outgoing]:
        article = decode(Article, record.value or b"")
        self.metrics.articles_consumed.inc()
        started = time.perf_counter()
        result = self.extractor.extract(article)
        self.metrics.extraction_duration.observe(time.perf_counter() - started)
        if result.skipped:
            self.metrics.articles_skipped.labels(result.skipped).inc()
            return []
        for event in result.events:
            self.metrics.events.labels(event.type).inc()
        return [
            Outgoing(topics.EVENTS, encode(e), key=e.key.encode(),
                     headers=(("article_id", article.id.encode()),))
            for e in result.events
        ]


def build(settings: Settings, registry: CollectorRegistry, kernel_metrics: KernelMetrics
          ) -> ExtractorService:
    """The extractor service; loading its rules validates every data file before it starts."""
    return ExtractorService(settings, Extractor(), ExtractorMetrics(registry), kernel_metrics)
