"""`python -m services.publisher` SIGKILLed mid-stream, then restarted: the alert topics end up
holding exactly what one uninterrupted run would have produced (no alert lost; an alert id never
has two different contents at one revision), each message possibly more than once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import orjson

from services.kernel import topics
from services.kernel.kafka import ensure_topics
from services.kernel.messages import encode
from services.kernel.settings import Settings
from services.publisher.alerts import Headlines, build_alert
from services.publisher.corroborate import Corroborator
from services.publisher.rules import load_rules
from tests.integration.kafkatools import produce, read_topic
from tests.unit.publisher.samples import ALEPPO, BORDER, report, validate_alert

ROOT = Path(__file__).resolve().parents[2]
OUTLETS = ("shafaq", "rudaw", "trt", "enab", "aljazeera", "shafaq")
TOWNS = 20  # 20 towns x 2 days x 6 reports = 240 events


def _events():
    events = []
    for day in (1, 2):
        for n in range(TOWNS):
            lat, lon = 32.5 + (n // 10) * 0.8, 36.0 + (n % 10) * 0.8  # ~70 km apart
            kind = dict(ALEPPO) if n % 2 else dict(BORDER, kind="city")
            kind.update(place=f"Town {n}", resolved=f"Town {n}", lat=lat, lon=lon, country="SY")
            for outlet in OUTLETS:
                events.append(report(outlet, **kind, occurred=f"2024-12-0{day * 4}",
                                     slug=f"{n}-{day}-{len(events)}"))
    return events


def _expected(events) -> set[bytes]:
    rules, headlines = load_rules(None, Headlines.load().types), Headlines.load()
    corroborator = Corroborator(72, rules.grouping)
    out = set()
    for event in events:
        for rule in rules.matching(event):
            group = corroborator.observe(rule, event)
            if group is not None:
                out.add(encode(build_alert(rule, group, headlines)))
    return out


def _publisher(settings: Settings) -> subprocess.Popen[bytes]:
    env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": settings.kafka_bootstrap_servers or "",
           "NEWSALERT_KAFKA_IDEMPOTENCE": "false", "NEWSALERT_HTTP_PORT": "0",
           "NEWSALERT_HTTP_HOST": "127.0.0.1", "NEWSALERT_GROUP_PREFIX": settings.group_prefix,
           "NEWSALERT_TOPIC_PARTITIONS": str(settings.kafka_partitions)}
    return subprocess.Popen([sys.executable, "-m", "services.publisher"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def _all_alerts(settings: Settings, at_least: int) -> list[bytes]:
    values = []
    for topic in ("alerts.border", "alerts.territory"):
        values += [r.value for r in await read_topic(settings, topic, at_least=at_least,
                                                     timeout=30, settle=0.5)]
    return values


async def test_sigkilled_publisher_restarts_without_loss_or_conflict(settings):
    events = _events()
    expected = _expected(events)
    await produce(settings, topics.EVENTS, [(e.key.encode(), encode(e)) for e in events])
    await ensure_topics(settings, ["alerts.border", "alerts.territory"])
    first = _publisher(settings)
    try:
        await read_topic(settings, "alerts.border", at_least=1, timeout=30, settle=0)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    second = _publisher(settings)
    try:
        seen = set(await _all_alerts(settings, at_least=len(expected) // 2))
        while not expected <= seen and second.poll() is None:
            seen |= set(await _all_alerts(settings, at_least=1))
    finally:
        second.terminate()
        second.wait(timeout=20)

    alerts = [orjson.loads(v) for v in seen]
    for alert in alerts:
        validate_alert(alert)
    assert seen == expected  # nothing lost, nothing extra, byte for byte
    assert len({(a["id"], a["revision"]) for a in alerts}) == len(seen)
