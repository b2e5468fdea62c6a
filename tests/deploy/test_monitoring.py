"""The opt-in components: Prometheus Operator monitoring (rules checked and unit-tested with the
real promtool), KEDA scaling on the extractor's lag, and a Strimzi topic for every topic."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from services.kernel import topics
from services.kernel.settings import Settings
from tests.deploy.conftest import DEPLOY, build, by_name, of_kind

#: Every metric the services expose (issue 4); rules and the dashboard may use only these.
METRICS = {
    "newsalert_fetch_requests_total", "newsalert_fetch_duration_seconds",
    "newsalert_feeds_in_backoff", "newsalert_newest_item_age_seconds",
    "newsalert_articles_produced_total", "newsalert_items_deduplicated_total",
    "newsalert_feed_parse_errors_total", "newsalert_articles_consumed_total",
    "newsalert_events_total", "newsalert_extraction_duration_seconds",
    "newsalert_articles_skipped_total", "newsalert_events_consumed_total",
    "newsalert_alerts_total", "newsalert_corroboration_revisions_total",
    "newsalert_end_to_end_latency_seconds", "newsalert_dead_letters_total",
    "newsalert_consumer_lag_messages", "newsalert_messages_consumed_total",
    "newsalert_ready", "newsalert_batch_duration_seconds", "newsalert_handler_retries_total",
}
ALERT_RULES = ("border", "territory", "conflict", "unrest", "diplomacy")


def metric_names(expr: str) -> set[str]:
    """The newsalert_ metric names an expression reads (histogram suffixes removed)."""
    names = set(re.findall(r"\bnewsalert_[a-z_]+", expr))
    return {re.sub(r"_(bucket|sum|count)$", "", n) for n in names}


def prometheus_rule() -> dict:
    (rule,) = of_kind(build("prod"), "PrometheusRule")
    return rule


def write_rules(folder: Path, with_annotations: bool = True) -> Path:
    groups = yaml.safe_load(yaml.safe_dump(prometheus_rule()["spec"]["groups"]))
    if not with_annotations:
        for group in groups:
            for rule in group["rules"]:
                rule.pop("annotations", None)
    path = folder / "rules.yaml"
    path.write_text(yaml.safe_dump({"groups": groups}, sort_keys=False))
    return path


def test_promtool_accepts_the_prometheusrule(promtool, tmp_path):
    rules = write_rules(tmp_path)
    done = subprocess.run([promtool, "check", "rules", str(rules)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS" in done.stdout


def test_promtool_rejects_a_broken_rule(promtool, tmp_path):
    (tmp_path / "rules.yaml").write_text(yaml.safe_dump({"groups": [{"name": "g", "rules": [
        {"alert": "Broken", "expr": "sum(rate(newsalert_alerts_total[5m])"}]}]}))
    done = subprocess.run([promtool, "check", "rules", str(tmp_path / "rules.yaml")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0


def test_alerts_fire_when_they_should_and_only_then(promtool, tmp_path):
    write_rules(tmp_path, with_annotations=False)
    shutil.copy(DEPLOY / "components" / "monitoring" / "alerts-test.yaml", tmp_path)
    done = subprocess.run([promtool, "test", "rules", "alerts-test.yaml"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_alert_has_an_operator_facing_summary_and_severity():
    alerts = [r for g in prometheus_rule()["spec"]["groups"] for r in g["rules"] if "alert" in r]
    names = {a["alert"] for a in alerts}
    assert {"NewsalertFeedFailureRatioHigh", "NewsalertNoArticles", "NewsalertConsumerLagGrowing",
            "NewsalertDeadLetters", "NewsalertEndToEndLatencyHigh"} <= names
    for alert in alerts:
        assert alert["labels"]["severity"] in {"warning", "critical"}
        assert alert["annotations"]["summary"] and alert["annotations"]["description"]


def test_rules_use_only_metrics_the_services_expose():
    for group in prometheus_rule()["spec"]["groups"]:
        for rule in group["rules"]:
            assert metric_names(rule["expr"]) <= METRICS, rule.get("alert") or rule.get("record")


def test_servicemonitor_scrapes_the_metrics_port_of_every_service():
    objects = build("prod")
    (monitor,) = of_kind(objects, "ServiceMonitor")
    selector = monitor["spec"]["selector"]["matchLabels"]
    selected = [s for s in of_kind(objects, "Service")
                if selector.items() <= s["metadata"]["labels"].items()]
    assert {s["metadata"]["name"] for s in selected} == {
        "newsalert-fetcher", "newsalert-extractor", "newsalert-publisher"}
    (endpoint,) = monitor["spec"]["endpoints"]
    assert endpoint["path"] == "/metrics"
    for service in selected:
        assert endpoint["port"] in {p["name"] for p in service["spec"]["ports"]}


def test_keda_scales_the_extractor_on_its_lag_on_the_articles_topic():
    objects = build("prod")
    (scaled,) = of_kind(objects, "ScaledObject")
    target = scaled["spec"]["scaleTargetRef"]["name"]
    assert target == "newsalert-extractor" and target in by_name(objects, "Deployment")
    (trigger,) = scaled["spec"]["triggers"]
    assert trigger["type"] == "kafka"
    meta = trigger["metadata"]
    assert meta["topic"] == topics.ARTICLES
    # The group the extractor joins: NEWSALERT_GROUP_PREFIX (default) + "-extractor".
    env = {k: v for k, v in next(o for o in of_kind(objects, "ConfigMap")
           if o["metadata"]["name"].startswith("newsalert-env"))["data"].items()
           if not k.endswith("_FILE")}
    assert meta["consumerGroup"] == f"{Settings.from_env(env).group_prefix}-extractor"
    assert meta["bootstrapServers"] == env["KAFKA_BOOTSTRAP_SERVERS"]
    assert int(meta["lagThreshold"]) > 0
    assert scaled["spec"]["maxReplicaCount"] <= int(env["NEWSALERT_TOPIC_PARTITIONS"])


def alert_topics() -> set[str]:
    """The topics of the deployed rules file (deploy/base/config/rules.yaml)."""
    rules = yaml.safe_load((DEPLOY / "base" / "config" / "rules.yaml").read_text())
    return {r.get("topic") or f"{topics.ALERT_PREFIX}{r['name']}" for r in rules["rules"]}


def test_the_deployed_rules_publish_to_the_five_alert_topics():
    assert alert_topics() == {f"{topics.ALERT_PREFIX}{r}" for r in ALERT_RULES}


def test_a_strimzi_topic_for_every_topic_of_the_pipeline():
    kafka_topics = {t["spec"]["topicName"]: t for t in of_kind(build("prod"), "KafkaTopic")}
    expected = {*topics.PIPELINE_TOPICS, *alert_topics()}
    assert set(kafka_topics) == expected
    for name, topic in kafka_topics.items():
        assert topic["metadata"]["labels"]["strimzi.io/cluster"] == "newsalert"
        assert topic["spec"]["partitions"] >= 1 and topic["spec"]["replicas"] >= 1
        policy = topic["spec"]["config"]["cleanup.policy"]
        compacted = name == topics.FEED_STATE or name.startswith(topics.ALERT_PREFIX)
        assert policy == ("compact" if compacted else "delete"), name
        if not compacted:
            assert int(topic["spec"]["config"]["retention.ms"]) > 0, name


@pytest.mark.parametrize("name", sorted((DEPLOY / "schemas").glob("*.json")), ids=lambda p: p.stem)
def test_crd_schema_rejects_an_unknown_spec_field(name):
    import json

    import jsonschema

    schema = json.loads(name.read_text())
    validator = jsonschema.Draft202012Validator(schema)
    api_version = schema["properties"]["apiVersion"]["const"]
    kind = schema["properties"]["kind"]["const"]
    (good,) = [o for o in build("prod") if (o["apiVersion"], o["kind"]) == (api_version, kind)][:1]
    validator.validate(good)
    bad = json.loads(json.dumps(good))
    bad["spec"]["replicaz"] = 3
    assert not validator.is_valid(bad)


def test_scraped_service_label_is_not_renamed_by_the_operator():
    (monitor,) = of_kind(build("prod"), "ServiceMonitor")
    assert all(e.get("honorLabels") is True for e in monitor["spec"]["endpoints"])
