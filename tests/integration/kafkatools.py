"""Small, real-broker helpers for integration tests: produce some records, read a topic back."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable

from aiokafka import TopicPartition
from aiokafka.structs import ConsumerRecord

from services.kernel.kafka import ensure_topics, new_consumer, new_producer
from services.kernel.settings import Settings


async def produce(settings: Settings, topic: str,
                  records: Iterable[tuple[bytes | None, bytes]]) -> None:
    """Produce ``(key, value)`` records to ``topic`` and wait for every acknowledgement."""
    await ensure_topics(settings, [topic])
    producer = new_producer(settings, enable_idempotence=False)
    await producer.start()
    try:
        for key, value in records:
            await producer.send_and_wait(topic, value, key=key)
    finally:
        await producer.stop()


async def read_topic(settings: Settings, topic: str, *, at_least: int = 1,
                     timeout: float = 30.0, settle: float = 0.5) -> list[ConsumerRecord]:
    """Every record of ``topic`` from the beginning, once ``at_least`` arrived (or timeout).

    After the count is reached it keeps reading for ``settle`` seconds, so a test can also
    see records that should not have been there.
    """
    consumer = new_consumer(settings, group=None)
    await consumer.start()
    records: list[ConsumerRecord] = []
    try:
        await _assign_all(consumer, topic, timeout)
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline and len(records) < at_least:
            for batch in (await consumer.getmany(timeout_ms=200)).values():
                records.extend(batch)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(_drain(consumer, records), settle)
    finally:
        await consumer.stop()
    return records


async def _drain(consumer, records: list[ConsumerRecord]) -> None:
    while True:
        for batch in (await consumer.getmany(timeout_ms=100)).values():
            records.extend(batch)


async def _assign_all(consumer, topic: str, timeout: float) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while topic not in await consumer.topics() or not consumer.partitions_for_topic(topic):
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"topic {topic} never appeared")
        await asyncio.sleep(0.2)
    partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic)]
    consumer.assign(partitions)
    await consumer.seek_to_beginning(*partitions)
