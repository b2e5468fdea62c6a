"""Graceful shutdown of the real command: `newsalert run` (and one service alone, as a Deployment
runs it) gets ready, receives SIGTERM, drains step by step, and exits 0 well within Kubernetes'
grace period (deploy/base: terminationGracePeriodSeconds 15, NEWSALERT_SHUTDOWN_TIMEOUT 8).

The helpers here (a local outlet serving a feed, the command as a subprocess) are shared with
test_prometheus.py.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from email.utils import format_datetime
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from services.kernel.broker import free_port
from tests.integration.feedserver import Site, article_page, rss, serve

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT = 60.0
EXIT_TIMEOUT = 10.0

STORIES = [
    ("Harbour authority reopens the northern ferry terminal",
     ["The harbour authority said on Tuesday that the northern ferry terminal had reopened "
      "after three weeks of repairs to its loading ramps.",
      "Morning crossings to the islands resumed at seven o'clock, with two extra sailings "
      "planned for the weekend to clear the backlog of freight."]),
    ("City council approves a new cycling bridge over the river",
     ["Councillors voted by a large majority to fund a cycling and walking bridge linking the "
      "old market to the railway station.",
      "Construction is expected to start next spring and to take about eighteen months, the "
      "council's transport office said."]),
]


LATER_STORY = (
    "Regional airline adds a winter route to the mountain resorts",
    ["The regional airline will fly twice a week to the mountain resorts from December, its "
     "chief executive told reporters at the airport.",
     "Tickets go on sale next week; the route will be reviewed after the first season."],
)


def publish(site: Site, stories: list[tuple[str, list[str]]]) -> None:
    """(Re)write the outlet's feed with ``stories``, newest first, and their article pages."""
    now = datetime.now(UTC)
    items = []
    for n, (title, paragraphs) in enumerate(stories):
        path = f"/news/{title.lower().replace(' ', '-')}.html"
        published = now - timedelta(minutes=10 * (len(stories) - n))
        site.add(path, "text/html; charset=utf-8",
                 article_page(title, paragraphs, published.isoformat()))
        items.append((title, site.url(path), site.url(path), format_datetime(published)))
    site.add("/feed.xml", "application/rss+xml", rss("Harbour Gazette", items[::-1]))


@contextlib.contextmanager
def local_outlet() -> Iterator[Site]:
    """An outlet on 127.0.0.1: an RSS feed with two stories and their article pages."""
    site = Site()
    with serve(site):
        publish(site, STORIES)
        yield site


def outlets_file(folder: Path, site: Site) -> Path:
    path = folder / "outlets.yaml"
    path.write_text(yaml.safe_dump({"outlets": [{
        "id": "harbour-gazette", "name": "Harbour Gazette", "country": "GB", "language": "en",
        "feeds": [site.url("/feed.xml")],
    }]}))
    return path


def newsalert_command() -> list[str]:
    """The installed console script, else the same entry point through this interpreter."""
    script = Path(sys.executable).with_name("newsalert")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from services.cli import main; sys.exit(main())"]


@dataclass
class Newsalert:
    """A running ``newsalert`` process; its stderr goes to ``log`` (read with ``text()``)."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def get(self, path: str, timeout: float = 2.0) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"newsalert exited with {self.process.returncode} before it was "
                            f"ready; its log:\n{self.text()[-4000:]}")
            with contextlib.suppress(OSError):
                status, body = self.get("/readyz")
                if status == 200:
                    return
                last = f"{status} {body.decode(errors='replace').strip()}"
            time.sleep(0.2)
        pytest.fail(f"/readyz not 200 within {timeout}s (last: {last}); log:\n{self.text()[-4000:]}")


@contextlib.contextmanager
def newsalert(args: list[str], folder: Path, **env: str) -> Iterator[Newsalert]:
    """Run ``newsalert ARGS`` with probes on a free loopback port; killed if still running."""
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("KAFKA_", "NEWSALERT_"))}
    environ.update({
        "NEWSALERT_HTTP_HOST": "127.0.0.1",
        "NEWSALERT_HTTP_PORT": str(port),
        "NEWSALERT_ALLOW_PRIVATE_NETWORKS": "true",
        "NEWSALERT_POLL_INTERVAL": "1",
        "NEWSALERT_LOG_FORMAT": "text",
        "NEWSALERT_LOG_LEVEL": "INFO",
        "NEWSALERT_SHUTDOWN_TIMEOUT": "8",
        "NEWSALERT_GROUP_PREFIX": f"test-{uuid.uuid4().hex[:8]}",
        "NEWSALERT_TOPIC_PARTITIONS": "2",
        **env,
    })
    log = folder / f"newsalert-{port}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen([*newsalert_command(), *args], cwd=ROOT, env=environ,
                                   stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT)
    running = Newsalert(process=process, port=port, log=log)
    try:
        yield running
    finally:
        # SIGTERM first: a SIGKILLed `newsalert run` would leave its embedded broker behind.
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=EXIT_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def terminate(running: Newsalert) -> tuple[int, float, list[int | str]]:
    """SIGTERM; return the exit code, the seconds it took, and what /readyz said meanwhile."""
    started = time.monotonic()
    running.process.send_signal(signal.SIGTERM)
    answers: list[int | str] = []
    while running.process.poll() is None and time.monotonic() - started < EXIT_TIMEOUT:
        try:
            answers.append(running.get("/readyz", timeout=0.5)[0])
        except OSError:
            answers.append("closed")
        time.sleep(0.05)
    try:
        code = running.process.wait(timeout=max(0.1, EXIT_TIMEOUT - (time.monotonic() - started)))
    except subprocess.TimeoutExpired:
        pytest.fail(f"newsalert still running {EXIT_TIMEOUT}s after SIGTERM; log:\n"
                    f"{running.text()[-4000:]}")
    return code, time.monotonic() - started, answers


def assert_drained_in_order(log: str, services: tuple[str, ...]) -> None:
    """The drain steps of services/kernel/runner.py, each logged, in this order."""
    steps = [
        r"received SIGTERM",
        r"shutdown requested: readiness off",
        r"in-flight work finished",
        *[r"service closed" for _ in services],
        r"probe server closed; exiting",
    ]
    position = 0
    for step in steps:
        found = re.compile(step).search(log, position)
        assert found, f"drain step {step!r} missing (after offset {position}) in:\n{log[-4000:]}"
        position = found.end()
    assert "in-flight work cut short" not in log, log[-4000:]
    assert "Traceback" not in log, log[-4000:]


def port_open(address: str) -> bool:
    host, port = address.rsplit(":", 1)
    with contextlib.suppress(OSError), socket.create_connection((host, int(port)), timeout=0.5):
        return True
    return False


def test_run_drains_on_sigterm_and_exits_zero(tmp_path):
    with local_outlet() as site, newsalert(
        ["run", "--outlets", str(outlets_file(tmp_path, site))], tmp_path
    ) as running:
        running.wait_ready()
        assert running.get("/healthz")[0] == 200
        code, seconds, answers = terminate(running)
        log = running.text()
    assert code == 0, log[-4000:]
    assert seconds < EXIT_TIMEOUT
    assert 200 not in answers[1:], f"/readyz answered 200 after SIGTERM: {answers}"
    assert_drained_in_order(log, ("fetcher", "extractor", "publisher"))
    broker = re.search(r"embedded Kafka broker .* at (\S+)", log)
    assert broker, "`newsalert run` did not print the embedded broker's address"
    assert not port_open(broker.group(1)), "the embedded broker outlived newsalert"


@pytest.mark.parametrize("service", ["fetcher", "extractor", "publisher"])
def test_one_service_drains_as_a_deployment_runs_it(service, tmp_path, kafka_bootstrap):
    with local_outlet() as site, newsalert(
        [service, "--outlets", str(outlets_file(tmp_path, site))], tmp_path,
        KAFKA_BOOTSTRAP_SERVERS=kafka_bootstrap, NEWSALERT_KAFKA_IDEMPOTENCE="false",
    ) as running:
        running.wait_ready()
        code, seconds, answers = terminate(running)
        log = running.text()
    assert code == 0, log[-4000:]
    assert seconds < EXIT_TIMEOUT
    assert 200 not in answers[1:], f"/readyz answered 200 after SIGTERM: {answers}"
    assert_drained_in_order(log, (service,))
    assert re.search(r"producer flushed and closed|closed", log)


def test_a_second_sigterm_during_the_drain_changes_nothing(tmp_path, kafka_bootstrap):
    with local_outlet() as site, newsalert(
        ["fetcher", "--outlets", str(outlets_file(tmp_path, site))], tmp_path,
        KAFKA_BOOTSTRAP_SERVERS=kafka_bootstrap, NEWSALERT_KAFKA_IDEMPOTENCE="false",
    ) as running:
        running.wait_ready()
        # Both arrive while the drain runs (it takes tens of milliseconds at least). A signal
        # after the event loop has closed would meet Python's default handler: see the report.
        running.process.send_signal(signal.SIGTERM)
        running.process.send_signal(signal.SIGTERM)
        code = running.process.wait(timeout=EXIT_TIMEOUT)
        log = running.text()
    assert code == 0, log[-4000:]
    assert log.count("shutdown requested") == 1
