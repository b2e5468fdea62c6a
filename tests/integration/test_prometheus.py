"""A real Prometheus server scrapes a real `newsalert run`: the metrics an operator relies on are
there, in a format Prometheus and promtool accept, and they move when articles flow.

Prometheus (Debian's `prometheus` package, installed by deploy/tools/ensure-prometheus.sh) runs
on loopback with a temporary configuration scraping newsalert's /metrics every second; the
pipeline fetches a feed from a local outlet (tests/integration/test_shutdown.py's helpers).
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from services.kernel.broker import free_port
from tests.integration.test_shutdown import Newsalert, local_outlet, newsalert, outlets_file

pytestmark = pytest.mark.integration

ARTICLES_TIMEOUT = 60.0


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: run deploy/tools/ensure-prometheus.sh")
    return path


class Prometheus:
    def __init__(self, port: int, process: subprocess.Popen[bytes], log: Path) -> None:
        self.port, self.process, self.log = port, process, log

    def query(self, promql: str) -> list[dict]:
        url = (f"http://127.0.0.1:{self.port}/api/v1/query?"
               + urllib.parse.urlencode({"query": promql}))
        with urllib.request.urlopen(url, timeout=5) as response:
            answer = json.load(response)
        assert answer["status"] == "success", answer
        return answer["data"]["result"]

    def wait_for(self, promql: str, check, timeout: float, what: str) -> list[dict]:
        deadline = time.monotonic() + timeout
        result: list[dict] = []
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"prometheus exited:\n{self.log.read_text()}"
            with contextlib.suppress(OSError):
                result = self.query(promql)
                if result and check(result):
                    return result
            time.sleep(0.5)
        pytest.fail(f"{what}: `{promql}` gave {result} after {timeout}s")


@contextlib.contextmanager
def prometheus(folder: Path, target: str) -> Iterator[Prometheus]:
    config = folder / "prometheus.yml"
    config.write_text(yaml.safe_dump({
        "global": {"scrape_interval": "1s", "scrape_timeout": "900ms", "evaluation_interval": "1s"},
        "scrape_configs": [{"job_name": "newsalert", "static_configs": [{"targets": [target]}]}],
    }))
    port = free_port()
    log = folder / "prometheus.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [tool("prometheus"), f"--config.file={config}",
             f"--storage.tsdb.path={folder / 'tsdb'}",
             f"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"],
            stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT,
        )
    try:
        yield Prometheus(port, process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def value(sample: dict) -> float:
    return float(sample["value"][1])


@pytest.fixture(scope="module")
def scraped(tmp_path_factory) -> Iterator[tuple[Newsalert, Prometheus]]:
    """`newsalert run` fetching a local outlet, and Prometheus scraping it, both running."""
    folder = tmp_path_factory.mktemp("prometheus")
    with local_outlet() as site, newsalert(
        ["run", "--outlets", str(outlets_file(folder, site))], folder
    ) as running, prometheus(folder, f"127.0.0.1:{running.port}") as server:
        yield running, server


def test_prometheus_sees_articles_produced(scraped):
    _, server = scraped
    server.wait_for('up{job="newsalert"}', lambda r: value(r[0]) == 1, 30, "target not up")
    produced = server.wait_for(
        "sum(newsalert_articles_produced_total)", lambda r: value(r[0]) > 0, ARTICLES_TIMEOUT,
        "no article counted",
    )
    assert value(produced[0]) >= 1


def test_every_service_reports_ready_and_its_kafka_metrics(scraped):
    _, server = scraped
    ready = server.wait_for("newsalert_ready", lambda r: len(r) == 3 and all(
        value(s) == 1 for s in r), 60, "not every service ready")
    assert {s["metric"]["service"] for s in ready} == {"fetcher", "extractor", "publisher"}
    consumed = server.wait_for(
        'sum by (service) (newsalert_messages_consumed_total{topic="news.articles"})',
        lambda r: value(r[0]) > 0, ARTICLES_TIMEOUT, "the extractor consumed nothing",
    )
    assert {s["metric"]["service"] for s in consumed} == {"extractor"}
    server.wait_for("sum(newsalert_articles_consumed_total)", lambda r: value(r[0]) > 0,
                    ARTICLES_TIMEOUT, "no article counted by the extractor")


def test_fetch_outcomes_are_labelled_without_urls(scraped):
    _, server = scraped
    fetches = server.wait_for("newsalert_fetch_requests_total", lambda r: len(r) > 0,
                              ARTICLES_TIMEOUT, "no fetch counted")
    outcomes = {"2xx", "304", "4xx", "429", "5xx", "timeout", "refused", "too_large", "error"}
    for sample in fetches:
        labels = sample["metric"]
        assert labels["outcome"] in outcomes, labels
        assert labels["outlet"] == "harbour-gazette", labels
        assert not any("://" in v for v in labels.values()), labels


def test_metrics_text_passes_promtool_check_metrics(scraped):
    running, _ = scraped
    status, body = running.get("/metrics")
    assert status == 200
    assert b"newsalert_articles_produced_total" in body
    done = subprocess.run([tool("promtool"), "check", "metrics"], input=body,
                          capture_output=True, timeout=30)
    assert done.returncode == 0, (done.stdout + done.stderr).decode()
