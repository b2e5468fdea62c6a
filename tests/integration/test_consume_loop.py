"""The kernel's consume loop on the real broker: produce, acknowledge, commit, dead-letter."""

from __future__ import annotations

import asyncio

import orjson
from aiokafka import TopicPartition

from services.kernel import topics
from services.kernel.consume import Outgoing
from services.kernel.errors import MalformedMessage
from services.kernel.kafka import new_consumer
from services.kernel.metrics import KernelMetrics, new_registry
from services.kernel.service import ConsumerService
from tests.integration.kafkatools import produce, read_topic

IN, OUT = "test.in", "test.out"


class Upper(ConsumerService):
    """Upper-cases text; refuses "poison"; crashes on "crash"."""

    name = "upper"
    inputs = (IN,)
    outputs = (OUT, topics.DEAD_LETTER)

    async def handle(self, record):
        text = record.value.decode()
        if text == "poison":
            raise MalformedMessage("poison pill")
        if text == "crash":
            raise ZeroDivisionError("bug")
        return [Outgoing(OUT, text.upper().encode(), key=record.key)]

    def consumer_options(self):
        return {"session_timeout_ms": 2000, "heartbeat_interval_ms": 500}


async def _run_until(service: ConsumerService, done) -> None:
    await service.start()
    task = asyncio.create_task(service.run())
    try:
        await asyncio.wait_for(done(), timeout=30)
    finally:
        service.request_stop()
        await task
        await service.stop()


async def test_outputs_dead_letters_and_commits(settings):
    registry = new_registry()
    metrics = KernelMetrics(registry)
    service = Upper(settings, metrics)
    values = [b"one", b"poison", b"two", b"crash", b"three"]
    await produce(settings, IN, [(b"k", v) for v in values])

    async def three_out():
        while len(await read_topic(settings, OUT, at_least=3, timeout=5, settle=0)) < 3:
            pass

    await _run_until(service, three_out)

    out = [r.value for r in await read_topic(settings, OUT, at_least=3)]
    assert out == [b"ONE", b"TWO", b"THREE"]
    dead = [orjson.loads(r.value) for r in await read_topic(settings, topics.DEAD_LETTER, at_least=2)]
    assert [(d["reason"], d["value"]["text"]) for d in dead] == [
        ("malformed", "poison"), ("crash", "crash")]
    assert all(d["topic"] == IN for d in dead)
    assert registry.get_sample_value(
        "newsalert_dead_letters_total", {"service": "upper", "reason": "malformed"}) == 1

    partition = (await read_topic(settings, IN, at_least=len(values)))[0].partition
    checker = new_consumer(settings, group=service.group)
    await checker.start()
    try:
        committed = await checker.committed(TopicPartition(IN, partition))
    finally:
        await checker.stop()
    assert committed == len(values)  # every input committed, poison included
