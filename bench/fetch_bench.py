"""Fetcher throughput on a local feed farm: feeds per second, CPU per 1,000 feeds, peak RSS.

    .venv/bin/python bench/fetch_bench.py [--feeds 10000] [--domains 500]

The farm (bench/farm_feeds.py, a separate process on 127.0.0.1) serves ``--feeds`` feeds; an
injected resolver maps ``feeds.farm<i>.test`` (500 registrable domains) to 127.0.0.1, so
per-domain politeness (2 at once, 1 s spacing) applies as in production. The fetcher starts from
restored state (as after a restart: every feed's ETag, body hash, item element digests and
seen items known), the farm advances one round (30% of feeds publish one new item, the rest
answer 304), and the real scheduler polls every feed once: 304s cost nothing, changed feeds
have their new item parsed in the worker pool, its page fetched and its text extracted, and an
article handed to a counting sink (no Kafka: this measures the fetcher). Results go to bench/results/fetch_bench.json.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import multiprocessing
import os
import platform
import resource
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import farm_feeds  # noqa: E402

from services.fetcher import delta, identity  # noqa: E402
from services.fetcher.app import FetcherService, Tuning  # noqa: E402
from services.fetcher.metrics import FetcherMetrics  # noqa: E402
from services.fetcher.outlets import Feed, Outlet, feed_id  # noqa: E402
from services.fetcher.parse import Item, plain_text  # noqa: E402
from services.fetcher.state import FeedState, encode_state  # noqa: E402
from services.kernel.metrics import new_registry  # noqa: E402
from services.kernel.settings import Settings  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "fetch_bench.json"
TICK = os.sysconf("SC_CLK_TCK")


async def loopback(host: str, port: int) -> list[str]:
    return ["127.0.0.1"]


def start_farm(feeds: int, lifetime: float) -> tuple[subprocess.Popen, int]:
    farm = subprocess.Popen([sys.executable, str(ROOT / "bench" / "farm_feeds.py"),
                             "--feeds", str(feeds), "--lifetime", str(lifetime)],
                            stdout=subprocess.PIPE, text=True)
    port = int(farm.stdout.readline())
    return farm, port


def outlets_for(feeds: int, domains: int, port: int) -> list[Outlet]:
    per_domain: dict[int, list[Feed]] = {}
    for n in range(feeds):
        d = n % domains
        url = f"http://feeds.farm{d}.test:{port}/feed/{n}.xml"
        per_domain.setdefault(d, []).append(Feed(feed_id(f"d{d}", url), url, f"d{d}"))
    return [Outlet(f"d{d}", f"Farm outlet {d}", "IQ", "en", tuple(fs))
            for d, fs in per_domain.items()]


def restored_state(feed: Feed, n: int) -> bytes:
    """The state a previous run would have left for version 0 of feed ``n``."""
    version = 0
    keys = [identity.keys(Item(
        guid=f"f{n}-i{v}", link=urljoin(feed.url, f"/page/{n}/{v}"),
        title=f"Feed {n} report {v}: road to the border closed after shelling",
        summary=plain_text(f"Report {v} from feed {n}. {farm_feeds.PARAGRAPHS[v % 4]}"),
        content="", published=None)) for v in range(version, version + farm_feeds.ITEMS)]
    body = farm_feeds.rss(n, version)
    state = FeedState(etag=f'"{n}-{version}"',
                      body_hash=hashlib.blake2b(body, digest_size=16).hexdigest(),
                      elements=delta.cut(body).digests)
    return encode_state(state.with_items(keys, []))


def _table(outlets: list[Outlet]) -> dict[bytes, bytes]:
    return {f.id.encode(): restored_state(f, int(f.url.rsplit("/", 1)[1].split(".")[0]))
            for o in outlets for f in o.feeds}


def saved_table(outlets: list[Outlet]) -> dict[bytes, bytes]:
    """news.feed-state as a previous run left it, computed in a child process: in production
    these bytes come from Kafka, so building them must not count in the fetcher's memory."""
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        return pool.submit(_table, outlets).result()


def proc_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def proc_pss_mb(pid: int) -> float:
    """Proportional set size: shared pages divided among their sharers (honest totals)."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


def family(root: int) -> list[int]:
    """``root``'s descendants (forkserver, workers), from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat[1])
    found, frontier = [], [root]
    while frontier:
        pid = frontier.pop()
        kids = [p for p, parent in parents.items() if parent == pid]
        found += kids
        frontier += kids
    return found


def proc_peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def bench(feeds: int, domains: int, workers: int, timeout: float) -> dict:
    farm, port = start_farm(feeds, lifetime=timeout + 120)
    try:
        return await _measure(feeds, domains, workers, timeout, port, farm.pid)
    finally:
        farm.terminate()
        farm.wait()


async def _measure(feeds: int, domains: int, workers: int, timeout: float, port: int,
                   farm_pid: int) -> dict:
    settings = Settings(allow_networks=("127.0.0.1/32",), poll_interval=600,
                        max_poll_interval=1800, user_agent_contact="bench@localhost")
    outlets = outlets_for(feeds, domains, port)
    service = FetcherService(settings, outlets, FetcherMetrics(new_registry()),
                             Tuning(resolver=loopback, workers=workers))
    table = saved_table(outlets)
    produced: list[int] = [0]

    async def articles(batch) -> None:
        produced[0] += len(batch)

    async def states(feed, state) -> None:
        return None

    service.prepare(table, articles, states)
    await asyncio.gather(*(service._workers.run(time.sleep, 0.3) for _ in range(workers)))
    urllib.request.urlopen(f"http://127.0.0.1:{port}/_round").read()
    cpu0, wall0 = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
    pool_pids = service._workers.pids() if workers else []
    pool_cpu0 = {p: proc_cpu(p) for p in pool_pids}
    farm_cpu0 = proc_cpu(farm_pid)
    task = asyncio.create_task(service.run())
    while time.monotonic() - wall0 < timeout:
        if all(run.status != "new" for run in service.runs.values()):
            break
        await asyncio.sleep(0.2)
    wall = time.monotonic() - wall0
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    pool_pids = service._workers.pids() if workers else []
    pool_cpu = sum(proc_cpu(p) - pool_cpu0.get(p, 0.0) for p in pool_pids)
    farm_cpu = proc_cpu(farm_pid) - farm_cpu0
    pool_rss = [proc_peak_rss_mb(p) for p in pool_pids]
    helpers = [p for p in family(os.getpid()) if p not in pool_pids and p != farm_pid]
    pss_total = proc_pss_mb(os.getpid()) + sum(proc_pss_mb(p) for p in [*pool_pids, *helpers])
    service.request_stop()
    await task
    await service._poller.client.aclose()
    service._workers.close()
    polled = sum(1 for run in service.runs.values() if run.status != "new")
    latency = {}
    for metric in service.metrics.duration.collect():
        sums = {(s.labels["kind"], s.name.rsplit("_", 1)[1]): s.value for s in metric.samples
                if s.name.endswith(("_sum", "_count"))}
        for kind in ("feed", "page"):
            if sums.get((kind, "count")):
                latency[kind] = round(sums[(kind, "sum")] / sums[(kind, "count")] * 1000, 1)
    statuses: dict[str, int] = {}
    for run in service.runs.values():
        statuses[run.status] = statuses.get(run.status, 0) + 1
    main_cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    return {
        "feeds": feeds, "domains": domains, "worker_processes": workers,
        "changed_percent": farm_feeds.CHANGED_PERCENT, "feeds_polled": polled,
        "statuses": statuses, "articles_produced": produced[0],
        "wall_seconds": round(wall, 2), "mean_fetch_ms": latency, "feeds_per_second": round(polled / wall, 1),
        "cpu_seconds_main": round(main_cpu, 2), "cpu_seconds_workers": round(pool_cpu, 2),
        "cpu_seconds_farm_not_counted": round(farm_cpu, 2),
        "cpu_seconds_per_1000_feeds": round((main_cpu + pool_cpu) / polled * 1000, 2),
        "peak_rss_mb_main": round(cpu1.ru_maxrss / 1024, 1),
        "peak_rss_mb_workers": [round(r, 1) for r in pool_rss],
        "peak_rss_mb_sum_of_processes": round(cpu1.ru_maxrss / 1024 + sum(pool_rss), 1),
        "pss_mb_all_processes_at_end": round(pss_total, 1),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "politeness": {"per_domain": 2, "spacing_seconds": 1.0},
    }


def parse_costs(runs: int = 20) -> dict[str, float]:
    """Median ms to parse a 20-item feed, plain and with a billion-laughs DOCTYPE prepended."""
    from services.fetcher.parse import parse_feed

    plain = farm_feeds.rss(1, 0)
    entities = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    doctype = f'<!DOCTYPE rss [<!ENTITY l0 "lol">{entities}]>'.encode()
    laughs = plain.replace(b"?><rss", b"?>" + doctype + b"<rss", 1).replace(
        b"<title>Farm feed 1</title>", b"<title>&l9;</title>")
    costs = {}
    for name, body in (("plain_feed", plain), ("billion_laughs_feed", laughs)):
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            parse_feed(body, {"content-type": "application/rss+xml"}, "http://farm/feed")
            times.append((time.perf_counter() - started) * 1000)
        costs[f"{name}_parse_ms"] = round(sorted(times)[runs // 2], 2)
    return costs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=10000)
    parser.add_argument("--domains", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=240.0, help="give up after this long")
    parser.add_argument("--output", default=str(RESULTS))
    args = parser.parse_args()
    result = asyncio.run(bench(args.feeds, args.domains, args.workers, args.timeout))
    result.update(parse_costs())
    result["command"] = ".venv/bin/python bench/fetch_bench.py " + " ".join(sys.argv[1:])
    print(json.dumps(result, indent=2))
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
