"""Where CPU-bound work (feed parsing, page extraction) runs: a small process pool.

feedparser (~15-20 ms a feed) and trafilatura (~5 ms a page) would stall the event loop and
leave the second core idle; a pool of worker processes keeps the loop free for I/O and uses
every core. ``Workers(0)`` runs the functions inline (unit tests, tiny deployments).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import select
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from services.fetcher.page import PageText

T = TypeVar("T")


WORKER_NICENESS = 10


def _warm(owner: int) -> None:
    """Lower the worker's CPU priority, tie its life to ``owner``'s, and load the heavy modules.

    The event loop process does the latency-sensitive work (HTTP for hundreds of feeds); when
    workers and loop compete for the cores, the loop should win and parsing wait a moment.
    """
    try:
        os.nice(WORKER_NICENESS)
    except OSError:
        pass
    threading.Thread(target=_exit_with, args=(owner,), name="owner-watch", daemon=True).start()
    import services.fetcher.preload  # noqa: F401


def _exit_with(owner: int) -> None:
    """Exit as soon as process ``owner`` (the fetcher) is gone.

    A worker is a child of the forkserver, not of the fetcher, and the pool's pipes do not tell
    it that the fetcher was SIGKILLed: without this, workers (and the forkserver, which waits for
    them) outlive it for ever wherever its process group is not killed with it.
    """
    try:
        handle = os.pidfd_open(owner)
    except (AttributeError, OSError):  # no pidfd (old kernel): look every second
        while _alive(owner):
            time.sleep(1.0)
    else:
        select.select([handle], [], [])
    os._exit(0)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, but belongs to someone else
        pass
    return True


def parse(body: bytes, headers: dict[str, str], url: str):  # noqa: ANN201 - ParsedFeed
    """Feed bytes → ParsedFeed, in a worker."""
    from services.fetcher.parse import parse_feed
    return parse_feed(body, headers, url)


def read_page(html: bytes, url: str, fallback_language: str, metadata: bool = True) -> PageText:
    """Page → PageText with language, in a worker (trafilatura and the language model are
    imported there only: the model alone is ~75 MB the event loop's process never pays)."""
    from services.fetcher.article import read_page as read
    return read(html, url, fallback_language, metadata)


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
            self._pool = ProcessPoolExecutor(self.size, mp_context=context, initializer=_warm,
                                             initargs=(os.getpid(),))
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
