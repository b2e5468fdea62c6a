"""The whole pipeline on the real broker: two feeds served on loopback become two alerts."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import orjson

from services.kernel.metrics import KernelMetrics, new_registry
from services.kernel.settings import Settings
from tests.integration.feedserver import Site, article_page, rss, serve
from tests.integration.kafkatools import read_topic

BORDER_STORY = [
    "BAGHDAD, Nov. 30 — Iraq closed its border with Syria on Sunday, the Interior Ministry "
    "said, as fighting spread across the north of the neighbouring country.",
    "A ministry spokesman said all crossings between the two countries were shut to travellers "
    "and cargo until further notice, and that extra troops had been sent to the frontier.",
    "Truck drivers waiting near the Iraqi side said they had been told to turn back.",
]
ALEPPO_STORY = [
    "Opposition fighters led by Hayat Tahrir al-Sham captured most of Aleppo on Saturday, "
    "taking the city's citadel and its main government buildings after a lightning advance.",
    "Residents described columns of pickup trucks moving through the western districts while "
    "government troops withdrew towards the south.",
    "The fall of Syria's second city is the biggest change on the front lines in years.",
]


def _publish_site(site: Site) -> None:
    site.add("/iraq/border.html", "text/html; charset=utf-8", article_page(
        "Iraq shuts border with Syria as fighting spreads", BORDER_STORY,
        "2026-11-29T08:00:00Z"))
    site.add("/syria/aleppo.html", "text/html; charset=utf-8", article_page(
        "Rebels take Aleppo in lightning offensive", ALEPPO_STORY, "2026-11-29T09:00:00Z"))
    site.add("/a/rss.xml", "application/rss+xml", rss("Tigris Wire", [(
        "Iraq shuts border with Syria as fighting spreads", site.url("/iraq/border.html"),
        "tigris-1", "Sun, 29 Nov 2026 08:00:00 GMT")]))
    site.add("/b/rss.xml", "application/rss+xml", rss("Levant Daily", [(
        "Rebels take Aleppo in lightning offensive", site.url("/syria/aleppo.html"),
        "levant-1", "Sun, 29 Nov 2026 09:00:00 GMT")]))


def _outlets_file(tmp_path, site: Site) -> str:
    path = tmp_path / "outlets.yaml"
    path.write_text(textwrap.dedent(f"""\
        outlets:
          - id: tigris-wire
            name: Tigris Wire
            country: IQ
            language: en
            feeds: ["{site.url('/a/rss.xml')}"]
          - id: levant-daily
            name: Levant Daily
            country: SY
            language: en
            feeds: ["{site.url('/b/rss.xml')}"]
        """))
    return str(path)


async def _run_pipeline(settings: Settings, until) -> None:
    from services.extractor.app import build as build_extractor
    from services.fetcher.app import build as build_fetcher
    from services.publisher.app import build as build_publisher

    registry = new_registry()
    metrics = KernelMetrics(registry)
    services = [b(settings, registry, metrics)
                for b in (build_fetcher, build_extractor, build_publisher)]
    for service in services:
        await service.start()
    tasks = [asyncio.create_task(s.run()) for s in services]
    try:
        await asyncio.wait_for(until(), timeout=60)
    finally:
        for service in services:
            service.request_stop()
        await asyncio.gather(*tasks, return_exceptions=True)
        for service in services:
            await service.stop()


def _find(alerts: list[dict], type_: str, country: str) -> dict | None:
    return next((a for a in alerts if a["type"] == type_
                 and a["location"].get("country") == country), None)


async def test_two_feeds_become_border_and_capture_alerts(settings, tmp_path):
    site = Site()
    with serve(site):
        _publish_site(site)
        settings = settings.replace(outlets_file=_outlets_file(tmp_path, site))
        alerts: dict[str, list[dict]] = {"alerts.border": [], "alerts.territory": []}

        async def both_alerts() -> None:
            while not (_find(alerts["alerts.border"], "border.closure", "IQ")
                       and _find(alerts["alerts.territory"], "territory.capture", "SY")):
                for topic in alerts:
                    try:
                        records = await read_topic(settings, topic, timeout=2, settle=0)
                    except TimeoutError:  # the publisher has not created it yet
                        continue
                    alerts[topic] = [{**orjson.loads(r.value), "headers": dict(r.headers)}
                                     for r in records]

        await _run_pipeline(settings, both_alerts)

    border = _find(alerts["alerts.border"], "border.closure", "IQ")
    capture = _find(alerts["alerts.territory"], "territory.capture", "SY")
    assert "aleppo" in (capture["location"]["resolved"] or "").lower()
    assert border["headers"]["ce_specversion"] == b"1.0"
    assert border["headers"]["ce_type"].endswith(b"border.closure")
    assert border["sources"][0]["outlet"] == "tigris-wire"
    assert "/iraq/border.html" in site.requests and "/syria/aleppo.html" in site.requests


OPML = """<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0"><head><title>Test outlets</title></head><body>
  <outline text="Tigris Wire" type="rss" xmlUrl="{a}"/>
  <outline text="Levant Daily" type="rss" xmlUrl="{b}"/>
</body></opml>
"""


async def test_newsalert_run_on_an_opml_file_alerts_within_a_minute(kafka_bootstrap, tmp_path):
    """The pipeline issue's acceptance run: `newsalert run --outlets feeds.opml` against a
    running broker, private networks allowed, both alerts on their topics within 60 s."""
    site = Site()
    with serve(site):
        _publish_site(site)
        opml = tmp_path / "feeds.opml"
        opml.write_text(OPML.format(a=site.url("/a/rss.xml"), b=site.url("/b/rss.xml")))
        env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
               "NEWSALERT_ALLOW_PRIVATE_NETWORKS": "true", "NEWSALERT_KAFKA_IDEMPOTENCE": "false",
               "NEWSALERT_HTTP_PORT": "0", "NEWSALERT_HTTP_HOST": "127.0.0.1",
               "NEWSALERT_GROUP_PREFIX": f"opml-{uuid.uuid4().hex[:8]}"}
        command = [str(Path(sys.executable).parent / "newsalert"), "run", "--outlets", str(opml)]
        started = time.monotonic()
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        settings = Settings.from_env({"KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap})
        ours = site.url("/")
        found: dict[str, dict] = {}
        try:
            while len(found) < 2 and time.monotonic() - started < 60:
                for topic, type_ in (("alerts.border", "border.closure"),
                                     ("alerts.territory", "territory.capture")):
                    try:
                        records = await read_topic(settings, topic, timeout=2, settle=0)
                    except TimeoutError:
                        continue
                    for alert in (orjson.loads(r.value) for r in records):
                        if alert["type"] == type_ and alert["sources"][0]["url"].startswith(ours):
                            found[type_] = alert
        finally:
            process.send_signal(signal.SIGTERM)
            exit_code = process.wait(timeout=30)
    assert set(found) == {"border.closure", "territory.capture"}, f"within 60 s: {set(found)}"
    assert found["border.closure"]["location"]["country"] == "IQ"
    assert "aleppo" in (found["territory.capture"]["location"]["resolved"] or "").lower()
    assert exit_code == 0
