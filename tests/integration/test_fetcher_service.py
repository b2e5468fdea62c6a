"""The fetcher service on the real broker: restart without re-publishing, politeness in the loop.

Feeds are served by the programmable server of test_fetcher_http; host names that are not real
(``*.test``) are mapped to 127.0.0.1 by a resolver injected through ``Tuning``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import orjson

from services.fetcher.app import Tuning, build
from services.fetcher.polite import registrable_domain
from services.kernel import topics
from services.kernel.metrics import KernelMetrics, new_registry
from services.kernel.settings import Settings
from tests.integration.kafkatools import read_topic
from tests.integration.test_fetcher_http import STORY, FeedServer, page, rss, send, serving


async def loopback(host: str, port: int) -> list[str]:
    """Every name is 127.0.0.1 (the test server)."""
    return ["127.0.0.1"]


def outlets_yaml(tmp_path, feeds: dict[str, list[str]]) -> str:
    lines = ["outlets:"]
    for name, urls in feeds.items():
        lines += [f"  - name: {name}", "    country: IQ", "    language: en", "    feeds:"]
        lines += [f"      - {url}" for url in urls]
    path = tmp_path / "outlets.yaml"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


async def run_for(settings: Settings, tuning: Tuning,
                  until: Callable[[], Awaitable[bool]], timeout: float) -> None:
    """Start a fresh fetcher, run it until ``until()`` holds (or timeout), stop it cleanly."""
    registry = new_registry()
    service = build(settings, registry, KernelMetrics(registry), tuning)
    await service.start()
    assert service.readiness() == (True, "ok")
    task = asyncio.create_task(service.run())
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not await until():
            await asyncio.sleep(0.2)
    finally:
        service.request_stop()
        await asyncio.wait_for(task, 15)
        await service.stop()


def waiting(seconds: float) -> Callable[[], Awaitable[bool]]:
    deadline = time.monotonic() + seconds

    async def done() -> bool:
        return time.monotonic() >= deadline
    return done


async def test_restart_republishes_nothing_even_when_guids_change(settings, tmp_path):
    server = FeedServer()
    phase = {"n": 1}

    def feed(h) -> None:
        prefix = "g" if phase["n"] == 1 else "changed-g"
        send(h, 200, rss([("Crossing closed", "/a1", f"{prefix}1"),
                          ("Talks resume in the capital", "/a2", f"{prefix}2")]),
             {"Content-Type": "application/rss+xml", "ETag": f'"v{phase["n"]}"'})

    server.routes["/feed"] = feed
    server.routes["/a1"] = lambda h: send(h, 200, page("Crossing closed", STORY),
                                          {"Content-Type": "text/html; charset=utf-8"})
    server.routes["/a2"] = lambda h: send(h, 200, page("Talks resume", STORY[1:]),
                                          {"Content-Type": "text/html; charset=utf-8"})
    tuning = Tuning(domain_spacing=0.1, workers=1)
    with serving(server):
        settings = settings.replace(outlets_file=outlets_yaml(
            tmp_path, {"Tigris Wire": [server.url("/feed")]}))

        async def two_articles() -> bool:
            return len(await read_topic(settings, topics.ARTICLES, timeout=1, settle=0)) >= 2

        await run_for(settings, tuning, two_articles, timeout=30)
        first_run_hits = len(server.hits)
        phase["n"] = 2
        await run_for(settings, tuning, waiting(3.5), timeout=10)
        records = await read_topic(settings, topics.ARTICLES, at_least=2, timeout=5)
    articles = [orjson.loads(r.value) for r in records]
    assert sorted(a["title"] for a in articles) == ["Crossing closed",
                                                    "Talks resume in the capital"]
    assert {a["text_source"] for a in articles} == {"page"}
    assert all(a["country"] == "IQ" and a["fetched"].endswith("Z") for a in articles)
    assert all(r.key.decode() == a["id"] for r, a in zip(records, articles))
    second = [h for h in server.hits[first_run_hits:] if h.path == "/feed"]
    assert len(second) >= 2  # it polled again, on the 1 s interval, and found nothing new
    assert second[0].headers.get("if-none-match") == '"v1"'  # validators restored from Kafka


async def test_many_feeds_on_one_domain_are_spaced_and_others_not_blocked(settings, tmp_path):
    server = FeedServer()
    server.routes["/feed"] = lambda h: send(h, 200, rss([]), {"Content-Type": "text/xml"})
    urls = {
        "Alpha": [server.url("/feed", host=f"{n}.alpha.co.uk") for n in ("www", "feeds", "m")],
        "Beta": [server.url("/feed", host=f"{n}.beta.test") for n in ("www", "feeds", "m")],
    }
    spacing = 0.6
    tuning = Tuning(domain_spacing=spacing, workers=0, resolver=loopback)
    with serving(server):
        urls = {k: [u.replace(":0/", f":{server.port}/") for u in v] for k, v in urls.items()}
        settings = settings.replace(outlets_file=outlets_yaml(tmp_path, urls))
        await run_for(settings, tuning, waiting(3.0), timeout=10)
    by_domain: dict[str, list[float]] = {}
    for hit in server.hits:
        by_domain.setdefault(registrable_domain(f"http://{hit.host}/"), []).append(hit.at)
    assert set(by_domain) == {"alpha.co.uk", "beta.test"}
    for times in by_domain.values():
        assert len(times) >= 3
        gaps = [b - a for a, b in zip(times, times[1:])]
        assert min(gaps) >= spacing * 0.9, gaps


async def test_no_request_to_a_domain_before_its_retry_after(settings, tmp_path):
    server = FeedServer()
    calls = []

    def busy(h) -> None:
        calls.append(time.monotonic())
        if len(calls) == 1:
            send(h, 503, b"", {"Retry-After": "3"})
        else:
            send(h, 200, rss([]), {"Content-Type": "text/xml"})

    server.routes["/busy"] = busy
    server.routes["/calm"] = lambda h: send(h, 200, rss([]), {"Content-Type": "text/xml"})
    tuning = Tuning(domain_spacing=0.1, workers=0, resolver=loopback)
    with serving(server):
        settings = settings.replace(outlets_file=outlets_yaml(tmp_path, {
            "Busy": [server.url("/busy", host="www.busy.test")],
            "Busy sister": [server.url("/calm", host="feeds.busy.test")],
            "Calm": [server.url("/calm", host="www.calm.test")]}))
        await run_for(settings, tuning, waiting(5.0), timeout=12)
    first = calls[0]
    busy_domain = [h.at for h in server.hits if h.host.endswith("busy.test:%d" % server.port)]
    calm = [h.at for h in server.hits if h.host.startswith("www.calm.test")]
    assert all(t - first >= 2.9 or t <= first for t in busy_domain), busy_domain
    assert len(calls) >= 2  # tried again after the pause: never dropped
    assert any(first < t < first + 2.5 for t in calm)  # other domains carried on
