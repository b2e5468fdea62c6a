"""Chaos: SIGKILL the services at random moments while the farm publishes; nothing may be lost.

Starts an embedded broker, the farm and the three services as three processes
(``newsalert fetcher``, ``newsalert extractor``, ``newsalert publisher``) sharing that broker.
While the farm publishes ``--items`` items, a seeded random schedule SIGKILLs one service at a
time and restarts it after a short pause. When publishing is over and every process runs again,
it waits (``--settle`` seconds at most) for the pipeline to catch up and checks:

- every alert the farm's answer key expects is on its topic (right type and country);
- no alert id carries two different contents at one revision;
- no article id was produced twice with different content, and how many article ids were
  produced more than once (a fetcher killed between producing and writing its state may
  republish what it had in flight, no more: a restart that lost ``news.feed-state`` would
  republish every item its feeds still list).

    .venv/bin/python bench/chaos.py --items 1000 --rate 10 --feeds 24 --domains 24 --seed 6

Writes ``bench/results/chaos-<tag>.json`` and ``chaos-<tag>.md``. Exit 1 if a check fails.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.e2e_bench import (  # noqa: E402
    SERVICES, Collector, FarmProcess, ServiceProcess, alert_consistency, article_consistency,
    loadavg, match_alerts,
)
from services.kernel.broker import EmbeddedBroker  # noqa: E402

RESULTS = ROOT / "bench" / "results"


@dataclass
class ChaosOptions:
    items: int = 1000
    rate: float = 10.0
    feeds: int = 24
    domains: int = 24  # the fetcher reads one page per second per domain: keep rate/domains < 0.5
    seed: int = 6
    kill_every: tuple[float, float] = (4.0, 12.0)
    down_for: tuple[float, float] = (0.0, 3.0)
    settle: float = 180.0
    #: extra env for the services (tests shorten timeouts)
    env: dict[str, str] | None = None


async def run_chaos(opts: ChaosOptions, workdir: Path | None = None) -> dict:
    """The chaos run; returns the report (``ok`` says whether every check passed)."""
    workdir = workdir or Path(tempfile.mkdtemp(prefix="chaos-"))
    rng = random.Random(opts.seed)
    load_before = loadavg()
    broker = EmbeddedBroker.start()
    farm = FarmProcess.start(workdir, feeds=opts.feeds, domains=opts.domains, rate=opts.rate,
                             items=opts.items, seed=opts.seed)
    group = f"chaos-{uuid.uuid4().hex[:8]}"
    env = {"NEWSALERT_TOPIC_PARTITIONS": "3", **(opts.env or {})}
    procs = {name: ServiceProcess.create(name, broker.bootstrap, farm.outlets, workdir, group, env)
             for name in SERVICES}
    collector = Collector(broker.bootstrap)
    kills: list[dict] = []
    try:
        for p in procs.values():
            p.start()
        for p in procs.values():
            await p.wait_ready()
        await collector.start()
        t0 = time.time()
        farm.call("start")
        await _kill_while_publishing(farm, procs, rng, opts, kills, t0)
        for p in procs.values():
            await p.wait_ready(timeout=120)
        t_published = time.time()
        ledger = await _settle(farm, collector, opts.settle)
        t_settled = time.time()
        stats = farm.call("stats")
    finally:
        await collector.stop()
        exits = {name: p.terminate() for name, p in procs.items()}
        farm.stop()
        broker.stop()
    report = _report(opts, ledger, collector, kills, stats, exits)
    report.update(load_before=load_before, load_after=loadavg(), workdir=str(workdir),
                  publish_s=t_published - t0, settle_s=t_settled - t_published)
    return report


async def _kill_while_publishing(farm: FarmProcess, procs: dict[str, ServiceProcess],
                                 rng: random.Random, opts: ChaosOptions, kills: list[dict],
                                 t0: float) -> None:
    next_kill = time.monotonic() + rng.uniform(*opts.kill_every)
    while not (await asyncio.to_thread(farm.call, "stats"))["finished"]:
        if time.monotonic() >= next_kill:
            name = rng.choice(SERVICES)
            down = rng.uniform(*opts.down_for)
            procs[name].kill()
            kills.append({"service": name, "at": round(time.time() - t0, 2),
                          "down_s": round(down, 2)})
            await asyncio.sleep(down)
            procs[name].start()
            next_kill = time.monotonic() + rng.uniform(*opts.kill_every)
        await asyncio.sleep(0.2)


async def _settle(farm: FarmProcess, collector: Collector, timeout: float) -> list[dict]:
    """Wait until every expected alert is present (or ``timeout``); the farm's ledger."""
    ledger = await asyncio.to_thread(farm.call, "ledger")
    want = {(i["url"], i["expected"]["topic"]) for i in ledger if i["expected"]}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        carried = {(s.get("url"), a.topic) for a in collector.alerts
                   for s in a.value.get("sources") or ()}
        if want <= carried:
            break
        await asyncio.sleep(1.0)
    await asyncio.sleep(3.0)  # late duplicates and revisions, if any, land now
    return ledger


def _report(opts: ChaosOptions, ledger: list[dict], collector: Collector, kills: list[dict],
            stats: dict, exits: dict) -> dict:
    alerts = match_alerts(ledger, collector.alerts, check_country=False)
    placed = match_alerts(ledger, collector.alerts)
    consistency = alert_consistency(collector.alerts)
    articles = article_consistency(collector.articles)
    fetcher_kills = sum(1 for k in kills if k["service"] == "fetcher")
    # A kill between producing an article and writing the feed's state may republish what that
    # poll round had in flight: bounded by a few seconds of the farm's output per kill.
    allowed = fetcher_kills * max(20, int(3 * opts.rate))
    delivered = {a.url for a in collector.articles}
    checks = {
        "every_expected_alert": alerts["found"] == alerts["expected"],
        "no_conflicting_revisions": not consistency["conflicting_revisions"],
        "no_article_with_two_contents": articles["ids_with_different_content"] == 0,
        "duplicates_explained_by_kills": articles["extra_records"] <= allowed,
        "every_item_an_article": all(i["url"] in delivered for i in ledger),
    }
    return {
        "ok": all(checks.values()), "checks": checks, "options": {
            **opts.__dict__, "kill_every": list(opts.kill_every),
            "down_for": list(opts.down_for)},
        "kills": kills, "kills_by_service": {s: sum(1 for k in kills if k["service"] == s)
                                             for s in SERVICES},
        "duplicates_allowed": allowed, "articles": articles, "alert_consistency": consistency,
        "items": len(ledger), "articles_missing": sum(1 for i in ledger if i["url"]
                                                      not in delivered),
        "alerts": {k: v for k, v in alerts.items() if k not in ("latencies", "series")},
        "alerts_with_right_country": placed["found"], "wrong_place": placed["wrong"][:20],
        "farm": stats, "exit_codes": exits,
    }


def markdown(report: dict, command: str) -> str:
    a, c = report["articles"], report["alerts"]
    lines = [f"# Chaos run: {'PASS' if report['ok'] else 'FAIL'}", "", f"`{command}`", "",
             f"- load before → after: {report['load_before']} → {report['load_after']}",
             f"- items published: {report['items']} over {report['publish_s']:.0f} s; "
             f"settled in {report['settle_s']:.0f} s",
             f"- kills (SIGKILL): {report['kills_by_service']}",
             f"- expected alerts found: {c['found']}/{c['expected']} "
             f"(right topic and type; {report['alerts_with_right_country']} also with the "
             f"right country; unexplained: {c['unexplained_count']})",
             f"- article records: {a['records']} for {a['ids']} ids; ids produced twice: "
             f"{a['ids_produced_twice']} ({a['extra_records']} extra records, "
             f"{report['duplicates_allowed']} allowed); ids with two contents: "
             f"{a['ids_with_different_content']}; items never produced: "
             f"{report['articles_missing']}",
             f"- alert records: {report['alert_consistency']['alerts_records']}, ids "
             f"{report['alert_consistency']['ids']}, conflicting revisions: "
             f"{len(report['alert_consistency']['conflicting_revisions'])}",
             "", "| check | result |", "|---|---|"]
    lines += [f"| {k} | {'ok' if v else 'FAILED'} |" for k, v in report["checks"].items()]
    return "\n".join(lines) + "\n"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--items", type=int, default=1000)
    p.add_argument("--rate", type=float, default=10.0)
    p.add_argument("--feeds", type=int, default=24)
    p.add_argument("--domains", type=int, default=24,
                   help="the fetcher reads one page per second per domain: keep rate/domains "
                        "below ~0.5, or items leave the feeds' windows unread")
    p.add_argument("--seed", type=int, default=6)
    p.add_argument("--kill-every", type=float, nargs=2, default=(4.0, 12.0), metavar=("MIN", "MAX"))
    p.add_argument("--down-for", type=float, nargs=2, default=(0.0, 3.0), metavar=("MIN", "MAX"))
    p.add_argument("--settle", type=float, default=180.0)
    p.add_argument("--tag", default="latest")
    return p


def main() -> int:
    args = _parser().parse_args()
    opts = ChaosOptions(args.items, args.rate, args.feeds, args.domains, args.seed,
                        tuple(args.kill_every), tuple(args.down_for), args.settle)
    report = asyncio.run(run_chaos(opts))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"chaos-{args.tag}.json").write_bytes(orjson.dumps(report,
                                                                  option=orjson.OPT_INDENT_2))
    command = "python bench/chaos.py " + " ".join(sys.argv[1:])
    text = markdown(report, command)
    (RESULTS / f"chaos-{args.tag}.md").write_text(text)
    print(text)
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
