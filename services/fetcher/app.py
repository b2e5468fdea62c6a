"""The fetcher service: wiring of outlets, schedule, politeness, HTTP, workers and Kafka.

start: topics ensured, ``news.feed-state`` read back (before the first poll), producer started.
run: one loop pops the next due feed from the heap, waits for a global slot and a domain slot
(re-queuing the feed for when its domain is free instead of holding a slot while waiting), and
polls it in a task. request_stop: no new polls; run returns when in-flight polls finished.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from dataclasses import dataclass

from aiokafka import AIOKafkaProducer
from prometheus_client import CollectorRegistry

from services.fetcher import outlets as outlets_file
from services.fetcher import schedule
from services.fetcher.fetch import Limits, new_client
from services.fetcher.guard import Resolver
from services.fetcher.metrics import FetcherMetrics
from services.fetcher.poll import ArticleSink, FeedRun, Poller, StateSink
from services.fetcher.polite import Politeness
from services.fetcher.state import FeedState, decode_state, encode_state
from services.fetcher.workers import Workers
from services.kernel import topics
from services.kernel.errors import BrokerUnavailable
from services.kernel.kafka import ConnectivityWatch, ensure_topics, new_producer, read_table
from services.kernel.messages import Article, encode
from services.kernel.metrics import KernelMetrics
from services.kernel.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Tuning:
    """Knobs that are not settings: tests and the bench change them, deployments need not."""

    global_concurrency: int = 64  # HTTP requests in flight, all domains together
    max_polls: int = 1024  # polls in progress (most wait for a domain slot or a worker)
    host_pools: int = 2000  # hosts whose keep-alive connections are kept (LRU beyond)
    per_domain: int = 2
    domain_spacing: float = 1.0
    workers: int | None = None
    limits: Limits = Limits()
    resolver: Resolver | None = None
    fetch_pages: bool = True


def build(settings: Settings, registry: CollectorRegistry, kernel_metrics: KernelMetrics,
          tuning: Tuning | None = None) -> FetcherService:
    """The fetcher for ``settings``; outlets from settings.outlets_file or the packaged list."""
    return FetcherService(settings, outlets_file.load(settings.outlets_file),
                          FetcherMetrics(registry), tuning or Tuning())


def feed_runs(outlets: list[outlets_file.Outlet], settings: Settings) -> list[FeedRun]:
    """One FeedRun per feed, bounded by settings and the outlet's own lower bound."""
    runs = []
    for outlet in outlets:
        lower = max(settings.poll_interval, outlet.poll_interval or 0.0)
        bounds = schedule.Bounds(lower, max(lower, settings.max_poll_interval))
        runs.extend(FeedRun(feed, outlet, bounds) for feed in outlet.feeds)
    return runs


class FetcherService:
    """Polls every feed on its schedule and produces articles to news.articles."""

    name = "fetcher"

    def __init__(self, settings: Settings, outlets: list[outlets_file.Outlet],
                 metrics: FetcherMetrics, tuning: Tuning) -> None:
        self.settings = settings
        self.metrics = metrics
        self.tuning = tuning
        self.runs = {run.feed.id: run for run in feed_runs(outlets, settings)}
        self.politeness = Politeness(tuning.per_domain, tuning.domain_spacing)
        for run in self.runs.values():
            if run.outlet.request_spacing:
                self.politeness.set_spacing(run.domain, run.outlet.request_spacing)
        self.schedule = schedule.Schedule()
        self._producer: AIOKafkaProducer | None = None
        self._watch: ConnectivityWatch | None = None
        self._poller: Poller | None = None
        self._workers = Workers(tuning.workers)
        self._stopping = asyncio.Event()
        self._restored = False
        self._closed = False
        self._tasks: set[asyncio.Task] = set()

    async def start(self) -> None:
        self._closed = False
        await ensure_topics(self.settings, (topics.ARTICLES, topics.FEED_STATE))
        table = await read_table(self.settings, topics.FEED_STATE)
        self._producer = new_producer(self.settings)
        await self._producer.start()
        self._watch = ConnectivityWatch(self._producer, self._recreate_topics)
        self._watch.start()
        self.prepare(table, self._produce_articles, self._produce_state)

    async def _recreate_topics(self) -> None:
        """After an outage the brokers may have lost everything (the embedded one does):
        every pipeline topic is recreated by whichever service reconnects first."""
        await ensure_topics(self.settings, topics.PIPELINE_TOPICS)

    def prepare(self, table: dict[bytes, bytes], articles: ArticleSink, states: StateSink
                ) -> None:
        """Restore ``table`` (feed id -> state) and plan first polls; the bench calls this
        directly with its own sinks instead of Kafka."""
        client = new_client(self.settings, self.tuning.limits, self.tuning.resolver,
                            max_connections=self.tuning.host_pools)
        self._poller = Poller(client, self.tuning.limits, self.politeness, self.metrics,
                              self._workers, articles, states, self.tuning.fetch_pages,
                              max_requests=self.tuning.global_concurrency)
        restored = self._restore(table)
        self._plan_first_polls()
        self._restored = True
        log.info("fetcher started: %d feeds, %d states restored", len(self.runs), restored)

    def _restore(self, table: dict[bytes, bytes]) -> int:
        assert self._poller is not None
        restored = 0
        for key, value in table.items():
            run = self.runs.get(key.decode("utf-8", "replace"))
            state = decode_state(value) if run else None
            if run and state:
                self._poller.restore(run, state)
                restored += 1
        for memory in self._poller.memory.values():
            memory.settle()
        return restored

    def _plan_first_polls(self) -> None:
        keys = list(self.runs)
        domains = {k: self.runs[k].domain for k in keys}
        offsets = schedule.first_polls(keys, domains, self.politeness.spacing_of, random.Random(),
                                       lambda key: self.runs[key].bounds.lower)
        now = time.monotonic()
        for key, offset in offsets.items():
            self.schedule.push(key, now + offset)

    async def run(self) -> None:
        assert self._poller is not None, "start() first"
        polls = asyncio.Semaphore(self.tuning.max_polls)
        while not self._stopping.is_set():
            if not self._kafka_connected():
                await self._sleep(0.5)  # polling now would only fail for want of Kafka
                continue
            due = self.schedule.next_due()
            wait = 1.0 if due is None else due - time.monotonic()
            if wait > 0:
                await self._sleep(min(wait, 1.0))
                continue
            await polls.acquire()
            await self._poller.requests.acquire()
            if self._stopping.is_set():
                self._poller.requests.release()
                polls.release()
                break
            self._dispatch(polls)
        await self._finish_in_flight()

    def _dispatch(self, polls: asyncio.Semaphore) -> None:
        """Start the next due feed if its domain is free; else re-queue it for when it is."""
        assert self._poller is not None
        _, key, since = self.schedule.pop(time.monotonic())
        run = self.runs[key]
        wait = self.politeness.try_acquire(run.domain)
        if wait > 0:
            self._poller.requests.release()
            polls.release()
            self.schedule.push(key, time.monotonic() + wait, since)
            return
        task = asyncio.create_task(self._poll(run, polls), name=f"poll-{key}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _poll(self, run: FeedRun, polls: asyncio.Semaphore) -> None:
        """Poll ``run`` and queue its next poll an interval after this one began: the time
        spent reading the new pages must not stretch the interval an item can wait unseen."""
        assert self._poller is not None
        started = time.monotonic()
        try:
            interval = await self._poller.poll(run, held=True)
        except Exception:  # noqa: BLE001 - never lose a feed to a bug in one poll
            log.exception("poll crashed", extra={"outlet": run.outlet.id, "feed": run.feed.id})
            interval = run.bounds.upper
        finally:
            polls.release()
        self.schedule.push(run.feed.id, started + interval)

    async def _sleep(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._stopping.wait(), seconds)
        except TimeoutError:
            pass

    async def _finish_in_flight(self) -> None:
        if self._tasks:
            log.info("finishing %d in-flight polls", len(self._tasks))
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def _kafka_connected(self) -> bool:
        return self._watch is None or self._watch.connected

    def _require_kafka(self) -> None:
        """Nothing is produced between an outage and the end of the reconnect work: a broker
        that came back empty holds, until its topics are recreated, a view of them in which
        acknowledged records were seen to vanish (Tansu; bench/README.md, Faults, 3)."""
        if not self._kafka_connected():
            raise BrokerUnavailable("Kafka unreachable: not producing until it is back")

    async def _produce_articles(self, articles: list[Article]) -> None:
        """Produce and wait for every acknowledgement (raises if any is refused)."""
        self._require_kafka()
        assert self._producer is not None
        sent = [await self._producer.send(topics.ARTICLES, key=a.id.encode(), value=encode(a))
                for a in articles]
        await asyncio.gather(*sent)

    async def _produce_state(self, feed_id: str, state: FeedState) -> None:
        self._require_kafka()
        assert self._producer is not None
        await self._producer.send_and_wait(topics.FEED_STATE, key=feed_id.encode(),
                                           value=encode_state(state))

    def request_stop(self) -> None:
        """No new polls; in-flight ones use feed text instead of waiting for more pages."""
        self._stopping.set()
        if self._poller is not None:
            self._poller.draining = True

    async def stop(self) -> None:
        """Flush and close; also called by the runner after a failed start, before a retry."""
        if self._closed:
            return
        self._closed = True
        if self._watch is not None:
            await self._watch.stop()
            self._watch = None
        if self._producer is not None:
            await self._producer.flush()
            await self._producer.stop()
            log.info("producer flushed and closed", extra={"service": self.name})
        if self._poller is not None:
            await self._poller.client.aclose()
        self._workers.close()
        self._producer = None

    def readiness(self) -> tuple[bool, str]:
        if self._stopping.is_set():
            return False, "shutting down"
        if not self._restored:
            return False, "restoring feed state"
        if not self._kafka_connected():
            return False, "Kafka unreachable"
        return True, "ok"
