"""Faults: nothing is lost when processes die, the broker restarts or a feed host misbehaves.

The pipeline runs as three real processes (``newsalert fetcher|extractor|publisher``) on an
embedded broker the test starts, against the replay farm (bench/farm.py) in a process of its
own. Fixed seeds, generous timeouts, no performance assertions. The first tests check the farm
itself (conditional GET, appearance times, answer key), since every other test trusts it.
"""

from __future__ import annotations

import asyncio
import time
import uuid

import httpx
import orjson
import pytest

from bench.chaos import ChaosOptions, run_chaos
from bench.e2e_bench import SERVICES, Collector, FarmProcess, ServiceProcess, match_alerts
from bench.farm import TOPICS, Farm, make_story
from services.kernel.broker import EmbeddedBroker

pytestmark = pytest.mark.integration


# ---------------------------------------------------------------------------------------------
# The farm


async def test_farm_answers_conditional_requests_with_304():
    farm = Farm(feeds=2, domains=2, rate=1000, items=10, seed=1)
    await farm.start()
    try:
        farm.add_item(0)
        async with httpx.AsyncClient() as client:
            url = farm.feed_url(farm.feeds[0])
            first = await client.get(url)
            assert first.status_code == 200 and b"<item>" in first.content
            etag, modified = first.headers["etag"], first.headers["last-modified"]
            assert (await client.get(url, headers={"If-None-Match": etag})).status_code == 304
            assert (await client.get(url, headers={"If-Modified-Since": modified})
                    ).status_code == 304
            farm.add_item(0)
            again = await client.get(url, headers={"If-None-Match": etag})
            assert again.status_code == 200 and again.headers["etag"] != etag
            page = await client.get(farm.items[0].url)
            assert page.status_code == 200 and 2000 < len(page.content) < 8000
            assert (await client.get(farm.items[0].url, headers={
                "If-None-Match": page.headers["etag"]})).status_code == 304
            other = farm.base(1) + farm.items[0].path  # a page belongs to its own domain
            assert (await client.get(other)).status_code == 404
    finally:
        await farm.stop()


async def test_farm_publishes_at_its_rate_and_records_appearance():
    farm = Farm(feeds=4, domains=2, rate=50, items=25, seed=2)
    await farm.start()
    try:
        before = time.time()
        farm.start_publishing()
        await asyncio.wait_for(farm.done.wait(), timeout=10)
        took = time.time() - before
        assert 0.3 < took < 2.0  # 25 items at 50/s
        appeared = [i.appeared for i in farm.items]
        assert appeared == sorted(appeared) and before <= appeared[0]
        async with httpx.AsyncClient() as client:
            feed = farm.feeds[farm.items[-1].feed]
            body = (await client.get(farm.feed_url(feed))).text
        assert farm.items[-1].url in body
    finally:
        await farm.stop()


def test_answer_key_names_the_event_the_text_reports():
    import random

    rng = random.Random(3)
    stories = [make_story(rng, 0.5, "Monday") for _ in range(200)]
    with_event = [s for s in stories if s.expected]
    assert 60 < len(with_event) < 140
    for story in with_event:
        assert story.expected.topic == TOPICS[story.expected.type]
        assert story.expected.place in story.paragraphs[0]
    assert {s.expected.type for s in with_event} == set(TOPICS)


async def test_farm_fault_modes_hang_and_reset():
    farm = Farm(feeds=2, domains=2, rate=10, items=1, seed=4)
    await farm.start()
    try:
        farm.add_item(0)
        farm.faults[0] = "hang"
        farm.faults[1] = "reset"
        async with httpx.AsyncClient(timeout=1.0) as client:
            with pytest.raises(httpx.ReadTimeout):
                await client.get(farm.feed_url(farm.feeds[0]))
            with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError, httpx.ConnectError)):
                await client.get(farm.feed_url(farm.feeds[1]))
    finally:
        await farm.stop()


# ---------------------------------------------------------------------------------------------
# The pipeline under faults

FAST = {
    "NEWSALERT_MAX_POLL_INTERVAL": "5",  # backoff after a bad host stays short in tests
    "NEWSALERT_SHUTDOWN_TIMEOUT": "5",
}


@pytest.mark.timeout(300)
async def test_services_killed_at_random_lose_nothing(tmp_path):
    """SIGKILL each service at seeded random moments while 120 items are published."""
    opts = ChaosOptions(items=120, rate=3.0, feeds=6, domains=6, seed=6,
                        kill_every=(5.0, 10.0), down_for=(0.0, 2.0), settle=150.0, env=FAST)
    report = await run_chaos(opts, tmp_path)
    assert report["kills"], "the schedule killed nothing"
    details = {k: report[k] for k in ("kills_by_service", "articles", "alert_consistency",
                                      "articles_missing", "duplicates_allowed")}
    details["missing_alerts"] = report["alerts"]["missing"][:5]
    details["wrong_alerts"] = report["alerts"]["wrong"][:3]
    assert report["checks"]["every_item_an_article"], details
    assert report["checks"]["no_article_with_two_contents"], details
    assert report["checks"]["duplicates_explained_by_kills"], details
    assert report["checks"]["no_conflicting_revisions"], details
    assert report["checks"]["every_expected_alert"], details


class _Pipeline:
    """Broker, farm and the three service processes, for the tests below."""

    def __init__(self, tmp_path, **farm_options) -> None:
        self.tmp = tmp_path
        self.broker = EmbeddedBroker.start()
        self.farm = FarmProcess.start(tmp_path, **farm_options)
        group = f"faults-{uuid.uuid4().hex[:8]}"
        env = {"NEWSALERT_TOPIC_PARTITIONS": "3", **FAST}
        self.procs = [ServiceProcess.create(n, self.broker.bootstrap, self.farm.outlets, tmp_path,
                                            group, env) for n in SERVICES]
        self.collector = Collector(self.broker.bootstrap)

    async def start(self) -> None:
        for p in self.procs:
            p.start()
        for p in self.procs:
            await p.wait_ready()
        await self.collector.start()

    async def close(self) -> None:
        await self.collector.stop()
        for p in self.procs:
            p.terminate()
        self.farm.stop()
        self.broker.stop()

    def ledger(self) -> list[dict]:
        return self.farm.call("ledger")

    async def alerts_for(self, items: list[dict], timeout: float) -> dict:
        """Wait until every expected alert of ``items`` is present; the match report."""
        deadline = time.monotonic() + timeout
        while True:
            report = match_alerts(items, self.collector.alerts, check_country=False)
            if report["found"] == report["expected"] or time.monotonic() > deadline:
                return report
            await asyncio.sleep(1.0)

    async def readyz(self) -> list[int | None]:
        return [await p.readyz() for p in self.procs]


async def _until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not await predicate():
        assert time.monotonic() < deadline, f"{what}: not within {timeout}s"
        await asyncio.sleep(0.3)


async def _codes(pipeline: _Pipeline) -> dict[str, int | None]:
    return {p.name: await p.readyz() for p in pipeline.procs}


@pytest.mark.timeout(180)
async def test_every_service_not_ready_while_the_broker_is_down(tmp_path):
    pipeline = _Pipeline(tmp_path, feeds=2, domains=2, rate=1.0, items=20, seed=9)
    try:
        await pipeline.start()
        pipeline.farm.call("start")
        await asyncio.sleep(3)
        pipeline.broker.stop()
        deadline = time.monotonic() + 30
        codes = await _codes(pipeline)
        while time.monotonic() < deadline and set(codes.values()) != {503}:
            await asyncio.sleep(0.5)
            codes = await _codes(pipeline)
        assert set(codes.values()) == {503}, f"/readyz 30 s after the broker stopped: {codes}"
    finally:
        await pipeline.close()


@pytest.mark.timeout(300)
async def test_broker_restart_services_reconnect_and_carry_on(tmp_path):
    pipeline = _Pipeline(tmp_path, feeds=4, domains=2, rate=2.0, items=70, seed=7)
    try:
        await pipeline.start()
        pipeline.farm.call("start")
        await asyncio.sleep(10)
        pipeline.broker.stop()
        t_down = time.time()

        async def consumers_503() -> bool:
            codes = await _codes(pipeline)
            return codes["extractor"] == 503 and codes["publisher"] == 503

        await _until(consumers_503, 30, "extractor and publisher /readyz 503 (broker down)")
        await asyncio.sleep(5)
        assert await consumers_503(), "readiness came back while the broker was still down"
        pipeline.broker = EmbeddedBroker.start(port=pipeline.broker.port)

        async def all_200() -> bool:
            return set((await _codes(pipeline)).values()) == {200}

        await _until(all_200, 90, "/readyz of every service 200 after the broker came back")
        for p in pipeline.procs:
            assert p.popen.poll() is None, f"{p.name} exited: see {p.log}"
        await _until(lambda: _published(pipeline), 120, "the farm published every item")
        # Items that appeared after the broker went down cannot have been lost with it: the
        # fetcher must deliver them once it can (what was on the old broker went with it).
        later = {i["url"] for i in pipeline.ledger() if i["appeared"] > t_down}
        assert len(later) > 20
        # a reader that never saw the old broker, from the new log's first offset
        await pipeline.collector.stop()
        pipeline.collector = Collector(pipeline.broker.bootstrap)
        await pipeline.collector.start()

        async def later_delivered() -> bool:
            return later <= {a.url for a in pipeline.collector.articles}

        await _until(later_delivered, 90, "every item that appeared since the outage produced")
        # ... and each of them becomes its alert
        report = await pipeline.alerts_for(
            [i for i in pipeline.ledger() if i["url"] in later], timeout=90)
        assert report["expected"] > 0
        assert report["found"] == report["expected"], (
            f"{report['expected'] - report['found']} of {report['expected']} items produced "
            f"after the outage never became alerts: {report['missing'][:3]}")
    finally:
        await pipeline.close()


@pytest.mark.timeout(180)
async def test_extractor_skips_nothing_after_the_broker_returns_empty(tmp_path):
    from services.kernel.messages import Article, encode
    from services.kernel.settings import Settings
    from tests.integration.kafkatools import produce, read_topic

    broker = EmbeddedBroker.start()
    proc = ServiceProcess.create("extractor", broker.bootstrap, tmp_path / "none.yaml", tmp_path,
                                 f"skip-{uuid.uuid4().hex[:8]}",
                                 {"NEWSALERT_TOPIC_PARTITIONS": "3", **FAST})

    def articles(tag: str, n: int) -> list[tuple[bytes, bytes]]:
        out = []
        for i in range(n):
            a = Article(id=f"{tag}{i}", url=f"http://127.0.0.1/{tag}/{i}", outlet="o",
                        outlet_name="O", feed="f", title="Protest", language="en",
                        published="2026-11-22T07:00:00Z",
                        text=f"Thousands of protesters marched through {CITY[i % len(CITY)]} "
                             "on Sunday, demanding lower bread prices.")
            out.append((a.id.encode(), encode(a)))
        return out

    try:
        proc.start()
        await proc.wait_ready()
        settings = Settings.from_env({"KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap})
        await produce(settings, "news.articles", articles("before", 30))
        await read_topic(settings, "news.events", at_least=30, timeout=60, settle=1)
        broker.stop()

        async def extractor_is(code: int) -> bool:
            return await proc.readyz() == code

        await _until(lambda: extractor_is(503), 30, "extractor not ready while the broker is down")
        broker = EmbeddedBroker.start(port=broker.port)
        # what a producer had buffered lands first (as the fetcher's articles do)
        await produce(settings, "news.articles", articles("after", 30))
        await _until(lambda: extractor_is(200), 60, "extractor ready again")
        try:
            events = await read_topic(settings, "news.events", at_least=30, timeout=45, settle=3)
        except TimeoutError:  # not one event produced: the topic was never recreated
            events = []
        got = {orjson.loads(r.value)["article"]["id"] for r in events}
        assert got == {f"after{i}" for i in range(30)}, f"{30 - len(got)} of 30 skipped"
    finally:
        proc.terminate()
        broker.stop()


CITY = ("Khartoum", "Aleppo", "Mosul", "Benghazi", "Mogadishu", "Kano")


async def _published(pipeline: _Pipeline) -> bool:
    return bool((await asyncio.to_thread(pipeline.farm.call, "stats"))["finished"])


@pytest.mark.timeout(300)
async def test_hanging_and_resetting_hosts_do_not_stop_the_other_feeds(tmp_path):
    pipeline = _Pipeline(tmp_path, feeds=8, domains=4, rate=4.0, items=80, seed=8)
    try:
        await pipeline.start()
        pipeline.farm.call("fault", domain=0, mode="hang")
        pipeline.farm.call("fault", domain=1, mode="reset")
        pipeline.farm.call("start")
        await _until(lambda: _published(pipeline), 120, "the farm published every item")
        ledger = pipeline.ledger()
        healthy = [i for i in ledger if i["feed"] % 4 in (2, 3)]
        report = await pipeline.alerts_for(healthy, timeout=90)
        assert report["found"] == report["expected"], report["missing"][:5]
        for p in pipeline.procs:
            assert p.popen.poll() is None, f"{p.name} exited: see {p.log}"
        # Once the hosts behave again, their items come through too.
        pipeline.farm.call("fault", domain=0, mode="none")
        pipeline.farm.call("fault", domain=1, mode="none")
        sick = [i for i in ledger if i["feed"] % 4 in (0, 1)]
        report = await pipeline.alerts_for(sick, timeout=120)
        assert report["found"] == report["expected"], report["missing"][:5]
    finally:
        await pipeline.close()
