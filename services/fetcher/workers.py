"""Where CPU-bound work (feed parsing, page extraction) runs: a small pool of worker processes.

trafilatura (~2-5 ms a page) and feed parsing would stall the event loop and leave the second
core idle; worker processes keep the loop free for I/O and use every core. ``Workers(0)`` runs
the functions inline (unit tests, tiny deployments).

The pool is not ``ProcessPoolExecutor``: that hands every task through a feeder thread, a call
queue with locks and a management thread, which at a few hundred pages a second cost the event
loop's process as much CPU as its HTTP did (py-spy, bench/e2e_bench.py --profile). Here each
worker has one socket pair; the loop writes a task to an idle worker (and a small one behind
it, so the worker never waits for the loop between two tasks) and reads the answers when the
socket is readable, on its own thread. A worker that dies (a hostile page can crash lxml) fails
only the tasks it held, and is replaced when next needed.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import multiprocessing
import os
import pickle
import select
import threading
import time
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
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


def _serve(conn: Connection, owner: int) -> None:
    """A worker's life: read a pickled (function, args), answer (ok, result or error), repeat."""
    _warm(owner)
    while True:
        try:
            fn, args = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return  # the pool closed its end
        try:
            reply: tuple[bool, Any] = (True, fn(*args))
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the caller
            reply = (False, exc)
        try:
            answer = pickle.dumps(reply, pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - an unpicklable result or error
            answer = pickle.dumps((False, RuntimeError(f"worker answer not picklable: {exc!r}")))
        conn.send_bytes(answer)


#: A task this small may wait in a busy worker's socket behind the one it is running, so the
#: worker starts it the moment it is done instead of after a round trip through the event loop;
#: the socket's buffer (~200 KB) holds it, so writing it never blocks the loop.
QUEUED_BYTES = 128 * 1024


class _Worker:
    """One worker process, its end of the socket pair, and the tasks it holds (at most two)."""

    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.tasks: collections.deque[asyncio.Future] = collections.deque()

    def takes(self, size: int) -> bool:
        return not self.tasks or (len(self.tasks) == 1 and size <= QUEUED_BYTES)


class Workers:
    """A pool of ``size`` worker processes (``size`` > 0) or inline execution (0)."""

    def __init__(self, size: int | None = None) -> None:
        self.size = default_size() if size is None else size
        self._context: Any = None
        self._workers: list[_Worker] = []
        self._queue: collections.deque[tuple[bytes, asyncio.Future]] = collections.deque()

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker; BrokenProcessPool if the worker died doing it."""
        if self.size == 0:
            return fn(*args)
        future = asyncio.get_running_loop().create_future()
        self._queue.append((pickle.dumps((fn, args), pickle.HIGHEST_PROTOCOL), future))
        self._dispatch()
        return await future

    def pids(self) -> list[int]:
        """Process ids of the live workers (benchmarks read their CPU time)."""
        return [w.process.pid for w in self._workers if w.process.pid is not None]

    def _dispatch(self) -> None:
        """Hand queued tasks to workers: an idle one first, starting workers up to ``size``,
        else one running a single task when the next is small enough to wait behind it."""
        while self._queue:
            payload, future = self._queue[0]
            if future.done():  # its caller was cancelled while it waited
                self._queue.popleft()
                continue
            worker = self._pick(len(payload))
            if worker is None:
                return
            self._queue.popleft()
            worker.tasks.append(future)
            try:
                worker.conn.send_bytes(payload)
            except OSError:
                self._lost(worker)

    def _pick(self, size: int) -> _Worker | None:
        idle = next((w for w in self._workers if not w.tasks), None)
        if idle is None and len(self._workers) < self.size:
            idle = self._start_worker()
        return idle or next((w for w in self._workers if w.takes(size)), None)

    def _start_worker(self) -> _Worker:
        if self._context is None:
            self._context = multiprocessing.get_context("forkserver")
            self._context.set_forkserver_preload(["services.fetcher.preload"])
        ours, theirs = self._context.Pipe(duplex=True)
        process = self._context.Process(target=_serve, args=(theirs, os.getpid()),
                                        name="newsalert-worker", daemon=True)
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        self._workers.append(worker)
        asyncio.get_running_loop().add_reader(ours.fileno(), self._answered, worker)
        return worker

    def _answered(self, worker: _Worker) -> None:
        """The worker's socket is readable: the answer to its oldest task, or its end."""
        try:
            ok, value = pickle.loads(worker.conn.recv_bytes())
        except (EOFError, OSError):
            self._lost(worker)
            return
        task = worker.tasks.popleft() if worker.tasks else None
        if task is not None and not task.done():
            if ok:
                task.set_result(value)
            else:
                task.set_exception(value)
        self._dispatch()

    def _lost(self, worker: _Worker) -> None:
        """A worker died: fail the tasks it held, forget it; the next task starts another."""
        self._forget(worker)
        while worker.tasks:
            task = worker.tasks.popleft()
            if not task.done():
                task.set_exception(BrokenProcessPool(
                    f"worker {worker.process.pid} died (exit code {worker.process.exitcode})"))
        self._dispatch()

    def _forget(self, worker: _Worker) -> None:
        with contextlib.suppress(ValueError, RuntimeError):
            asyncio.get_running_loop().remove_reader(worker.conn.fileno())
        worker.conn.close()
        worker.process.join(timeout=0.1)
        if worker.process.is_alive():
            worker.process.kill()
        self._workers = [w for w in self._workers if w is not worker]

    def close(self) -> None:
        """Stop every worker; tasks still queued or running fail with BrokenProcessPool."""
        for worker in list(self._workers):
            with contextlib.suppress(ValueError, RuntimeError, OSError):
                asyncio.get_running_loop().remove_reader(worker.conn.fileno())
            worker.conn.close()
            worker.process.kill()
            worker.process.join(timeout=1.0)
            for task in worker.tasks:
                if not task.done():
                    task.set_exception(BrokenProcessPool("the pool was closed"))
        self._workers = []
        while self._queue:
            _, future = self._queue.popleft()
            if not future.done():
                future.set_exception(BrokenProcessPool("the pool was closed"))
