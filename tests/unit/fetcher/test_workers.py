"""The worker pool: work runs in another process, and a crashed worker does not stop parsing."""

from __future__ import annotations

import os
from concurrent.futures.process import BrokenProcessPool

import pytest

from services.fetcher import workers
from services.fetcher.workers import Workers


def _crash() -> None:
    os._exit(3)


async def test_pool_parses_in_another_process_and_survives_a_crashed_worker():
    pool = Workers(1)
    try:
        assert await pool.run(os.getpid) != os.getpid()
        with pytest.raises(BrokenProcessPool):
            await pool.run(_crash)
        parsed = await pool.run(workers.parse, b"<rss version='2.0'><channel><item><title>A"
                                b"</title><link>http://a/1</link></item></channel></rss>",
                                {}, "http://a/")
        assert [i.title for i in parsed.items] == ["A"]
    finally:
        pool.close()


def _nap_then_pid() -> int:
    import time
    time.sleep(0.2)
    return os.getpid()


def _fail(message: str) -> None:
    raise ValueError(message)


async def test_more_tasks_than_workers_all_run_errors_come_back_and_cancelled_callers_lose_nothing():
    import asyncio
    import time

    pool = Workers(2)
    try:
        busy = await asyncio.gather(*(pool.run(_nap_then_pid) for _ in range(4)))
        assert len(set(busy)) == 2  # queued behind the two workers, shared between them
        with pytest.raises(ValueError, match="hostile page"):
            await pool.run(_fail, "hostile page")
        abandoned = asyncio.create_task(pool.run(time.sleep, 0.2))
        await asyncio.sleep(0.05)
        abandoned.cancel()
        pids = await asyncio.gather(*(pool.run(os.getpid) for _ in range(6)))
        assert set(pids) <= set(pool.pids()) and len(pool.pids()) == 2
    finally:
        pool.close()


OWNER = """
import asyncio, os, sys
from services.fetcher.workers import Workers

async def main():
    pool = Workers(2)
    pids = set(await asyncio.gather(*(pool.run(os.getpid) for _ in range(8))))
    print(" ".join(map(str, pids)), flush=True)
    await asyncio.sleep(60)

if __name__ == "__main__":
    asyncio.run(main())
"""


def test_workers_exit_when_their_fetcher_is_killed(tmp_path):
    """SIGKILL leaves no orphaned worker (each watches the process that made the pool)."""
    import signal
    import subprocess
    import sys
    import time

    script = tmp_path / "owner.py"
    script.write_text(OWNER)
    owner = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True,
                             cwd=os.getcwd())
    try:
        pids = [int(p) for p in owner.stdout.readline().split()]
        assert pids and all(_running(p) for p in pids)
    finally:
        owner.send_signal(signal.SIGKILL)
        owner.wait()
    deadline = time.monotonic() + 10
    while any(_running(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_running(p) for p in pids), "workers outlived the killed fetcher"


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[-1][0] != "Z"  # a zombie has exited
    except FileNotFoundError:
        return False


PAGE_READER = """
import asyncio, sys
from services.fetcher import workers
from services.fetcher.workers import Workers

async def main():
    pool = Workers(1)
    html = b"<html><body><article><p>" + b"Officials closed the crossing on Monday. " * 10 + b"</p></article></body></html>"
    page = await pool.run(workers.read_page, html, "http://a/1", "en", False)
    heavy = [m for m in ("trafilatura", "numpy", "py3langid", "services.fetcher.article") if m in sys.modules]
    print(page.language, len(page.text) > 80, ",".join(heavy) or "-", flush=True)
    pool.close()

if __name__ == "__main__":
    asyncio.run(main())
"""


def test_the_fetchers_own_process_reads_page_answers_without_the_page_libraries(tmp_path):
    """Unpickling a worker's answer imports the module that defines its class: PageText must
    not live beside trafilatura and the language model (~16 MB and ~75 MB)."""
    import subprocess
    import sys

    script = tmp_path / "reader.py"
    script.write_text(PAGE_READER)
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         cwd=os.getcwd(), timeout=120, check=True).stdout.split()
    assert out == ["en", "True", "-"]
