"""The publisher on the real broker: corroboration, restart without loss or conflict, poison.

Every alert read back is validated against schemas/alert-v1.schema.json.
"""

from __future__ import annotations

import asyncio
import contextlib

import orjson

from services.kernel import topics
from services.kernel.messages import Event, encode
from services.kernel.metrics import KernelMetrics, new_registry
from services.kernel.settings import Settings
from services.publisher.app import PublisherService, build
from tests.integration.kafkatools import produce, read_topic
from tests.unit.publisher.samples import ALEPPO, BORDER, CITADEL, report, validate_alert

FAST = {"session_timeout_ms": 2000, "heartbeat_interval_ms": 500}


def _publisher(settings: Settings) -> PublisherService:
    registry = new_registry()
    service = build(settings, registry, KernelMetrics(registry))
    service.consumer_overrides = FAST
    return service


async def _send(settings: Settings, *events: Event | bytes) -> None:
    await produce(settings, topics.EVENTS, [
        (e.key.encode(), encode(e)) if isinstance(e, Event) else (b"poison|-", e)
        for e in events])


async def _alerts(settings: Settings, topic: str, at_least: int, settle: float = 1.0
                  ) -> list[dict]:
    records = await read_topic(settings, topic, at_least=at_least, timeout=20, settle=settle)
    alerts = []
    for record in records:
        alert = orjson.loads(record.value)
        validate_alert(alert)
        assert record.key == alert["id"].encode()
        assert dict(record.headers)["ce_id"] == f"{alert['id']}-{alert['revision']}".encode()
        alerts.append(alert)
    return alerts


@contextlib.asynccontextmanager
async def _running(service: PublisherService):
    await service.start()
    task = asyncio.create_task(service.run())
    try:
        yield task
    finally:
        service.request_stop()
        await asyncio.gather(task, return_exceptions=True)
        await service.stop()


async def test_two_outlets_make_one_alert_and_one_outlet_twice_does_not(settings):
    await _send(settings, report("shafaq", **BORDER), report("shafaq", **BORDER, slug="update"),
                report("rudaw", **BORDER), report("trt", **ALEPPO))
    async with _running(_publisher(settings)):
        border = await _alerts(settings, "alerts.border", at_least=2)
        territory = await _alerts(settings, "alerts.territory", at_least=1)
    assert [(a["revision"], a["outlets"]) for a in border] == [(1, 1), (2, 2)]
    assert len({a["id"] for a in border}) == 1
    assert [s["outlet"] for s in border[1]["sources"]] == ["shafaq", "rudaw"]
    assert [(a["revision"], a["outlets"]) for a in territory] == [(1, 1)]


async def test_poison_goes_to_dead_letter_and_service_keeps_going(settings):
    wrong_schema = orjson.dumps({"schema": 1, "id": "x", "type": "strike"})
    await _send(settings, b"\xff not json", wrong_schema, report("trt", **ALEPPO))
    async with _running(_publisher(settings)):
        dead = await read_topic(settings, topics.DEAD_LETTER, at_least=2, timeout=20)
        alerts = await _alerts(settings, "alerts.territory", at_least=1)
    reasons = [orjson.loads(r.value) for r in dead]
    assert [(d["service"], d["reason"]) for d in reasons] == [("publisher", "malformed")] * 2
    assert "not JSON" in reasons[0]["error"] and "Event" in reasons[1]["error"]
    assert [a["type"] for a in alerts] == ["territory.capture"]


async def test_killed_before_commit_then_restarted_loses_nothing_and_never_conflicts(settings):
    first = [report("shafaq", **BORDER), report("trt", **ALEPPO), report("rudaw", **BORDER)]
    await _send(settings, *first)
    service = _publisher(settings)
    await service.start()
    never = asyncio.Event()

    async def commit_never(*_args, **_kwargs):  # the crash: produced, acknowledged, not committed
        await never.wait()

    service._consumer.commit = commit_never  # type: ignore[union-attr]
    task = asyncio.create_task(service.run())
    await _alerts(settings, "alerts.border", at_least=2, settle=0)
    task.cancel()  # killed abruptly: no drain, no commit
    await asyncio.gather(task, return_exceptions=True)
    await service.stop()  # closes the clients; the consumer commits nothing by itself

    await _send(settings, report("enab", **CITADEL), report("trt", **BORDER))
    async with _running(_publisher(settings)):  # replays all five events, knows three alerts
        border = await _alerts(settings, "alerts.border", at_least=3)
        territory = await _alerts(settings, "alerts.territory", at_least=2)

    for alerts in (border, territory):
        by_revision: dict[tuple[str, int], set[bytes]] = {}
        for alert in alerts:
            by_revision.setdefault((alert["id"], alert["revision"]), set()).add(
                orjson.dumps(alert))
        assert all(len(contents) == 1 for contents in by_revision.values())
        assert len({a["id"] for a in alerts}) == 1
    assert sorted({(a["revision"], a["outlets"]) for a in border}) == [(1, 1), (2, 2), (3, 3)]
    assert sorted({(a["revision"], a["outlets"]) for a in territory}) == [(1, 1), (2, 2)]
    assert len(border) == 3 and len(territory) == 2  # the restart re-alerted nothing
