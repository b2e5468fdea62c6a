"""End to end: the whole pipeline against the replay farm, measured.

Starts an embedded broker, the farm (bench/farm.py, its own process) and the pipeline, either as
``newsalert run`` (one process) or as ``newsalert fetcher|extractor|publisher`` (three processes
sharing the broker); waits until every process answers ``/readyz`` with 200; then lets the farm
publish at ``--rate`` items per second for ``--duration`` seconds and reads, from Kafka, every
article and every alert. Measured:

- articles per second sustained (articles produced to ``news.articles`` over the publishing
  window; over its second half, once the first polls' wait is behind it, the steady rate; and
  the backlog left when the farm stopped publishing);
- where the time goes before an article is produced: waiting for a poll to list the item, waiting
  for its page, and reading the page (the farm stamps when it first served each);
- latency from an item's appearance on the farm to its alert acknowledged, p50/p90/p99, where
  acknowledged is the Kafka record timestamp (producer create time) of the first alert on the
  expected topic whose ``sources`` carry the item's URL;
- CPU seconds per 1,000 articles (utime+stime from /proc/<pid>/stat of the service processes;
  broker and farm reported apart), peak RSS per process (VmHWM);
- the fraction of the answer key's expected alerts that arrived (right topic, type, country),
  the pages fetched, and any alert the answer key does not explain.

Results go to ``bench/results/e2e-<mode>-<tag>.json`` plus ``e2e-<tag>.md`` and a latency plot
``e2e-<mode>-<tag>.png``. ``--profile SECONDS`` samples each service process with py-spy in the
middle of the run and writes the top frames to ``e2e-<mode>-<tag>-profile.txt``.

    .venv/bin/python bench/e2e_bench.py --mode both --rate 250 --duration 30 --feeds 1000 \
        --domains 1000 --drain 30 [--profile 10] [--tag NAME]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services.kernel.broker import EmbeddedBroker, free_port  # noqa: E402

RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
NEWSALERT = str(Path(PYTHON).parent / "newsalert")
CLK_TCK = os.sysconf("SC_CLK_TCK")
SERVICES = ("fetcher", "extractor", "publisher")


# ---------------------------------------------------------------------------------------------
# Processes: the farm, the services, their CPU and memory.


def proc_cpu(pid: int) -> float:
    """utime + stime of ``pid`` in seconds (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (the fetcher's worker pool lives there)."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children[ppid].append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, ()))
    return found


def tree_cpu(pid: int) -> float:
    """CPU seconds of ``pid`` and its live descendants."""
    return sum(proc_cpu(p) for p in descendants(pid))


def proc_status(pid: int, key: str) -> int | None:
    """A ``kB`` field of /proc/<pid>/status (VmHWM, VmRSS), in kB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def loadavg() -> list[float]:
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]


@dataclass
class FarmProcess:
    """bench/farm.py in its own process, driven through its control URL."""

    popen: subprocess.Popen
    control: str
    outlets: Path

    @classmethod
    def start(cls, workdir: Path, *, feeds: int, domains: int, rate: float,
              duration: float | None = None, items: int | None = None, window: int = 40,
              event_share: float = 0.5, seed: int = 6,
              request_spacing: float | None = None) -> FarmProcess:
        outlets = workdir / "outlets.yaml"
        args = [PYTHON, str(ROOT / "bench" / "farm.py"), "--feeds", str(feeds), "--domains",
                str(domains), "--rate", str(rate), "--window", str(window), "--event-share",
                str(event_share), "--seed", str(seed), "--outlets", str(outlets)]
        if duration is not None:
            args += ["--duration", str(duration)]
        if items is not None:
            args += ["--items", str(items)]
        if request_spacing:
            args += ["--request-spacing", str(request_spacing)]
        popen = subprocess.Popen(args, stdout=subprocess.PIPE,
                                 stderr=open(workdir / "farm.log", "wb"), start_new_session=True)
        line = popen.stdout.readline()
        if not line:
            raise RuntimeError(f"farm did not start: see {workdir / 'farm.log'}")
        return cls(popen, orjson.loads(line)["control"], outlets)

    def call(self, what: str, **params: object) -> object:
        response = httpx.get(f"{self.control}/{what}", params=params, timeout=60)
        response.raise_for_status()
        return response.json()

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()


@dataclass
class ServiceProcess:
    """One ``newsalert`` process (``run`` or one service) with its probe port and log."""

    name: str
    command: str
    env: dict[str, str]
    outlets: Path
    log: Path
    http_port: int = 0
    popen: subprocess.Popen | None = None
    cpu_before_restart: float = 0.0
    restarts: int = 0
    hwm_kb: list[int] = field(default_factory=list)
    worker_hwm_kb: int = 0
    workers: int = 0
    _last: dict[int, float] = field(default_factory=dict)

    @classmethod
    def create(cls, command: str, bootstrap: str, outlets: Path, workdir: Path, group: str,
               extra_env: dict[str, str] | None = None) -> ServiceProcess:
        env = {**os.environ, **pipeline_env(bootstrap, group), **(extra_env or {})}
        return cls(command, command, env, outlets, workdir / f"{command}.log")

    def start(self) -> None:
        self.http_port = free_port()
        env = {**self.env, "NEWSALERT_HTTP_PORT": str(self.http_port)}
        with open(self.log, "ab") as log:
            self.popen = subprocess.Popen(
                [NEWSALERT, self.command, "--outlets", str(self.outlets)], env=env,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def pid(self) -> int:
        assert self.popen is not None
        return self.popen.pid

    def cpu(self) -> float:
        """CPU seconds of every incarnation of this service (and its workers) so far."""
        if self.popen is None or self.popen.poll() is not None:
            return self.cpu_before_restart
        pids = descendants(self.pid)
        now = {p: proc_cpu(p) for p in pids}
        # a worker that exited took its CPU time with it: keep the last reading of each
        self._last.update(now)
        return self.cpu_before_restart + sum(self._last.values())

    def sample_hwm(self) -> None:
        """VmHWM of the main process, and the largest of its workers."""
        if self.popen is not None and self.popen.poll() is None:
            pids = descendants(self.pid)
            hwm = proc_status(self.pid, "VmHWM")
            if hwm:
                self.hwm_kb.append(hwm)
            workers = [proc_status(p, "VmHWM") or 0 for p in pids[1:]]
            if workers:
                self.worker_hwm_kb = max(self.worker_hwm_kb, max(workers))
                self.workers = max(self.workers, len(workers))

    async def readyz(self) -> int | None:
        try:
            async with httpx.AsyncClient(timeout=2) as client:
                return (await client.get(f"http://127.0.0.1:{self.http_port}/readyz")).status_code
        except httpx.HTTPError:
            return None

    async def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.popen is not None and self.popen.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.popen.returncode}: {self.log}")
            if await self.readyz() == 200:
                return
            await asyncio.sleep(0.2)
        raise TimeoutError(f"{self.name} not ready in {timeout}s: see {self.log}")

    def kill(self) -> None:
        """SIGKILL: no drain, no flush, no commit."""
        if self.popen is not None and self.popen.poll() is None:
            self.sample_hwm()
            self.cpu_before_restart = self.cpu()
            self._last = {}
            # the whole process group, as a container kill does: the fetcher's worker pool
            # (forkserver children) outlives a SIGKILL of the main process alone
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGKILL)
            self.popen.wait()
            self.restarts += 1

    def terminate(self, timeout: float = 20) -> int | None:
        if self.popen is None:
            return None
        if self.popen.poll() is None:
            self.sample_hwm()
            self.cpu_before_restart = self.cpu()
            self._last = {}
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        with contextlib.suppress(ProcessLookupError):  # leftovers of its group, if any
            os.killpg(self.popen.pid, signal.SIGKILL)
        return self.popen.returncode


def pipeline_env(bootstrap: str, group: str) -> dict[str, str]:
    """What the services are told when running against the farm."""
    return {
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "NEWSALERT_KAFKA_IDEMPOTENCE": "false",  # Tansu refuses InitProducerId
        "NEWSALERT_ALLOW_PRIVATE_NETWORKS": "true",
        "NEWSALERT_POLL_INTERVAL": "1",
        "NEWSALERT_HTTP_HOST": "127.0.0.1",
        "NEWSALERT_GROUP_PREFIX": group,
        "NEWSALERT_LOG_LEVEL": "WARNING",
        "NEWSALERT_LOG_FORMAT": "text",
    }


# ---------------------------------------------------------------------------------------------
# What the pipeline produced, read back from Kafka.


@dataclass(slots=True)
class AlertRecord:
    topic: str
    timestamp: float  # seconds, producer create time
    key: bytes | None
    value: dict
    digest: str


@dataclass(slots=True)
class ArticleRecord:
    timestamp: float
    key: bytes | None
    url: str
    digest: str  # of the content without the fetch time


class Collector:
    """Reads ``news.articles`` and every ``alerts.*`` topic from the beginning, as they grow.

    No consumer group (partitions assigned by hand), so it never disturbs the pipeline's
    groups. Topics that appear later (alert topics are created on first use) are picked up
    within a second; after a broker restart call ``reset()`` to read the new, empty log.
    """

    def __init__(self, bootstrap: str, articles: bool = True) -> None:
        self.bootstrap = bootstrap
        self.want_articles = articles
        self.alerts_expected = True
        self.alerts: list[AlertRecord] = []
        self.articles: list[ArticleRecord] = []
        self._consumer: AIOKafkaConsumer | None = None
        self._task: asyncio.Task | None = None
        self._assigned: set[TopicPartition] = set()

    async def start(self) -> None:
        self._consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap, group_id=None, enable_auto_commit=False,
            auto_offset_reset="earliest", metadata_max_age_ms=1000,
            max_partition_fetch_bytes=8 * 1024 * 1024, client_id="bench-collector")
        await self._consumer.start()
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._consumer is not None:
            try:
                await asyncio.wait_for(self._consumer.stop(), 10)
            except BaseException:  # noqa: BLE001 - the broker may be gone; aiokafka's fetch
                pass               # task then ends with NodeNotReady or CancelledError

    def _wanted(self, topic: str) -> bool:
        return topic.startswith("alerts.") or (self.want_articles and topic == "news.articles")

    async def _refresh(self) -> None:
        assert self._consumer is not None
        topics = await self._consumer.topics()
        new = set()
        for topic in topics:
            if self._wanted(topic):
                for p in self._consumer.partitions_for_topic(topic) or ():
                    new.add(TopicPartition(topic, p))
        if new - self._assigned:
            added = new - self._assigned
            self._assigned |= new
            self._consumer.assign(sorted(self._assigned))
            await self._consumer.seek_to_beginning(*added)

    async def _run(self) -> None:
        assert self._consumer is not None
        last_refresh = 0.0
        while True:
            if time.monotonic() - last_refresh > 1.0:
                with contextlib.suppress(Exception):
                    await self._refresh()
                last_refresh = time.monotonic()
            if not self._assigned:
                await asyncio.sleep(0.2)
                continue
            try:
                batch = await self._consumer.getmany(timeout_ms=200)
            except Exception:  # noqa: BLE001 - broker restarts are part of the tests
                await asyncio.sleep(0.5)
                continue
            for tp, records in batch.items():
                for r in records:
                    self._keep(tp.topic, r)

    def _keep(self, topic: str, record) -> None:
        ts = record.timestamp / 1000.0
        if topic == "news.articles":
            data = orjson.loads(record.value)
            data.pop("fetched", None)
            digest = hashlib.sha1(orjson.dumps(data, option=orjson.OPT_SORT_KEYS)).hexdigest()
            self.articles.append(ArticleRecord(ts, record.key, data.get("url", ""), digest))
        else:
            value = orjson.loads(record.value)
            digest = hashlib.sha1(record.value).hexdigest()
            self.alerts.append(AlertRecord(topic, ts, record.key, value, digest))

    async def reset(self) -> None:
        """The broker came back empty: a new consumer from offset 0 (keeps what was read).

        A consumer that lived through the outage keeps its old positions and would skip the
        new log's first records (the very defect the fault tests look for in the services)."""
        await self.stop()
        self._assigned = set()
        await self.start()


# ---------------------------------------------------------------------------------------------
# Matching what arrived against the farm's answer key.


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def _place_matches(expected: dict, location: dict) -> bool:
    want = expected["place"].lower()
    names = [location.get("name"), location.get("resolved"), *(location.get("alternates") or ())]
    return any(n and (want in n.lower() or n.lower() in want) for n in names)


def match_alerts(ledger: list[dict], alerts: list[AlertRecord], check_country: bool = True
                 ) -> dict:
    """Per expected item: the first alert that carries it, and whether it is the right one.

    ``check_country=False`` counts delivery only (right topic and type): what the fault runs
    check, since where the extractor puts an event is the e2e benchmark's business."""
    by_url: dict[str, list[AlertRecord]] = defaultdict(list)
    for alert in alerts:
        for source in alert.value.get("sources") or ():
            by_url[source.get("url", "")].append(alert)
    expected = [i for i in ledger if i["expected"]]
    found, wrong, missing, latencies, series = 0, [], [], [], []
    for item in expected:
        want = item["expected"]
        carrying = by_url.get(item["url"], [])
        good = [a for a in carrying if a.topic == want["topic"] and a.value.get("type") ==
                want["type"] and (not check_country or (a.value.get("location") or {}).get(
                    "country") == want["country"])]
        if good:
            found += 1
            first = min(a.timestamp for a in good)
            latencies.append(first - item["appeared"])
            series.append((item["appeared"], first - item["appeared"]))
            place_ok = any(_place_matches(want, a.value.get("location") or {}) for a in good)
            if not place_ok:
                wrong.append({"url": item["url"], "why": "place", "expected": want,
                              "got": good[0].value.get("location")})
        elif carrying:
            a = carrying[0]
            wrong.append({"url": item["url"], "why": "type/topic/country", "expected": want,
                          "got": {"topic": a.topic, "type": a.value.get("type"),
                                  "location": a.value.get("location")}})
            missing.append(item["url"])
        else:
            missing.append(item["url"])
    unexplained = _unexplained(ledger, by_url)
    return {"expected": len(expected), "found": found,
            "fraction": found / len(expected) if expected else None,
            "latencies": latencies, "series": series, "wrong": wrong[:50],
            "wrong_count": len(wrong), "missing": missing[:50], "missing_count": len(missing),
            "unexplained": unexplained[:50], "unexplained_count": len(unexplained)}


def _unexplained(ledger: list[dict], by_url: dict[str, list[AlertRecord]]) -> list[dict]:
    """Alerts that carry farm items whose answer key says: no event."""
    quiet = {i["url"] for i in ledger if not i["expected"]}
    out = []
    for url in quiet & set(by_url):
        a = by_url[url][0]
        out.append({"url": url, "topic": a.topic, "type": a.value.get("type"),
                    "location": (a.value.get("location") or {}).get("resolved")})
    return out


def alert_consistency(alerts: list[AlertRecord]) -> dict:
    """Alert ids that carry two different contents at one revision (must never happen)."""
    seen: dict[tuple[str, int], set[str]] = defaultdict(set)
    for a in alerts:
        seen[(a.value.get("id", ""), a.value.get("revision", -1))].add(_alert_digest(a.value))
    conflicts = [f"{k[0]}@{k[1]}" for k, v in seen.items() if len(v) > 1]
    duplicates = sum(1 for a in alerts) - len(seen)
    return {"alerts_records": len(alerts), "ids": len({k[0] for k in seen}),
            "conflicting_revisions": conflicts, "duplicate_records": duplicates}


def _alert_digest(value: dict) -> str:
    return hashlib.sha1(orjson.dumps(value, option=orjson.OPT_SORT_KEYS)).hexdigest()


def article_consistency(articles: list[ArticleRecord]) -> dict:
    """Article ids produced more than once, and those whose content differed."""
    digests: dict[bytes | None, set[str]] = defaultdict(set)
    counts: Counter = Counter()
    for a in articles:
        digests[a.key].add(a.digest)
        counts[a.key] += 1
    dupes = {k: n for k, n in counts.items() if n > 1}
    return {"records": len(articles), "ids": len(counts), "ids_produced_twice": len(dupes),
            "extra_records": sum(n - 1 for n in dupes.values()),
            "ids_with_different_content": sum(1 for v in digests.values() if len(v) > 1)}


def article_figures(ledger: list[dict], articles: list[ArticleRecord], started: float,
                    finished: float) -> dict:
    """Throughput and fetch latency of ``news.articles`` against the items that appeared."""
    first: dict[str, float] = {}
    for a in articles:
        if a.url not in first or a.timestamp < first[a.url]:
            first[a.url] = a.timestamp
    appeared = {i["url"]: i["appeared"] for i in ledger}
    delivered = [u for u in appeared if u in first]
    lat = [first[u] - appeared[u] for u in delivered]
    during = sum(1 for u in delivered if first[u] <= finished)
    window = max(finished - started, 1e-9)
    last = max((first[u] for u in delivered), default=finished)
    per_second = Counter(int(first[u] - started) for u in delivered)
    middle = started + window / 2
    second_half = sum(1 for u in delivered if middle <= first[u] <= finished)
    return {"items": len(ledger), "articles": len(delivered),
            "pages_fetched": sum(1 for i in ledger if i.get("fetched")),
            "offered_per_s": len(ledger) / window,
            "produced_per_s_during_publishing": during / window,
            "produced_per_s_overall": len(delivered) / max(last - started, 1e-9),
            "produced_per_s_second_half": second_half / max(finished - middle, 1e-9),
            "backlog_at_publish_end": len(ledger) - during,
            "drained_after_s": max(0.0, last - finished),
            "fetch_latency_p50": percentile(lat, 50), "fetch_latency_p90": percentile(lat, 90),
            "fetch_latency_p99": percentile(lat, 99), "fetch_latency_max": max(lat, default=None),
            "stages": stage_latencies(ledger, first),
            "per_second": [per_second.get(s, 0) for s in range(int(last - started) + 1)]}


def stage_latencies(ledger: list[dict], produced: dict[str, float]) -> dict:
    """Where an article's time goes: waiting for a poll to list it (appeared → listed), waiting
    for its page (listed → fetched), and reading it into ``news.articles`` (fetched → produced)."""
    spans: dict[str, list[float]] = {"poll_wait": [], "page_wait": [], "page_to_article": []}
    for item in ledger:
        listed, fetched, done = item.get("listed"), item.get("fetched"), produced.get(item["url"])
        if listed is not None:
            spans["poll_wait"].append(listed - item["appeared"])
            if fetched is not None:
                spans["page_wait"].append(fetched - listed)
        if fetched is not None and done is not None:
            spans["page_to_article"].append(done - fetched)
    return {name: {q: percentile(values, n) for q, n in (("p50", 50), ("p90", 90), ("p99", 99))}
            for name, values in spans.items()}


# ---------------------------------------------------------------------------------------------
# Profiling with py-spy.


def start_profile(pid: int, seconds: float, out: Path) -> subprocess.Popen | None:
    spy = Path(PYTHON).parent / "py-spy"
    if not spy.exists():
        return None
    args = [str(spy), "record", "--pid", str(pid), "--duration", str(int(seconds)), "--rate", "50",
            "--nonblocking", "--subprocesses", "--format", "raw", "--output", str(out)]
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def summarise_profile(raw: Path, top: int = 25) -> str:
    """Top self and inclusive costs (by module:function) from py-spy's collapsed stacks."""
    selfc: Counter = Counter()
    incl: Counter = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = [_frame(f) for f in stack.split(";") if f]
        if frames:
            selfc[frames[-1]] += n
        for f in set(frames):
            incl[f] += n
    if not total:
        return "(no samples)\n"
    lines = [f"samples: {total}", "", "self (leaf frame):"]
    lines += [f"  {100 * n / total:5.1f}%  {f}" for f, n in selfc.most_common(top)]
    lines += ["", "inclusive (frame anywhere on the stack):"]
    lines += [f"  {100 * n / total:5.1f}%  {f}" for f, n in incl.most_common(top * 2)]
    return "\n".join(lines) + "\n"


def _frame(frame: str) -> str:
    # py-spy raw frames look like "function (path/to/file.py:123)"
    name, _, where = frame.partition(" (")
    path = where.rsplit(":", 1)[0]
    short = path.split("site-packages/")[-1].split("/work/main/")[-1]
    return f"{short}:{name}"


# ---------------------------------------------------------------------------------------------
# One benchmark run.


@dataclass
class Options:
    mode: str
    rate: float
    duration: float
    feeds: int
    domains: int
    window: int
    drain: float
    profile: float
    event_share: float
    seed: int
    tag: str
    partitions: int
    poll_interval: float = 1.0
    request_spacing: float | None = None


async def bench(opts: Options) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix=f"e2e-{opts.mode}-"))
    load_before = loadavg()
    broker = EmbeddedBroker.start()
    farm = FarmProcess.start(workdir, feeds=opts.feeds, domains=opts.domains, rate=opts.rate,
                             duration=opts.duration, window=opts.window,
                             event_share=opts.event_share, seed=opts.seed,
                             request_spacing=opts.request_spacing)
    group = f"bench-{uuid.uuid4().hex[:8]}"
    extra = {"NEWSALERT_TOPIC_PARTITIONS": str(opts.partitions),
             "NEWSALERT_POLL_INTERVAL": f"{opts.poll_interval:g}"}
    commands = {"run": ("run",), "split": SERVICES, "fetcher": ("fetcher",)}[opts.mode]
    procs = [ServiceProcess.create(c, broker.bootstrap, farm.outlets, workdir, group, extra)
             for c in commands]
    collector = Collector(broker.bootstrap)
    collector.alerts_expected = opts.mode != "fetcher"
    samples: list[dict] = []
    try:
        for p in procs:
            p.start()
        for p in procs:
            await p.wait_ready()
        await collector.start()
        cpu0 = {p.name: p.cpu() for p in procs}
        cpu0_broker, cpu0_farm = proc_cpu(broker.process.pid), proc_cpu(farm.popen.pid)
        t_start = time.time()
        farm.call("start")
        profilers = []
        sampler = asyncio.create_task(_sample(procs, broker, farm, samples, t_start))
        if opts.profile:
            await asyncio.sleep(min(10.0, opts.duration / 4))
            profilers = [(p, start_profile(p.pid, opts.profile,
                                           workdir / f"profile-{p.name}.txt")) for p in procs]
        await _wait_published(farm, opts.duration + 30)
        t_published = time.time()
        await _wait_drained(farm, collector, opts.drain)
        t_end = time.time()
        for p in procs:
            p.sample_hwm()
        cpu = {p.name: p.cpu() - cpu0[p.name] for p in procs}
        cpu_broker = proc_cpu(broker.process.pid) - cpu0_broker
        cpu_farm = proc_cpu(farm.popen.pid) - cpu0_farm
        hwm = {p.name: max(p.hwm_kb, default=0) / 1024 for p in procs}
        hwm.update({f"{p.name} workers (largest of {p.workers})": p.worker_hwm_kb / 1024
                    for p in procs if p.workers})
        hwm["broker"] = (proc_status(broker.process.pid, "VmHWM") or 0) / 1024
        hwm["farm"] = (proc_status(farm.popen.pid, "VmHWM") or 0) / 1024
        stats = farm.call("stats")
        ledger = farm.call("ledger")
        sampler.cancel()
        for _, spy in profilers:
            if spy is not None:
                spy.wait(timeout=opts.profile + 60)
    finally:
        await collector.stop()
        for p in procs:
            p.terminate()
        farm.stop()
        broker.stop()
    load_after = loadavg()
    started, finished = stats["started"], stats["finished"] or t_published
    arts = article_figures(ledger, collector.articles, started, finished)
    alerts = match_alerts(ledger, collector.alerts)
    n_articles = max(arts["articles"], 1)
    result = {
        "mode": opts.mode, "tag": opts.tag, "options": opts.__dict__,
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t_start)),
        "load_before": load_before, "load_after": load_after, "nproc": os.cpu_count(),
        "wall_s": t_end - t_start, "farm": stats, "articles": arts,
        "alerts": {k: v for k, v in alerts.items() if k not in ("latencies", "series")},
        "alert_latency": {
            "p50": percentile(alerts["latencies"], 50), "p90": percentile(alerts["latencies"], 90),
            "p99": percentile(alerts["latencies"], 99),
            "max": max(alerts["latencies"], default=None),
            "mean": statistics.fmean(alerts["latencies"]) if alerts["latencies"] else None},
        "alert_consistency": alert_consistency(collector.alerts),
        "article_consistency": article_consistency(collector.articles),
        "cpu_s": {**cpu, "broker": cpu_broker, "farm": cpu_farm},
        "cpu_s_per_1000_articles": {
            "services": 1000 * sum(cpu.values()) / n_articles,
            **{k: 1000 * v / n_articles for k, v in cpu.items()},
            "broker": 1000 * cpu_broker / n_articles},
        "peak_rss_mb": hwm, "samples": samples, "workdir": str(workdir),
    }
    if opts.profile:
        result["profile"] = {}
        for p, spy in profilers:
            raw = workdir / f"profile-{p.name}.txt"
            if spy is not None and raw.exists():
                result["profile"][p.name] = summarise_profile(raw)
    _write(result, alerts["series"], started)
    return result


async def _sample(procs, broker, farm, samples: list[dict], t0: float) -> None:
    """CPU seconds per process every second (for the plot), and the memory high-water mark."""
    while True:
        row = {"t": time.time() - t0, "load1": loadavg()[0],
               "broker": proc_cpu(broker.process.pid), "farm": proc_cpu(farm.popen.pid)}
        for p in procs:
            row[p.name] = p.cpu()
            p.sample_hwm()
        samples.append(row)
        await asyncio.sleep(1.0)


async def _wait_published(farm: FarmProcess, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (await asyncio.to_thread(farm.call, "stats"))["finished"]:
            return
        await asyncio.sleep(0.5)


async def _wait_drained(farm: FarmProcess, collector: Collector, timeout: float) -> None:
    """Until every expected alert arrived, or nothing new came for 10 s, or ``timeout``."""
    ledger = await asyncio.to_thread(farm.call, "ledger")
    want = {i["url"] for i in ledger if i["expected"]}
    items = {i["url"] for i in ledger}
    deadline = time.monotonic() + timeout
    last_change, last_count = time.monotonic(), -1
    while time.monotonic() < deadline:
        carried = {s.get("url") for a in collector.alerts for s in a.value.get("sources") or ()}
        articles = {a.url for a in collector.articles}
        if (want <= carried or not collector.alerts_expected) and items <= articles:
            await asyncio.sleep(1.0)  # let late revisions land
            return
        count = len(collector.alerts) + len(collector.articles)
        if count != last_count:
            last_change, last_count = time.monotonic(), count
        elif time.monotonic() - last_change > 10:
            return
        await asyncio.sleep(0.5)


# ---------------------------------------------------------------------------------------------
# Output.


def _write(result: dict, series: list[tuple[float, float]], started: float) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = f"e2e-{result['mode']}-{result['tag']}"
    (RESULTS / f"{stem}.json").write_bytes(orjson.dumps(result, option=orjson.OPT_INDENT_2))
    if "profile" in result:
        text = "\n".join(f"=== {name} ===\n{body}" for name, body in result["profile"].items())
        (RESULTS / f"{stem}-profile.txt").write_text(text)
    _plot(result, series, started, RESULTS / f"{stem}.png")


def _plot(result: dict, series: list[tuple[float, float]], started: float, out: Path) -> None:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib missing: no plot (pip install matplotlib)", file=sys.stderr)
        return
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(10, 7), sharex=True)
    if series:
        xs = [a - started for a, _ in series]
        ax1.scatter(xs, [lat for _, lat in series], s=3, alpha=0.5)
    lat = result["alert_latency"]
    for q in ("p50", "p99"):
        if lat[q] is not None:
            ax1.axhline(lat[q], linestyle="--", linewidth=0.8, label=f"{q} {lat[q]:.2f} s")
    ax1.set_ylabel("appearance → alert acked (s)")
    ax1.set_title(f"newsalert {result['mode']}: {result['options']['rate']:.0f} items/s, "
                  f"{result['options']['feeds']} feeds, {result['options']['domains']} domains "
                  f"(load {result['load_before'][0]:.2f} before)")
    ax1.legend(loc="upper left")
    per_second = result["articles"]["per_second"]
    ax2.plot(range(len(per_second)), per_second, label="articles produced / s")
    ax2.axhline(result["options"]["rate"], linestyle="--", color="grey", label="offered")
    samples = result["samples"]
    names = [n for n in samples[0] if n not in ("t", "load1")] if samples else []
    ax3 = ax2.twinx()
    for name in names:
        pts = [(b["t"], 100 * (b[name] - a[name]) / max(b["t"] - a["t"], 1e-9))
               for a, b in zip(samples, samples[1:])]
        ax3.plot([t for t, _ in pts], [c for _, c in pts], linewidth=0.8, alpha=0.7,
                 label=f"{name} CPU %")
    ax3.set_ylabel("CPU % (one core = 100)")
    ax2.set_xlabel("seconds since the farm started publishing")
    ax2.set_ylabel("articles / s")
    lines = ax2.get_legend_handles_labels()
    more = ax3.get_legend_handles_labels()
    ax2.legend(lines[0] + more[0], lines[1] + more[1], loc="upper right", fontsize=7)
    fig.tight_layout()
    fig.savefig(out, dpi=90)
    plt.close(fig)


def markdown(results: list[dict], command: str) -> str:
    rows = ["| mode | offered/s | produced/s (publishing) | produced/s (second half) | "
            "backlog at end | pages fetched | alerts found | p50 s | p90 s | p99 s | "
            "CPU s/1k art. (services) | peak RSS MB | load before→after |", "|" + "---|" * 13]
    for r in results:
        a, lat = r["articles"], r["alert_latency"]
        rss = ", ".join(f"{k} {v:.0f}" for k, v in r["peak_rss_mb"].items())
        rows.append(
            f"| {r['mode']} | {a['offered_per_s']:.0f} | "
            f"{a['produced_per_s_during_publishing']:.0f} | {a['produced_per_s_second_half']:.0f} | "
            f"{a['backlog_at_publish_end']} | {a['pages_fetched']}/{a['items']} | "
            f"{r['alerts']['found']}/{r['alerts']['expected']} | {_f(lat['p50'])} | "
            f"{_f(lat['p90'])} | {_f(lat['p99'])} | "
            f"{r['cpu_s_per_1000_articles']['services']:.1f} | {rss} | "
            f"{r['load_before'][0]:.2f}→{r['load_after'][0]:.2f} |")
    stages = ["", "| mode | stage | p50 s | p90 s | p99 s |", "|---|---|---|---|---|"]
    for r in results:
        for name, q in r["articles"]["stages"].items():
            stages.append(f"| {r['mode']} | {name} | {_f(q['p50'])} | {_f(q['p90'])} | {_f(q['p99'])} |")
    return (f"# End-to-end benchmark ({results[0]['when']})\n\n`{command}`\n\n"
            + "\n".join(rows + stages) + "\n")


def _f(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--mode", choices=("run", "split", "both", "fetcher"), default="both",
                   help="run: `newsalert run`; split: three processes; both: one then the "
                        "other; fetcher: the fetcher alone (articles only, no alerts)")
    p.add_argument("--rate", type=float, default=250.0, help="items the farm adds per second")
    p.add_argument("--duration", type=float, default=30.0, help="seconds of publishing")
    p.add_argument("--feeds", type=int, default=1000, help="one outlet each")
    p.add_argument("--domains", type=int, default=1000,
                   help="loopback addresses; the fetcher reads one page per second per domain, "
                        "so keep rate/domains below ~0.5")
    p.add_argument("--window", type=int, default=40, help="items per feed document")
    p.add_argument("--drain", type=float, default=30.0, help="max seconds to wait after")
    p.add_argument("--profile", type=float, default=0.0, help="py-spy seconds (0: none)")
    p.add_argument("--event-share", type=float, default=0.5)
    p.add_argument("--seed", type=int, default=6)
    p.add_argument("--partitions", type=int, default=6)
    p.add_argument("--request-spacing", type=float,
                   help="seconds between requests each farm domain allows (default: the fetcher's 1 s)")
    p.add_argument("--poll-interval", type=float, default=1.0,
                   help="the feeds' lower poll bound, seconds (NEWSALERT_POLL_INTERVAL)")
    p.add_argument("--tag", default="latest", help="suffix of the result files")
    return p


def main() -> None:
    args = _parser().parse_args()
    modes = ("run", "split") if args.mode == "both" else (args.mode,)
    results = []
    for mode in modes:
        opts = Options(mode, args.rate, args.duration, args.feeds, args.domains, args.window,
                       args.drain, args.profile, args.event_share, args.seed, args.tag,
                       args.partitions, args.poll_interval, args.request_spacing)
        result = asyncio.run(bench(opts))
        results.append(result)
        brief = {k: result[k] for k in ("mode", "alert_latency", "cpu_s_per_1000_articles",
                                        "peak_rss_mb", "load_before", "load_after")}
        brief["articles"] = {k: v for k, v in result["articles"].items() if k != "per_second"}
        brief["alerts"] = {k: result["alerts"][k] for k in
                           ("expected", "found", "wrong_count", "unexplained_count")}
        print(orjson.dumps(brief, option=orjson.OPT_INDENT_2).decode(), flush=True)
    command = "python bench/e2e_bench.py " + " ".join(sys.argv[1:])
    (RESULTS / f"e2e-{args.tag}.md").write_text(markdown(results, command))


if __name__ == "__main__":
    main()
