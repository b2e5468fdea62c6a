"""Where CPU-bound work (feed parsing, page extraction) runs: a small process pool.

feedparser (~15-20 ms a feed) and trafilatura (~5 ms a page) would stall the event loop and
leave the second core idle; a pool of worker processes keeps the loop free for I/O and uses
every core. ``Workers(0)`` runs the functions inline (unit tests, tiny deployments).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")


WORKER_NICENESS = 10


def _warm() -> None:
    """Lower the worker's CPU priority and make sure it has the heavy modules.

    The event loop process does the latency-sensitive work (HTTP for hundreds of feeds); when
    workers and loop compete for the cores, the loop should win and parsing wait a moment.
    """
    try:
        os.nice(WORKER_NICENESS)
    except OSError:
        pass
    import services.fetcher.preload  # noqa: F401


def parse(body: bytes, headers: dict[str, str], url: str):  # noqa: ANN201 - ParsedFeed
    """Feed bytes → ParsedFeed, in a worker."""
    from services.fetcher.parse import parse_feed
    return parse_feed(body, headers, url)


def read_page(html: bytes, url: str, fallback_language: str):  # noqa: ANN201 - PageText
    """Page → PageText with language, in a worker (trafilatura and the language model are
    imported there only: the model alone is ~100 MB the event loop's process never pays)."""
    from services.fetcher.article import read_page as read
    return read(html, url, fallback_language)


def language(text: str, fallback: str) -> str:
    """Language of feed text, in a worker."""
    from services.fetcher.article import detect_language
    return detect_language(text, fallback)


def default_size() -> int:
    return max(1, min(4, os.cpu_count() or 1))


class Workers:
    """A process pool (``size`` > 0) or inline execution (``size`` == 0)."""

    def __init__(self, size: int | None = None) -> None:
        self.size = default_size() if size is None else size
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["services.fetcher.preload"])
            self._pool = ProcessPoolExecutor(self.size, mp_context=context, initializer=_warm)
        return self._pool

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker. A worker that died (a hostile page can crash lxml) breaks
        the whole pool: the pool is then replaced, so only the task that broke it fails."""
        if self.size == 0:
            return fn(*args)
        loop = asyncio.get_running_loop()
        pool = self._executor()
        try:
            return await loop.run_in_executor(pool, fn, *args)
        except BrokenProcessPool:
            if self._pool is pool:
                self._pool = None
                pool.shutdown(wait=False, cancel_futures=True)
            raise

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
