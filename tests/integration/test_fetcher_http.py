"""The fetcher against a misbehaving HTTP server on loopback, proven from the server's side.

Each test programs routes on a real threaded HTTP server and checks what the server received
(headers, hops, timing) and what the fetcher made of it. No broker here: the poller's sinks are
plain lists (the service-level tests with Kafka are in test_fetcher_service.py).
"""

from __future__ import annotations

import asyncio
import email.utils
import gzip
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from services.fetcher.fetch import Limits, fetch, new_client
from services.fetcher.metrics import FetcherMetrics
from services.fetcher.outlets import Feed, Outlet
from services.fetcher.poll import FeedRun, Poller
from services.fetcher.polite import Politeness
from services.fetcher.schedule import Bounds
from services.fetcher.state import FeedState, decode_state, encode_state
from services.fetcher.workers import Workers
from services.kernel.messages import Article
from services.kernel.metrics import new_registry
from services.kernel.settings import Settings

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Hit:
    """One request as the server saw it."""

    at: float
    host: str
    path: str
    headers: dict[str, str]
    peer: int = 0  # the client's port: one per TCP connection


@dataclass
class FeedServer:
    """A programmable HTTP server: ``routes`` by path, every request recorded in ``hits``."""

    host: str = "127.0.0.1"
    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    port: int = 0

    def url(self, path: str, host: str | None = None) -> str:
        return f"http://{host or self.host}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [h.path for h in self.hits]


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"",
         headers: dict[str, str] | None = None) -> None:
    """Write a complete response."""
    handler.send_response(status)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@contextmanager
def serving(server: FeedServer) -> Iterator[FeedServer]:
    """Run ``server`` on a free port of its host for the duration of the block."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            server.hits.append(Hit(time.monotonic(), self.headers.get("Host", ""), self.path,
                                   {k.lower(): v for k, v in self.headers.items()},
                                   self.client_address[1]))
            route = server.routes.get(self.path)
            if route is None:
                send(self, 404, b"not here", {"Content-Type": "text/plain"})
                return
            try:
                route(self)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer((server.host, 0), Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    server.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()


def rss(items: list[tuple[str, str, str]], encoding: str = "utf-8", declared: str = "utf-8",
        extra: str = "", published: str = "Sun, 29 Nov 2026 08:00:00 GMT") -> bytes:
    """An RSS 2.0 feed of (title, link, guid) items, encoded as asked."""
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{g}</guid>"
        f"<pubDate>{published}</pubDate><description>{t}. {LEAD}</description>"
        f"</item>" for t, link, g in items)
    text = (f'<?xml version="1.0" encoding="{declared}"?>{extra}<rss version="2.0"><channel>'
            f"<title>Test wire</title><link>http://example.org/</link>{entries}</channel></rss>")
    return text.encode(encoding)


LEAD = ("Officials said the crossing would stay shut until further notice while talks "
        "between the two governments continued")


def page(title: str, paragraphs: list[str], lang: str = "en", charset: str = "utf-8") -> bytes:
    """An article page with navigation, the story and a footer."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="{charset}">'
            f'<title>{title}</title><meta property="article:published_time" '
            f'content="2026-11-29T07:30:00Z"></head><body><nav><a href="/">Home</a></nav>'
            f"<article><h1>{title}</h1>{body}</article><footer>All rights reserved.</footer>"
            f"</body></html>").encode(charset)


STORY = [
    "Authorities in the border province said on Sunday that the main crossing had been closed "
    "to travellers and trucks after a night of shelling near the frontier town.",
    "A spokesman for the provincial council said several hundred families had left the area "
    "and that schools would stay shut for the rest of the week.",
    "Aid groups warned that the closure would delay convoys carrying food and medicine.",
]


class Collected:
    """The poller's two sinks, recording what would have gone to Kafka."""

    def __init__(self) -> None:
        self.articles: list[Article] = []
        self.states: dict[str, object] = {}

    async def produce(self, articles: list[Article]) -> None:
        self.articles.extend(articles)

    async def save(self, feed_id: str, state: object) -> None:
        self.states[feed_id] = state


def allow(*networks: str) -> Settings:
    return Settings(allow_networks=networks, user_agent_contact="ops@example.org")


@contextmanager
def poller_for(settings: Settings, limits: Limits = Limits(), spacing: float = 0.0
               ) -> Iterator[tuple[Poller, Collected]]:
    sink = Collected()
    metrics = FetcherMetrics(new_registry())
    poller = Poller(new_client(settings, limits), limits, Politeness(2, spacing), metrics,
                    Workers(0), sink.produce, sink.save)
    yield poller, sink


def feed_run(url: str, outlet: str = "wire", language: str = "en") -> FeedRun:
    feed = Feed(f"feed-{abs(hash(url)) % 10**8}", url, outlet)
    return FeedRun(feed, Outlet(outlet, "Test Wire", "IQ", language, (feed,)), Bounds(1, 60))


# --- conditional GET -------------------------------------------------------------------------

async def test_fetch_sends_validators_and_a_304_costs_no_parsing(monkeypatch):
    server = FeedServer()
    body = rss([("Crossing closed", "/a1", "g1")])

    def feed(h: BaseHTTPRequestHandler) -> None:
        if h.headers.get("If-None-Match") == '"v1"':
            send(h, 304, headers={"ETag": '"v1"'})
        else:
            send(h, 200, body, {"Content-Type": "application/rss+xml", "ETag": '"v1"',
                                "Last-Modified": "Sun, 29 Nov 2026 08:00:00 GMT"})

    server.routes.update({"/feed": feed, "/a1": lambda h: send(
        h, 200, page("Crossing closed", STORY), {"Content-Type": "text/html"})})
    parses = []
    import services.fetcher.workers as tasks
    real_parse = tasks.parse
    monkeypatch.setattr(tasks, "parse", lambda *a: parses.append(1) or real_parse(*a))
    with serving(server), poller_for(allow("127.0.0.1/32")) as (poller, sink):
        run = feed_run(server.url("/feed"))
        await poller.poll(run)
        await poller.poll(run)
        await poller.client.aclose()
    feed_hits = [h for h in server.hits if h.path == "/feed"]
    assert feed_hits[1].headers["if-none-match"] == '"v1"'
    assert feed_hits[1].headers["if-modified-since"] == "Sun, 29 Nov 2026 08:00:00 GMT"
    assert "ops@example.org" in feed_hits[0].headers["user-agent"]
    assert len(parses) == 1 and run.status == "304"
    assert [a.title for a in sink.articles] == ["Crossing closed"]
    assert sink.articles[0].text_source == "page"


async def test_unchanged_body_without_validators_is_not_parsed_again(monkeypatch):
    server = FeedServer()
    body = rss([("Crossing closed", "/a1", "g1")])
    server.routes["/feed"] = lambda h: send(h, 200, body, {"Content-Type": "text/xml"})
    parses = []
    import services.fetcher.workers as tasks
    real_parse = tasks.parse
    monkeypatch.setattr(tasks, "parse", lambda *a: parses.append(1) or real_parse(*a))
    with serving(server), poller_for(allow("127.0.0.1/32")) as (poller, sink):
        run = feed_run(server.url("/feed"))
        await poller.poll(run)
        await poller.poll(run)
        await poller.client.aclose()
    assert len(parses) == 1 and run.status == "unchanged"
    assert len(sink.articles) == 1 and sink.articles[0].text_source == "feed"


async def test_changed_feed_parses_only_its_new_items(monkeypatch):
    server = FeedServer()
    items = [("Convoy turned back at the frontier", "/a2", "g2"),
             ("Crossing closed", "/a1", "g1")]
    bodies = [rss(items[1:]), rss(items), rss(items, extra="<!-- rebuilt -->")]
    server.routes["/feed"] = lambda h: send(h, 200, bodies[min(len(parsed), 2)],
                                            {"Content-Type": "text/xml"})
    parsed: list[int] = []
    import services.fetcher.workers as tasks
    real_parse = tasks.parse

    def counting_parse(*args):
        feed = real_parse(*args)
        parsed.append(len(feed.items))
        return feed

    monkeypatch.setattr(tasks, "parse", counting_parse)
    with serving(server), poller_for(allow("127.0.0.1/32")) as (poller, sink):
        run = feed_run(server.url("/feed"))
        for _ in range(3):
            await poller.poll(run)
        await poller.client.aclose()
    assert parsed == [1, 1]  # the second poll read the new item alone; the third, nothing
    assert [a.title for a in sink.articles] == ["Crossing closed",
                                                "Convoy turned back at the frontier"]
    assert run.status == "unchanged items" and run.items == 2


async def test_after_a_restart_a_changed_feed_still_parses_only_its_new_items(monkeypatch):
    server = FeedServer()
    items = [("Convoy turned back at the frontier", "/a2", "g2"),
             ("Crossing closed", "/a1", "g1")]
    bodies = [rss(items[1:]), rss(items)]
    server.routes["/feed"] = lambda h: send(h, 200, bodies[min(len(parsed), 1)],
                                            {"Content-Type": "text/xml"})
    parsed: list[int] = []
    import services.fetcher.workers as tasks
    real_parse = tasks.parse
    monkeypatch.setattr(tasks, "parse", lambda *a: parsed.append(len(real_parse(*a).items))
                        or real_parse(*a))
    saved: list[FeedState] = []
    with serving(server):
        with poller_for(allow("127.0.0.1/32")) as (poller, sink):
            run = feed_run(server.url("/feed"))
            await poller.poll(run)
            saved.append(decode_state(encode_state(run.state)))   # as news.feed-state keeps it
            await poller.client.aclose()
        with poller_for(allow("127.0.0.1/32")) as (poller, sink):
            run = feed_run(server.url("/feed"))
            poller.restore(run, saved[0])
            await poller.poll(run)
            await poller.client.aclose()
    assert parsed == [1, 1]  # the restarted fetcher read the new item alone
    assert [a.title for a in sink.articles] == ["Convoy turned back at the frontier"]


async def test_user_agent_sent_and_no_cookie_carried_from_one_request_to_the_next():
    server = FeedServer()
    server.routes["/feed"] = lambda h: send(h, 200, b"<rss version=\"2.0\"><channel/></rss>", {
        "Content-Type": "application/rss+xml", "Set-Cookie": "session=abc123; Path=/"})
    with serving(server):
        async with new_client(allow("127.0.0.1/32")) as client:
            for _ in range(2):
                result = await fetch(client, server.url("/feed"), "feed", Limits())
                assert result.ok
    assert [h.headers.get("cookie") for h in server.hits] == [None, None]
    assert all(h.headers["user-agent"].startswith("newsalert/") for h in server.hits)


# --- limits ------------------------------------------------------------------------------------

async def test_gzip_bomb_stops_at_the_cap_with_memory_flat():
    bomb = gzip.compress(b"\0" * (200 * 1024 * 1024), compresslevel=9)
    server = FeedServer()
    server.routes["/bomb"] = lambda h: send(h, 200, bomb, {
        "Content-Type": "application/rss+xml", "Content-Encoding": "gzip"})
    with serving(server):
        async with new_client(allow("127.0.0.1/32")) as client:
            tracemalloc.start()
            result = await fetch(client, server.url("/bomb"), "feed", Limits())
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
    assert result.outcome == "too_large"
    assert peak < 40 * 1024 * 1024  # the 10 MB cap plus one bounded step, not 200 MB


async def test_endless_body_is_cut_at_the_cap():
    sent = []

    def endless(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        chunk = b"<p>" + b"x" * 65536 + b"</p>"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent.append(len(chunk))

    server = FeedServer()
    server.routes["/page"] = endless
    with serving(server):
        async with new_client(allow("127.0.0.1/32")) as client:
            tracemalloc.start()
            result = await fetch(client, server.url("/page"), "page", Limits())
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
    assert result.outcome == "too_large"
    assert peak < 3 * Limits().page_max_bytes
    assert sum(sent) < 100 * 1024 * 1024


async def test_redirect_loop_and_long_chains_are_stopped():
    server = FeedServer()
    server.routes["/loop-a"] = lambda h: send(h, 302, headers={"Location": "/loop-b"})
    server.routes["/loop-b"] = lambda h: send(h, 302, headers={"Location": "/loop-a"})
    for n in range(10):
        server.routes[f"/hop{n}"] = lambda h, n=n: send(h, 301, headers={
            "Location": f"/hop{n + 1}"})
    with serving(server):
        async with new_client(allow("127.0.0.1/32")) as client:
            loop = await fetch(client, server.url("/loop-a"), "feed", Limits())
            chain = await fetch(client, server.url("/hop0"), "feed", Limits())
    assert loop.outcome == "error" and "loop" in loop.reason
    assert chain.outcome == "error" and "redirects" in chain.reason
    assert server.paths().count("/loop-a") == 1
    assert len([p for p in server.paths() if p.startswith("/hop")]) == 6


async def test_slow_server_times_out():
    def slow(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        for _ in range(50):
            h.wfile.write(b" ")
            h.wfile.flush()
            time.sleep(0.1)

    server = FeedServer()
    server.routes["/slow"] = slow
    server.routes["/silent"] = lambda h: time.sleep(3)
    limits = Limits(read_timeout=0.5, total_timeout=1.0)
    with serving(server):
        async with new_client(allow("127.0.0.1/32"), limits) as client:
            trickle = await fetch(client, server.url("/slow"), "feed", limits)
            silent = await fetch(client, server.url("/silent"), "feed", limits)
    assert trickle.outcome == "timeout" and silent.outcome == "timeout"
    assert trickle.seconds < 3 and silent.seconds < 3


async def test_image_is_refused_as_a_feed_and_json_as_a_page():
    server = FeedServer()
    server.routes["/img"] = lambda h: send(h, 200, b"\x89PNG....", {"Content-Type": "image/png"})
    server.routes["/api"] = lambda h: send(h, 200, b"{}", {"Content-Type": "application/json"})
    with serving(server):
        async with new_client(allow("127.0.0.1/32")) as client:
            image = await fetch(client, server.url("/img"), "feed", Limits())
            api = await fetch(client, server.url("/api"), "page", Limits())
    assert image.outcome == "error" and "image/png" in image.reason
    assert api.outcome == "error" and "application/json" in api.reason


# --- address guard -----------------------------------------------------------------------------

async def test_redirects_to_loopback_and_metadata_addresses_are_refused():
    inner = FeedServer(host="127.0.0.1")
    inner.routes["/secret"] = lambda h: send(h, 200, b"<rss/>", {"Content-Type": "text/xml"})
    outer = FeedServer(host="127.0.0.2")
    with serving(inner), serving(outer):
        outer.routes["/to-loopback"] = lambda h: send(h, 302, headers={
            "Location": inner.url("/secret")})
        outer.routes["/to-localhost"] = lambda h: send(h, 302, headers={
            "Location": inner.url("/secret", host="localhost")})
        outer.routes["/to-metadata"] = lambda h: send(h, 302, headers={
            "Location": "http://169.254.169.254/latest/meta-data/"})
        outer.routes["/ok"] = lambda h: send(h, 200, b"<rss/>", {"Content-Type": "text/xml"})
        async with new_client(allow("127.0.0.2/32")) as client:
            results = {p: await fetch(client, outer.url(p), "feed", Limits())
                       for p in ("/to-loopback", "/to-localhost", "/to-metadata", "/ok")}
        async with new_client(Settings(allow_private_networks=True)) as client:
            opened = await fetch(client, outer.url("/to-loopback"), "feed", Limits())
    assert results["/ok"].outcome == "2xx"
    for path in ("/to-loopback", "/to-localhost", "/to-metadata"):
        assert results[path].outcome == "refused", results[path]
    assert "link_local" in results["/to-metadata"].reason
    assert opened.outcome == "2xx" and inner.paths() == ["/secret"]


async def test_loopback_feed_is_refused_by_default_counted_and_logged(caplog):
    server = FeedServer()
    server.routes["/feed"] = lambda h: send(h, 200, rss([]), {"Content-Type": "text/xml"})
    with serving(server), poller_for(Settings()) as (poller, _):
        run = feed_run(server.url("/feed"))
        await poller.poll(run)
        await poller.client.aclose()
    assert server.hits == []
    assert run.status == "refused" and run.failures == 1
    counted = poller.metrics.requests.labels("wire", "feed", "refused")._value.get()
    assert counted == 1
    [record] = [r for r in caplog.records if r.name == "services.fetcher.poll"]
    assert record.outlet == "wire" and record.feed == run.feed.id
    assert record.status == "refused" and "loopback address 127.0.0.1" in record.reason


async def test_host_pools_keep_alive_and_close_the_least_recent_beyond_the_cap():
    server = FeedServer()
    server.routes["/feed"] = lambda h: send(h, 304, headers={"ETag": '"v1"'})
    with serving(server):
        async with new_client(allow("127.0.0.0/8"), max_connections=1) as client:
            for _ in range(3):
                await fetch(client, server.url("/feed"), "feed", Limits())
            pools = client._transport._pools
            assert len(pools) == 1
            await fetch(client, server.url("/feed", host="localhost"), "feed", Limits())
            assert [k[1] for k in pools] == [b"localhost"]
    assert len(server.hits) == 4
    assert len({h.peer for h in server.hits[:3]}) == 1  # 304s left the connection reusable


# --- parsing -------------------------------------------------------------------------------------

async def test_windows_1256_arabic_feed_declared_as_utf8_is_read():
    title = "إغلاق المعبر الحدودي بعد قصف ليلي"
    story = ["قالت السلطات في المحافظة الحدودية يوم الأحد إن المعبر الرئيسي أغلق أمام "
             "المسافرين والشاحنات بعد ليلة من القصف قرب البلدة الحدودية.",
             "وأضاف متحدث باسم مجلس المحافظة أن مئات العائلات غادرت المنطقة."]
    server = FeedServer()
    server.routes["/feed"] = lambda h: send(h, 200, rss(
        [(title, "/ar1", "ar-1")], encoding="windows-1256", declared="utf-8"),
        {"Content-Type": "application/rss+xml; charset=utf-8"})
    server.routes["/ar1"] = lambda h: send(h, 200, page(title, story, "ar", "windows-1256"),
                                           {"Content-Type": "text/html"})
    with serving(server), poller_for(allow("127.0.0.1/32")) as (poller, sink):
        await poller.poll(feed_run(server.url("/feed"), language="en"))
        await poller.client.aclose()
    [article] = sink.articles
    assert article.title == title
    assert article.language == "ar"
    assert "المعبر" in article.text


@pytest.mark.timeout(20)
async def test_billion_laughs_feed_costs_nothing():
    laughs = ('<!DOCTYPE rss [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">'
                        for i in range(1, 10)).replace("&lol0;", "&lol;")
              + '<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
    body = rss([("&lol9; &xxe;", "/x1", "x1"), ("Plain title", "/x2", "x2")], extra=laughs)
    server = FeedServer()
    server.routes["/feed"] = lambda h: send(h, 200, body, {"Content-Type": "text/xml"})
    with serving(server), poller_for(allow("127.0.0.1/32")) as (poller, sink):
        poller.fetch_pages = False
        await poller.poll(feed_run(server.url("/feed")))
        await poller.client.aclose()
    titles = " ".join(a.title for a in sink.articles)
    assert "lollollol" not in titles and "root:" not in titles
    assert "Plain title" in titles


# --- identity ------------------------------------------------------------------------------------

async def test_guid_and_tracking_changes_are_not_republished():
    server = FeedServer()
    first = rss([("Crossing closed", "/a1", "g1"), ("Talks resume", "/a2", "g2")])
    second = rss([("Crossing closed", "/a1?utm_source=rss&amp;fbclid=zz#top", "new-g1"),
                  ("Talks resume", "/moved/a2", "new-g2"),
                  ("Convoy reaches the city", "/a3", "g3")])
    bodies = [first, second]
    server.routes["/feed"] = lambda h: send(h, 200, bodies[0] if len(
        [x for x in server.hits if x.path == "/feed"]) == 1 else bodies[1],
        {"Content-Type": "application/rss+xml"})
    with serving(server), poller_for(allow("127.0.0.1/32")) as (poller, sink):
        poller.fetch_pages = False
        run = feed_run(server.url("/feed"))
        await poller.poll(run)
        await poller.poll(run)
        await poller.client.aclose()
    assert [a.title for a in sink.articles] == ["Crossing closed", "Talks resume",
                                                "Convoy reaches the city"]
    dedup = poller.metrics.deduplicated
    assert dedup.labels("wire", "link")._value.get() == 1
    assert dedup.labels("wire", "fingerprint")._value.get() == 1


async def test_same_article_in_two_feeds_of_one_outlet_is_one_article():
    server = FeedServer()
    body = rss([("Crossing closed", "/a1", "g1")])
    server.routes["/world"] = lambda h: send(h, 200, body, {"Content-Type": "text/xml"})
    server.routes["/mideast"] = lambda h: send(h, 200, body, {"Content-Type": "text/xml"})
    server.routes["/a1"] = lambda h: send(h, 200, page("Crossing closed", STORY),
                                          {"Content-Type": "text/html"})
    with serving(server), poller_for(allow("127.0.0.1/32")) as (poller, sink):
        world, mideast = feed_run(server.url("/world")), feed_run(server.url("/mideast"))
        await asyncio.gather(poller.poll(world), poller.poll(mideast))
        world.state = FeedState().with_items(list(world.state.keys()), [])  # parse again
        await poller.poll(world)  # its own items again: skipped without counting
        await poller.client.aclose()
    assert len(sink.articles) == 1
    assert server.paths().count("/a1") == 1
    assert poller.metrics.deduplicated.labels("wire", "guid")._value.get() == 1


# --- politeness ----------------------------------------------------------------------------------

async def test_retry_after_pauses_the_domain_and_backs_off():
    server = FeedServer()
    server.routes["/busy"] = lambda h: send(h, 429, b"", {"Retry-After": "2"})
    server.routes["/other"] = lambda h: send(h, 200, rss([]), {"Content-Type": "text/xml"})
    with serving(server), poller_for(allow("127.0.0.1/32")) as (poller, _):
        busy = feed_run(server.url("/busy"))
        wait = await poller.poll(busy)
        started = time.monotonic()
        await poller.poll(feed_run(server.url("/other")))
        waited = time.monotonic() - started
        await poller.client.aclose()
    assert wait >= 2 and busy.status == "429"
    hits = {h.path: h.at for h in server.hits}
    assert hits["/other"] - hits["/busy"] >= 1.9
    assert waited >= 1.5
    assert poller.metrics.in_backoff._value.get() == 1


# --- at least once, and feed health ----------------------------------------------------------------

async def test_articles_not_acknowledged_are_not_remembered_and_come_again():
    server = FeedServer()
    server.routes["/feed"] = lambda h: send(h, 200, rss([("Crossing closed", "/a1", "g1")]),
                                            {"Content-Type": "text/xml", "ETag": '"v1"'})
    with serving(server), poller_for(allow("127.0.0.1/32")) as (poller, sink):
        poller.fetch_pages = False

        async def broker_down(articles) -> None:
            raise ConnectionError("broker unreachable")

        produce, poller.articles = poller.articles, broker_down
        run = feed_run(server.url("/feed"))
        await poller.poll(run)
        assert run.failures == 1 and sink.states == {} and run.state.etag == ""
        poller.articles = produce
        await poller.poll(run)
        await poller.client.aclose()
    assert [a.title for a in sink.articles] == ["Crossing closed"]
    assert run.failures == 0 and run.state.etag == '"v1"' and run.feed.id in sink.states
    assert "if-none-match" not in server.hits[1].headers  # validators kept only after the ack


def test_feeds_check_prints_health_of_each_feed(tmp_path, monkeypatch, capsys):
    from services.fetcher.feeds_cmd import main as feeds_main

    server = FeedServer()
    three_hours_ago = email.utils.format_datetime(datetime.now(UTC) - timedelta(hours=3),
                                                  usegmt=True)
    feed = rss([("Crossing closed", "/a1", "g1")], published=three_hours_ago)
    server.routes["/good"] = lambda h: send(h, 200, feed, {
        "Content-Type": "text/xml", "ETag": '"v1"', "Cache-Control": "max-age=600"})
    server.routes["/gone"] = lambda h: send(h, 410, b"gone", {"Content-Type": "text/plain"})
    with serving(server):
        path = tmp_path / "o.yaml"
        path.write_text(f"outlets:\n  - name: Tigris Wire\n    country: IQ\n    feeds:\n"
                        f"      - {server.url('/good')}\n      - {server.url('/gone')}\n")
        monkeypatch.setenv("NEWSALERT_ALLOW_NETWORKS", "127.0.0.1/32")
        code = feeds_main(["check", str(path), "--timeout", "5"])
    out = capsys.readouterr().out.splitlines()
    good = next(line for line in out if line.rstrip().endswith("/good"))
    gone = next(line for line in out if line.rstrip().endswith("/gone"))
    assert code == 1  # one feed is unhealthy
    assert good.split()[1:6] == ["200", "1", "3h", "E", "10m"]  # max-age raised next poll
    assert gone.split()[1] == "410" and "HTTP 410" in gone
