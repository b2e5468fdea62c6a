"""A real Prometheus server scrapes a real `newsalert run`: the metrics an operator relies on are
there, in a format Prometheus and promtool accept, and they move when articles flow.

Prometheus (Debian's `prometheus` package, installed by deploy/tools/ensure-prometheus.sh) runs
on loopback with a temporary configuration scraping newsalert's /metrics every second; the
pipeline fetches a feed from a local outlet (tests/integration/test_shutdown.py's helpers).
"""

from __future__ import annotations

import contextlib
import json
import math
import re
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
from tests.integration.feedserver import Site
from tests.integration.test_shutdown import (
    LATER_STORY, STORIES, Newsalert, local_outlet, newsalert, outlets_file, publish,
)

pytestmark = pytest.mark.integration

ARTICLES_TIMEOUT = 60.0
ROOT = Path(__file__).resolve().parents[2]
PROMETHEUS_RULE = ROOT / "deploy" / "components" / "monitoring" / "prometheusrule.yaml"


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
    # The deployed recording and alerting rules, evaluated every second against real metrics.
    rules = folder / "rules.yml"
    rules.write_text(yaml.safe_dump(
        {"groups": yaml.safe_load(PROMETHEUS_RULE.read_text())["spec"]["groups"]}))
    config = folder / "prometheus.yml"
    config.write_text(yaml.safe_dump({
        "global": {"scrape_interval": "1s", "scrape_timeout": "900ms", "evaluation_interval": "1s"},
        "rule_files": [str(rules)],
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
def scraped(tmp_path_factory) -> Iterator[tuple[Newsalert, Prometheus, Site]]:
    """`newsalert run` fetching a local outlet, and Prometheus scraping it, both running."""
    folder = tmp_path_factory.mktemp("prometheus")
    with local_outlet() as site, newsalert(
        ["run", "--outlets", str(outlets_file(folder, site))], folder,
        NEWSALERT_MAX_POLL_INTERVAL="2",  # re-poll the feed every 2 s at most
    ) as running, prometheus(folder, f"127.0.0.1:{running.port}") as server:
        yield running, server, site


def test_prometheus_sees_articles_produced(scraped):
    _, server, _ = scraped
    server.wait_for('up{job="newsalert"}', lambda r: value(r[0]) == 1, 30, "target not up")
    produced = server.wait_for(
        "sum(newsalert_articles_produced_total)", lambda r: value(r[0]) > 0, ARTICLES_TIMEOUT,
        "no article counted",
    )
    assert value(produced[0]) >= 1


def test_every_service_reports_ready_and_its_kafka_metrics(scraped):
    _, server, _ = scraped
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
    _, server, _ = scraped
    fetches = server.wait_for("newsalert_fetch_requests_total", lambda r: len(r) > 0,
                              ARTICLES_TIMEOUT, "no fetch counted")
    outcomes = {"2xx", "304", "4xx", "429", "5xx", "timeout", "refused", "too_large", "error"}
    for sample in fetches:
        labels = sample["metric"]
        assert labels["outcome"] in outcomes, labels
        assert labels["outlet"] == "harbour-gazette", labels
        assert not any("://" in v for v in labels.values()), labels


def test_metrics_text_passes_promtool_check_metrics(scraped):
    running, _, _ = scraped
    status, body = running.get("/metrics")
    assert status == 200
    assert b"newsalert_articles_produced_total" in body
    done = subprocess.run([tool("promtool"), "check", "metrics"], input=body,
                          capture_output=True, timeout=30)
    assert done.returncode == 0, (done.stdout + done.stderr).decode()


def test_deployed_rules_evaluate_on_the_real_metrics(scraped):
    """The rules' label names and metric names match what the services really expose."""
    _, server, site = scraped
    # NaN (0/0) until a second fetch has been counted; then a number.
    ratio = server.wait_for(
        "newsalert:fetch_failure_ratio:rate15m", lambda r: not math.isnan(value(r[0])),
        ARTICLES_TIMEOUT, "the fetch failure ratio was never recorded",
    )
    assert {s["metric"]["outlet"] for s in ratio} == {"harbour-gazette"}
    assert all(value(s) == 0 for s in ratio), ratio
    lag = server.wait_for("newsalert_consumer_lag_messages", lambda r: len(r) > 0,
                          ARTICLES_TIMEOUT, "no consumer lag reported")
    assert all({"service", "topic", "partition"} <= set(s["metric"]) for s in lag), lag
    # A story published while Prometheus watches: the increase is seen, so "no articles" stops
    # being even pending. (Articles counted before a series' first scrape are invisible to
    # increase(): a fetcher that starts its per-outlet series at 0 avoids that.)
    publish(site, [*STORIES, LATER_STORY])
    server.wait_for('count(ALERTS{alertname="NewsalertNoArticles"}) or vector(0)',
                    lambda r: value(r[0]) == 0, 30, "NewsalertNoArticles still pending")
    assert server.query('ALERTS{alertname=~"NewsalertDeadLetters|NewsalertNotReady"}') == []


def test_every_metric_the_rules_and_dashboard_use_is_exposed(scraped):
    """The names deploy/ relies on (tests/deploy/test_monitoring.py METRICS) all exist."""
    from tests.deploy.test_monitoring import METRICS

    running, _, _ = scraped
    text = running.get("/metrics")[1].decode()
    families = set(re.findall(r"^# TYPE (\S+) ", text, re.MULTILINE))
    exposed = families | {f"{name}_total" for name in families}
    assert METRICS - exposed == set()
