"""The shape every newsalert service has, and the base of the two that consume Kafka.

A service is started (connect, restore state), run (until asked to stop), and stopped (drain:
stop consuming, finish in-flight work, flush, commit, close). The runner drives these three
steps the same way for the fetcher, the extractor and the publisher, alone or together.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.structs import ConsumerRecord

from services.kernel import topics
from services.kernel.consume import ConsumeLoop, Outgoing
from services.kernel.kafka import ConnectivityWatch, ensure_topics, new_consumer, new_producer
from services.kernel.metrics import KernelMetrics
from services.kernel.settings import Settings

log = logging.getLogger(__name__)


class Service(Protocol):
    """What the runner needs of a service."""

    name: str

    async def start(self) -> None:
        """Connect and restore state; raise BrokerUnavailable to be retried."""

    async def run(self) -> None:
        """Do the work until ``stop`` is called."""

    def request_stop(self) -> None:
        """Readiness off; stop taking new work; ``run`` returns once in-flight work is done."""

    async def stop(self) -> None:
        """Flush, commit and close clients after ``run`` returned; idempotent."""

    def readiness(self) -> tuple[bool, str]:
        """Whether the service can do its work, and if not, why."""


class ConsumerService:
    """A service that turns messages of input topics into messages of output topics.

    Subclasses set ``name``, ``inputs`` and ``outputs`` and implement ``handle``; they may
    override ``restore`` to rebuild state before the first message is consumed.
    """

    name = "consumer"
    inputs: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()

    def __init__(self, settings: Settings, metrics: KernelMetrics) -> None:
        self.settings = settings
        self.kernel_metrics = metrics
        self._producer: AIOKafkaProducer | None = None
        self._consumer: AIOKafkaConsumer | None = None
        self._loop: ConsumeLoop | None = None
        self._watch: ConnectivityWatch | None = None
        self._restored = False
        self._stopped = False

    @property
    def group(self) -> str:
        return f"{self.settings.group_prefix}-{self.name}"

    async def handle(self, record: ConsumerRecord) -> Sequence[Outgoing]:
        raise NotImplementedError

    async def restore(self) -> None:
        """Rebuild in-memory state from Kafka before consuming (default: nothing to do)."""

    async def partitions_assigned(self, partitions: frozenset[TopicPartition]) -> None:
        """A rebalance gave this instance ``partitions``; runs before it fetches from them."""

    def acknowledged(self, produced: Sequence[Outgoing]) -> None:
        """Everything a batch produced is acknowledged; its offsets are committed next."""

    def consumer_options(self) -> dict[str, object]:
        """Extra consumer options (tests shorten the session timeout)."""
        return {}

    async def start(self) -> None:
        await ensure_topics(self.settings, (*self.inputs, *self.outputs))
        self._producer = new_producer(self.settings)
        await self._producer.start()
        self._watch = ConnectivityWatch(self._producer, self._recreate_topics)
        self._watch.start()
        await self.restore()
        self._restored = True
        self._consumer = new_consumer(self.settings, group=self.group, **self.consumer_options())
        self._loop = ConsumeLoop(self.name, self._consumer, self._producer, self.handle,
                                 self.kernel_metrics, on_acknowledged=self.acknowledged,
                                 on_assigned=self.partitions_assigned, link=self._watch)
        self._consumer.subscribe(list(self.inputs), listener=self._loop.listener)
        await self._consumer.start()

    async def _recreate_topics(self) -> None:
        """After an outage the brokers may have lost everything (the embedded one does): the
        topics, and with them the offsets the consumer's positions refer to.

        Every pipeline topic, not just this service's: whichever service reconnects first
        recreates them all before any service produces again (see ``ConnectivityWatch``).
        """
        await ensure_topics(self.settings, (*topics.PIPELINE_TOPICS, *self.inputs,
                                            *self.outputs))
        if self._loop is not None:
            await self._loop.resync()

    async def run(self) -> None:
        assert self._loop is not None, "start() first"
        await self._loop.run()

    def readiness(self) -> tuple[bool, str]:
        if self._stopped:
            return False, "shutting down"
        if not self._restored:
            return False, "restoring state"
        if self._watch is not None and not self._watch.connected:
            return False, "Kafka unreachable"
        if self._loop is None or not self._loop.joined:
            return False, "waiting for partitions"
        return True, "ok"

    def request_stop(self) -> None:
        """Readiness off and the loop told to finish its batch (the first drain step)."""
        self._stopped = True
        if self._loop is not None:
            self._loop.stop()

    async def stop(self) -> None:
        self.request_stop()
        if self._watch is not None:
            await self._watch.stop()
        if self._consumer is not None:
            await self._consumer.stop()
            log.info("consumer closed", extra={"service": self.name})
        if self._producer is not None:
            await self._producer.flush()
            await self._producer.stop()
            log.info("producer flushed and closed", extra={"service": self.name})
        self._consumer = self._producer = None
