"""One poll of one feed: fetch, parse (only what changed), de-duplicate, read pages, produce.

Kafka-free: articles and state go to two awaitable sinks, so the bench and ``feeds check`` run
the same code as the service. Order matters for at-least-once without duplicates: articles are
produced and acknowledged, then the feed's state (validators, seen items) is written; if
producing fails nothing is remembered and the next poll tries again.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from services.fetcher import delta, identity, schedule
from services.fetcher import workers as tasks
from services.fetcher.fetch import FetchResult, HttpClient, Limits, fetch
from services.fetcher.identity import Keys
from services.fetcher.metrics import FetcherMetrics
from services.fetcher.outlets import Feed, Outlet
from services.fetcher.page import PageText
from services.fetcher.parse import Item, ParsedFeed, epoch
from services.fetcher.polite import Politeness, registrable_domain
from services.fetcher.state import FeedState, OutletMemory
from services.fetcher.workers import Workers
from services.kernel.messages import Article

log = logging.getLogger(__name__)

ArticleSink = Callable[[list[Article]], Awaitable[None]]
StateSink = Callable[[str, FeedState], Awaitable[None]]


@dataclass
class FeedRun:
    """A feed as the scheduler sees it: its outlet, state, bounds and latest health."""

    feed: Feed
    outlet: Outlet
    bounds: schedule.Bounds
    state: FeedState = field(default_factory=FeedState)
    failures: int = 0
    status: str = "new"
    reason: str = ""
    items: int = 0
    newest: float | None = None
    interval: float = 0.0
    ttl: float | None = None
    cuttable: bool = True   # False once a cut of this feed failed to parse: read it whole

    @property
    def domain(self) -> str:
        return registrable_domain(self.feed.url)


@dataclass(frozen=True, slots=True)
class NewItem:
    item: Item
    keys: Keys


class Poller:
    """Everything one poll needs, shared by all feeds."""

    def __init__(self, client: HttpClient, limits: Limits, politeness: Politeness,
                 metrics: FetcherMetrics, workers: Workers, articles: ArticleSink,
                 states: StateSink, fetch_pages: bool = True, seed: int | None = None,
                 max_requests: int = 64) -> None:
        self.client = client
        self.requests = asyncio.Semaphore(max_requests)  # HTTP requests at once, all domains
        self.limits = limits
        self.politeness = politeness
        self.metrics = metrics
        self.workers = workers
        self.articles = articles
        self.states = states
        self.fetch_pages = fetch_pages
        self.memory: dict[str, OutletMemory] = {}
        self.rng = random.Random(seed)
        #: set when the service drains: in-flight polls stop fetching pages and finish fast
        self.draining = False

    def outlet_memory(self, outlet: str) -> OutletMemory:
        memory = self.memory.get(outlet)
        if memory is None:
            memory = self.memory[outlet] = OutletMemory()
        return memory

    def restore(self, run: FeedRun, state: FeedState) -> None:
        """Adopt a state read back from news.feed-state (before the first poll)."""
        run.state = state
        memory = self.outlet_memory(run.outlet.id)
        for keys in state.keys():
            memory.remember(keys)

    async def poll(self, run: FeedRun, held: bool = False) -> float:
        """Poll ``run`` once; return seconds until it is due again.

        ``held``: the caller (the scheduler) already took a request slot and the domain slot.
        """
        if not held:
            await self.requests.acquire()
            await self.politeness.acquire(run.domain)
        try:
            result = await fetch(self.client, run.feed.url, "feed", self.limits,
                                 run.state.validators())
        finally:
            self.politeness.release(run.domain)
            self.requests.release()
        self._count(run, "feed", result)
        if result.outcome not in ("2xx", "304"):
            return self._failed(run, result.outcome, result.reason, result)
        try:
            await self._changed(run, result)
        except Exception as exc:  # noqa: BLE001 - a failed poll is retried, never fatal
            return self._failed(run, "error", f"{type(exc).__name__}: {exc}", result)
        return self._succeeded(run, result)

    def _count(self, run: FeedRun, kind: str, result: FetchResult) -> None:
        self.metrics.requests.labels(run.outlet.id, kind, result.outcome).inc()
        self.metrics.duration.labels(kind).observe(result.seconds)
        if result.body and kind == "feed":
            self.metrics.feed_bytes.labels(run.outlet.id).inc(len(result.body))

    async def _changed(self, run: FeedRun, result: FetchResult) -> None:
        """Handle a 2xx: skip an unchanged body, else parse, produce new items, save state."""
        if result.outcome == "304":
            run.status = "304"
            return
        digest = hashlib.blake2b(result.body, digest_size=16).hexdigest()
        validators = {"etag": result.headers.get("etag", ""),
                      "last_modified": result.headers.get("last-modified", "")}
        if digest == run.state.body_hash:
            run.status = "unchanged"
            run.state = replace(run.state, **validators)
            return
        elements = delta.cut(result.body) if run.cuttable else None
        parsed = await self._parse(run, result, elements)
        if parsed is None:
            run.status = "unchanged items"  # only the head or the order of the items changed
        else:
            self._check_parse(run, parsed)
            await self._produce(run, parsed, result)
        if elements is not None:
            run.items = elements.count
        readable = parsed is None or not parsed.bozo or parsed.items
        run.state = replace(run.state, body_hash=digest if readable else "", **validators,
                            elements=elements.digests if elements is not None else b"")
        await self.states(run.feed.id, run.state)

    async def _parse(self, run: FeedRun, result: FetchResult,
                     elements: delta.ItemElements | None) -> ParsedFeed | None:
        """The feed, parsing only the item elements the last parse did not read (None: there
        are none); whole when it cannot be cut, or when the cut feed does not parse cleanly."""
        if elements is not None and run.state.elements:
            body, fresh = elements.without(run.state.elements)
            if not fresh:
                return None
            parsed = await self.workers.run(tasks.parse, body, result.headers, result.url)
            if not parsed.bozo:
                return parsed
            run.cuttable = False  # read this feed whole from now on
        return await self.workers.run(tasks.parse, result.body, result.headers, result.url)

    def _check_parse(self, run: FeedRun, parsed: ParsedFeed) -> None:
        run.items = len(parsed.items)
        run.status = "parsed"
        run.ttl = parsed.ttl
        if parsed.bozo:
            self.metrics.parse_errors.labels(run.outlet.id).inc()
            log.warning("feed not well formed: %s", parsed.problem, extra=_extra(
                run, parsed.problem, "bozo"))
            if not parsed.items:
                raise ValueError(f"unreadable feed: {parsed.problem}")

    async def _produce(self, run: FeedRun, parsed: ParsedFeed, result: FetchResult) -> None:
        memory = self.outlet_memory(run.outlet.id)
        known = set(run.state.keys())
        fresh, all_keys = self._new_items(run, parsed.items, memory, known)
        self._note_newest(run, parsed.items)
        try:
            await asyncio.gather(*(self._read_and_produce(run, n) for n in fresh))
        except BaseException:
            for new in fresh:  # not all produced: let the next poll (of any feed) try again
                memory.forget(new.keys)
            raise
        self.metrics.produced.labels(run.outlet.id).inc(len(fresh))
        for keys in all_keys:
            memory.remember(keys)
        times = [epoch(i.published) for i in parsed.items if i.published]
        run.state = run.state.with_items([k for k in all_keys if k not in known],
                                         [t for t in times if t is not None])

    def _new_items(self, run: FeedRun, items: tuple[Item, ...], memory: OutletMemory,
                   known: set[Keys]) -> tuple[list[NewItem], list[Keys]]:
        """Items never seen for the outlet. They are claimed in the outlet's memory at once,
        so a sibling feed polled meanwhile does not produce the same article; items this feed
        already had are skipped silently, the others counted by the key that matched."""
        fresh, all_keys = [], []
        for item in items:
            keys = identity.keys(item)
            all_keys.append(keys)
            if keys in known:
                continue
            reason = memory.seen(keys)
            if reason:
                self.metrics.deduplicated.labels(run.outlet.id, reason).inc()
            elif item.link or item.title:
                fresh.append(NewItem(item, keys))
            memory.remember(keys)
        return fresh, all_keys

    def _note_newest(self, run: FeedRun, items: tuple[Item, ...]) -> None:
        times = [t for t in (epoch(i.published) for i in items) if t is not None]
        if times:
            run.newest = max(times)
            self.metrics.newest_age.labels(run.outlet.id).set(max(0.0, time.time() - run.newest))

    async def _read_and_produce(self, run: FeedRun, new: NewItem) -> None:
        """Each article goes out as soon as its page is read: a poll that found several items
        does not hold the first until the last page (one a second per domain) has arrived."""
        await self.articles([await self._article(run, new)])

    async def _article(self, run: FeedRun, new: NewItem) -> Article:
        item = new.item
        fallback = run.feed.language or run.outlet.language
        wanted = self.fetch_pages and item.link and not self.draining
        # the page's metadata only where the feed left out what it would give
        metadata = not (item.title and item.published)
        page = await self._page(run, item.link, fallback, metadata) if wanted else None
        if page and page.text:
            text, language = page.text, page.language
        else:
            text = item.content or item.summary or item.title
            language = await self._language(text, fallback)
        return Article(
            id=identity.article_id(item, run.outlet.id),
            url=identity.canonical_url(item.link) if item.link else "",
            outlet=run.outlet.id, outlet_name=run.outlet.name, feed=run.feed.id,
            title=item.title or (page.title if page else ""), text=text,
            summary=item.summary, language=language or fallback,
            country=run.outlet.country,
            published=item.published or (page.published if page else None),
            fetched=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            text_source="page" if page and page.text else "feed",
        )

    async def _language(self, text: str, fallback: str) -> str:
        try:
            return await self.workers.run(tasks.language, text, fallback)
        except Exception:  # noqa: BLE001 - the outlet's language will do
            return fallback

    async def _page(self, run: FeedRun, url: str, fallback: str, metadata: bool
                    ) -> PageText | None:
        domain = registrable_domain(url)
        await self.politeness.acquire(domain)
        try:
            async with self.requests:
                result = await fetch(self.client, url, "page", self.limits)
        finally:
            self.politeness.release(domain)
        self._count(run, "page", result)
        if not result.ok:
            log.warning("page not fetched: %s", result.reason, extra=_extra(
                run, result.reason, result.status or result.outcome))
            self._pause_if_asked(run, result, domain)
            return None
        try:
            return await self.workers.run(tasks.read_page, result.body, result.url, fallback,
                                          metadata)
        except Exception as exc:  # noqa: BLE001 - a page that kills its worker: use feed text
            log.warning("page not read: %s", exc, extra=_extra(run, repr(exc), "extract"))
            return None

    def _succeeded(self, run: FeedRun, result: FetchResult) -> float:
        if run.failures:
            run.failures = 0
            self.metrics.in_backoff.dec()
        run.reason = ""
        if result.outcome == "304":
            run.status = "304"
        hint = schedule.server_hint(result.headers, run.ttl)
        run.interval = schedule.next_interval(run.state.item_times, run.bounds, hint, self.rng)
        return run.interval

    def _failed(self, run: FeedRun, outcome: str, reason: str, result: FetchResult) -> float:
        if not run.failures:
            self.metrics.in_backoff.inc()
        run.failures += 1
        run.status, run.reason = outcome, reason
        self._pause_if_asked(run, result, run.domain)
        run.interval = schedule.backoff(run.failures, run.bounds, self.rng, result.retry_after)
        log.warning("feed poll failed: %s", reason, extra=_extra(
            run, reason, result.status or outcome, failures=run.failures,
            retry_in=round(run.interval, 1)))
        return run.interval

    def _pause_if_asked(self, run: FeedRun, result: FetchResult, domain: str) -> None:
        if result.status in (429, 503) and result.retry_after:
            self.politeness.pause(domain, result.retry_after)
            log.info("domain paused for %.0fs (Retry-After)", result.retry_after,
                     extra=_extra(run, "retry-after", result.status))


def _extra(run: FeedRun, reason: str, status: object, **more: object) -> dict[str, object]:
    return {"outlet": run.outlet.id, "feed": run.feed.id, "reason": reason, "status": status,
            **more}
