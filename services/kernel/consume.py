"""The consume loop: at-least-once processing, and the one place failures are decided.

For each batch: hand every record to the service's handler, produce what it returns, wait for
every acknowledgement, and only then commit the input offsets. What a handler raises decides the
record's fate:

- ``PermanentError`` (and any unexpected exception: a bug for this input must not stop the
  service) → the record goes to ``news.dead-letter`` with the reason, and the loop moves on;
- ``RetryableError`` → wait (``retry_after`` or exponential backoff) and try the record again.

If producing or committing fails, nothing is committed and the batch is read again from its first
offset: ids are deterministic, so the replay produces identical messages.

While the brokers are unreachable the loop fetches nothing. A batch that straddled an outage is
never committed, and after the outage every assigned partition is read again from its committed
offset (from the beginning where the broker has none): a broker that came back empty numbers its
new log from zero, so positions and offsets of the old log would skip what it now holds.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRebalanceListener, TopicPartition
from aiokafka.errors import KafkaError
from aiokafka.structs import ConsumerRecord, OffsetAndMetadata

from services.kernel import topics
from services.kernel.errors import PermanentError, RetryableError
from services.kernel.metrics import KernelMetrics

log = logging.getLogger(__name__)

MAX_BACKOFF = 30.0


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A message a handler asks to produce."""

    topic: str
    value: bytes
    key: bytes | None = None
    headers: tuple[tuple[str, bytes], ...] = ()
    #: Unix time the pipeline first saw what caused this message (for end-to-end latency).
    origin_time: float | None = None


Handler = Callable[[ConsumerRecord], Awaitable[Sequence[Outgoing]]]
#: Called with a batch's produced messages once all are acknowledged, before the commit.
AckHook = Callable[[Sequence[Outgoing]], None]
#: Called with the partitions a rebalance gave this consumer, before it fetches from them.
AssignHook = Callable[[frozenset[TopicPartition]], Awaitable[None]]


class Link(Protocol):
    """The loop's view of the connection to Kafka (``ConnectivityWatch``)."""

    connected: bool
    #: changes whenever the connection is lost or regained
    epoch: int


class _AlwaysConnected:
    connected = True
    epoch = 0


class StaleBatch(RetryableError):
    """The connection to Kafka was lost while this batch was processed: do not commit it."""


async def _nothing_assigned(partitions: frozenset[TopicPartition]) -> None:
    return None


class _Assignment(ConsumerRebalanceListener):
    """Tracks whether the group has given this consumer its partitions yet."""

    def __init__(self, on_assigned: AssignHook) -> None:
        self.joined = False
        self.partitions: frozenset[TopicPartition] = frozenset()
        self._on_assigned = on_assigned

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        self.partitions = frozenset()

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        self.joined = True
        self.partitions = frozenset(assigned)
        log.info("partitions assigned", extra={"count": len(assigned)})
        await self._on_assigned(self.partitions)


class ConsumeLoop:
    """Consumes ``topics`` in group ``group`` through ``handler`` until ``stop()``."""

    def __init__(
        self,
        service: str,
        consumer: AIOKafkaConsumer,
        producer: AIOKafkaProducer,
        handler: Handler,
        metrics: KernelMetrics,
        batch_size: int = 500,
        on_acknowledged: AckHook | None = None,
        on_assigned: AssignHook = _nothing_assigned,
        link: Link | None = None,
    ) -> None:
        self.service = service
        self._consumer = consumer
        self._producer = producer
        self._handler = handler
        self._metrics = metrics
        self._batch_size = batch_size
        self._on_acknowledged = on_acknowledged
        self._assignment = _Assignment(on_assigned)
        self._link: Link = link or _AlwaysConnected()
        self._stopping = asyncio.Event()

    @property
    def listener(self) -> ConsumerRebalanceListener:
        """Pass to ``consumer.subscribe(..., listener=...)``."""
        return self._assignment

    @property
    def joined(self) -> bool:
        return self._assignment.joined

    def stop(self) -> None:
        """Ask the loop to finish its current batch, commit it, and return."""
        self._stopping.set()

    async def run(self) -> None:
        backoff = 0.5
        while not self._stopping.is_set():
            if not self._link.connected:
                await self._sleep(0.2)
                continue
            epoch = self._link.epoch
            batch = await self._consumer.getmany(timeout_ms=200, max_records=self._batch_size)
            if not batch:
                continue
            started = time.perf_counter()
            try:
                await self._process(batch, epoch)
                backoff = 0.5
            except (KafkaError, RetryableError) as exc:
                log.warning("batch not committed, will re-read it: %s", exc,
                            extra={"service": self.service})
                if self._link.epoch == epoch:  # else resync() has set the positions
                    self._rewind(batch)
                await self._sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
            self._metrics.batch_duration.labels(self.service).observe(
                time.perf_counter() - started
            )
            await self._record_lag()

    async def resync(self) -> None:
        """Read every assigned partition again from its committed offset (none: the first).

        Called once the brokers answer again after an outage, before the loop fetches anew.
        """
        for tp in self._consumer.assignment():
            committed = await self._consumer.committed(tp)
            if committed is None:
                await self._consumer.seek_to_beginning(tp)
            else:
                self._consumer.seek(tp, committed)
            log.info("position re-synced after an outage", extra={
                "service": self.service, "topic": tp.topic, "partition": tp.partition,
                "offset": committed if committed is not None else "beginning"})

    async def _process(self, batch: dict[TopicPartition, list[ConsumerRecord]], epoch: int
                       ) -> None:
        acks: list[asyncio.Future] = []
        produced: list[Outgoing] = []
        offsets: dict[TopicPartition, OffsetAndMetadata] = {}
        for tp, records in batch.items():
            for record in records:
                for out in await self._handle(record):
                    acks.append(await self._producer.send(
                        out.topic, out.value, key=out.key, headers=list(out.headers)
                    ))
                    produced.append(out)
                offsets[tp] = OffsetAndMetadata(record.offset + 1, "")
        await asyncio.gather(*acks)
        if self._link.epoch != epoch:
            raise StaleBatch("the connection to Kafka was lost while the batch was processed")
        if self._on_acknowledged is not None:
            self._on_acknowledged(produced)
        await self._consumer.commit(offsets)

    async def _handle(self, record: ConsumerRecord) -> Sequence[Outgoing]:
        """The handler's output for ``record``, or its dead letter; retries transient failures."""
        self._metrics.messages_consumed.labels(self.service, record.topic).inc()
        backoff = 0.5
        while True:
            try:
                return await self._handler(record)
            except RetryableError as exc:
                if self._stopping.is_set():
                    raise
                self._metrics.handle_retries.labels(self.service).inc()
                await self._sleep(exc.retry_after or backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
            except PermanentError as exc:
                return [self._dead_letter(record, exc.reason, str(exc))]
            except Exception as exc:  # noqa: BLE001 - a bug for one input must not stop us
                log.exception("handler crashed", extra=_where(self.service, record))
                return [self._dead_letter(record, "crash", f"{type(exc).__name__}: {exc}")]

    def _dead_letter(self, record: ConsumerRecord, reason: str, error: str) -> Outgoing:
        self._metrics.dead_letters.labels(self.service, reason).inc()
        log.warning("dead-lettered: %s", error, extra={**_where(self.service, record),
                                                       "reason": reason})
        return Outgoing(
            topic=topics.DEAD_LETTER,
            key=record.key,
            value=dead_letter_value(self.service, reason, error, record),
            headers=(*(record.headers or ()), ("dlq_reason", reason.encode())),
        )

    def _rewind(self, batch: dict[TopicPartition, list[ConsumerRecord]]) -> None:
        for tp, records in batch.items():
            if records and tp in self._consumer.assignment():
                self._consumer.seek(tp, records[0].offset)

    async def _record_lag(self) -> None:
        for tp in self._consumer.assignment():
            end = self._consumer.highwater(tp)
            if end is None:
                continue
            position = await self._consumer.position(tp)
            self._metrics.consumer_lag.labels(self.service, tp.topic, str(tp.partition)).set(
                max(0, end - position)
            )

    async def _sleep(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)
        except TimeoutError:
            pass


def dead_letter_value(service: str, reason: str, error: str, record: ConsumerRecord) -> bytes:
    """What the dead-letter topic keeps: the original message and why it failed."""
    raw = record.value or b""
    try:
        original: dict[str, str] = {"text": raw.decode("utf-8")}
    except UnicodeDecodeError:
        original = {"base64": base64.b64encode(raw).decode()}
    return orjson.dumps({
        "service": service, "reason": reason, "error": error[:2000],
        "topic": record.topic, "partition": record.partition, "offset": record.offset,
        "timestamp": record.timestamp, "value": original,
    })


def _where(service: str, record: ConsumerRecord) -> dict[str, object]:
    return {"service": service, "topic": record.topic, "partition": record.partition,
            "offset": record.offset}
