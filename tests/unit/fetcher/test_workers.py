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
