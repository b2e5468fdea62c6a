"""A consuming service survives its broker restarting empty (as the embedded one does)."""

from __future__ import annotations

import asyncio

from services.kernel.broker import EmbeddedBroker
from services.kernel.metrics import KernelMetrics, new_registry
from tests.integration.kafkatools import produce, read_topic
from tests.integration.test_consume_loop import IN, OUT, Upper


async def _until(predicate, timeout: float) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "condition never became true"
        await asyncio.sleep(0.1)


async def test_not_ready_while_broker_is_down_then_carries_on(settings):
    broker = EmbeddedBroker.start()
    settings = settings.replace(kafka_bootstrap_servers=broker.bootstrap)
    service = Upper(settings, KernelMetrics(new_registry()))
    await service.start()
    task = asyncio.create_task(service.run())
    try:
        await _until(lambda: service.readiness()[0], timeout=20)
        await produce(settings, IN, [(b"k", b"before")])
        assert [r.value for r in await read_topic(settings, OUT, settle=0)] == [b"BEFORE"]

        broker.stop()
        await _until(lambda: service.readiness() == (False, "Kafka unreachable"), timeout=15)

        broker = EmbeddedBroker.start(port=broker.port)
        await _until(lambda: service.readiness()[0], timeout=30)
        await produce(settings, IN, [(b"k", b"after")])
        out = await read_topic(settings, OUT, timeout=30, settle=0)
        assert [r.value for r in out] == [b"AFTER"]
    finally:
        service.request_stop()
        await asyncio.wait_for(task, timeout=10)
        await service.stop()
        broker.stop()
