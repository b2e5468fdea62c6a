"""Article pages → text, date and language; the service's wiring without a broker."""

from __future__ import annotations

import asyncio
import time

import pytest

from services.fetcher.app import Tuning, build, feed_runs
from services.fetcher.article import detect_language, extract_page, meta_published
from services.fetcher.outlets import load
from services.fetcher.schedule import Schedule
from services.kernel.errors import BrokerUnavailable
from services.kernel.metrics import KernelMetrics, new_registry
from services.kernel.settings import Settings

PAGE = b"""<!doctype html><html><head><meta charset="utf-8"><title>T</title>
<meta property="article:published_time" content="2026-11-29T10:00:00+02:00"></head>
<body><nav>Home | World | Sport | Weather</nav><article><h1>Crossing closed</h1>
<p>Authorities in the border province said on Sunday that the main crossing had been closed
to travellers and trucks after a night of shelling near the frontier town.</p>
<p>Aid groups warned that the closure would delay convoys carrying food and medicine.</p>
</article><footer>All rights reserved.</footer></body></html>"""


def test_page_main_text_and_published_time():
    page = extract_page(PAGE, "https://n.example/a")
    assert "main crossing had been closed" in page.text
    assert "Weather" not in page.text and "rights reserved" not in page.text
    assert page.published == "2026-11-29T08:00:00Z"


def test_page_without_metadata_pass_keeps_text_and_meta_published_time():
    page = extract_page(PAGE, "https://n.example/a", metadata=False)
    assert "main crossing had been closed" in page.text and "Weather" not in page.text
    assert page.published == "2026-11-29T08:00:00Z"  # article:published_time
    assert page.title == ""  # the feed item has it


def test_metadata_pass_finds_title_and_a_date_the_meta_tag_does_not_give():
    undated = PAGE.replace(b'property="article:published_time"', b'property="x"').replace(
        b"<h1>Crossing closed</h1>", b"<h1>Crossing closed</h1><time datetime=\"2026-11-28\">"
        b"28 November 2026</time>")
    assert extract_page(undated, "https://n.example/a", metadata=False).published is None
    page = extract_page(undated, "https://n.example/a", metadata=True)
    assert page.published is not None and page.published.startswith("2026-11-28")
    assert page.title


def test_page_without_a_story_gives_no_text():
    assert extract_page(b"<html><body><nav>Home</nav></body></html>", "https://x/").text == ""
    assert meta_published(b"<html></html>") is None


def test_language_detection_with_outlet_fallback():
    assert detect_language("أعلنت السلطات إغلاق المعبر الحدودي الرئيسي أمام المسافرين", "en") \
        == "ar"
    assert detect_language("short", "ku") == "ku"


def test_build_uses_packaged_outlets_and_is_not_ready_before_start():
    registry = new_registry()
    service = build(Settings(), registry, KernelMetrics(registry), Tuning(workers=0))
    assert service.name == "fetcher" and len(service.runs) >= 40
    assert service.readiness() == (False, "restoring feed state")


def test_poll_interval_setting_is_the_lower_bound_and_outlets_only_raise_it():
    runs = feed_runs(load(), Settings(poll_interval=1, max_poll_interval=600))
    by_outlet = {r.outlet.id: r.bounds for r in runs}
    assert by_outlet["bbc-news"].lower == 1 and by_outlet["bbc-news"].upper == 600
    assert by_outlet["reliefweb"].lower == 300


def test_metric_names_are_the_agreed_ones():
    from services.fetcher.metrics import FetcherMetrics
    registry = new_registry()
    FetcherMetrics(registry)
    names = {m.name for m in registry.collect()}
    assert {"newsalert_fetch_requests", "newsalert_fetch_duration_seconds",
            "newsalert_feeds_in_backoff", "newsalert_newest_item_age_seconds",
            "newsalert_articles_produced", "newsalert_items_deduplicated",
            "newsalert_feed_parse_errors", "newsalert_feed_bytes"} <= names


class _Down:
    """What ConnectivityWatch reports during an outage."""

    connected = False
    epoch = 1

    async def stop(self) -> None:
        return None


async def test_fetcher_neither_polls_nor_produces_while_kafka_is_unreachable():
    registry = new_registry()
    service = build(Settings(poll_interval=1), registry, KernelMetrics(registry),
                    Tuning(workers=0))

    async def refuse(*_: object) -> None:
        raise AssertionError("produced while Kafka was unreachable")

    service.prepare({}, refuse, refuse)
    service._watch = _Down()
    with pytest.raises(BrokerUnavailable):
        await service._produce_articles([])
    running = asyncio.create_task(service.run())
    await asyncio.sleep(0.3)  # every feed is due at start
    service.request_stop()
    await asyncio.wait_for(running, 5)
    assert {run.status for run in service.runs.values()} == {"new"}  # no feed was polled
    assert service.readiness() == (False, "shutting down")
    await service.stop()


async def test_the_next_poll_is_due_an_interval_after_the_last_one_began():
    registry = new_registry()
    service = build(Settings(poll_interval=5), registry, KernelMetrics(registry),
                    Tuning(workers=0))
    service.prepare({}, _never, _never)
    service.schedule = Schedule()
    run = next(iter(service.runs.values()))

    async def slow_poll(_run: object, held: bool = False) -> float:
        await asyncio.sleep(0.4)  # reading the new pages takes a while
        return 5.0

    service._poller.poll = slow_poll
    started = time.monotonic()
    await service._poll(run, asyncio.Semaphore(1))
    assert service.schedule.next_due() - started < 5.2
    await service.stop()


async def _never(*_: object) -> None:
    raise AssertionError("nothing is produced here")
