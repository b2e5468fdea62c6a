"""The publisher's handler without a broker: decoding, rule fan-out, keys, headers, metrics."""

from __future__ import annotations

from types import SimpleNamespace

import orjson
import pytest

from services.kernel.errors import DataFileError, MalformedMessage
from services.kernel.messages import encode, to_dict
from services.kernel.metrics import KernelMetrics, new_registry
from services.kernel.settings import Settings
from services.publisher.app import build
from tests.unit.publisher.samples import ALEPPO, BORDER, report, validate_alert


def _service(tmp_path=None, rules: str | None = None):
    settings = Settings()
    if rules is not None:
        path = tmp_path / "rules.yaml"
        path.write_text(rules)
        settings = settings.replace(rules_file=str(path))
    registry = new_registry()
    return build(settings, registry, KernelMetrics(registry)), registry


def _record(value: bytes):
    return SimpleNamespace(topic="news.events", partition=0, offset=0, key=b"k", value=value,
                           headers=())


async def test_event_becomes_keyed_alert_with_headers_and_metrics():
    service, registry = _service()
    out = await service.handle(_record(encode(report("shafaq", **BORDER))))
    out += await service.handle(_record(encode(report("rudaw", **BORDER))))
    assert [o.topic for o in out] == ["alerts.border", "alerts.border"]
    alerts = [orjson.loads(o.value) for o in out]
    for alert in alerts:
        validate_alert(alert)
    assert out[1].key == alerts[1]["id"].encode() and alerts[1]["revision"] == 2
    assert dict(out[1].headers)["ce_id"] == f"{alerts[1]['id']}-2".encode()
    sample = registry.get_sample_value
    assert sample("newsalert_events_consumed_total", {"type": "border.closure"}) == 2
    assert sample("newsalert_alerts_total", {"rule": "border"}) == 2
    assert sample("newsalert_corroboration_revisions_total", {"rule": "border"}) == 1
    assert sample("newsalert_corroboration_groups") == 1
    assert sample("newsalert_end_to_end_latency_seconds_count") == 0  # not acknowledged yet
    service.acknowledged(out)
    assert sample("newsalert_end_to_end_latency_seconds_count") == 2


async def test_unmatched_event_is_counted_and_produces_nothing(tmp_path):
    service, registry = _service(tmp_path, "rules:\n  - {name: b, topic: alerts.b, "
                                           "types: [border.closure], countries: [TR]}\n")
    assert await service.handle(_record(encode(report("shafaq", **BORDER)))) == []
    assert registry.get_sample_value("newsalert_events_unmatched_total") == 1


async def test_one_alert_per_matching_rule(tmp_path):
    service, _ = _service(tmp_path, """\
rules:
  - {name: territory, topic: alerts.territory, types: ["territory.*"]}
  - {name: syria, topic: alerts.syria, types: ["*"], countries: [SY]}
""")
    out = await service.handle(_record(encode(report("trt", **ALEPPO))))
    assert [o.topic for o in out] == ["alerts.territory", "alerts.syria"]
    assert len({o.key for o in out}) == 2
    assert service.outputs == ("alerts.territory", "alerts.syria", "news.dead-letter")


@pytest.mark.parametrize("value, words", [
    (b"not json", "not JSON"),
    (b"[1, 2]", "JSON object"),
    (orjson.dumps({**to_dict(report()), "schema": 2}), "schema 2"),
    (orjson.dumps({**to_dict(report()), "confidence": "high"}), "confidence"),
    (orjson.dumps({**to_dict(report()), "location": "Aleppo"}), "location"),
    (orjson.dumps({**to_dict(report()), "occurred": "last week", "article": {
        **to_dict(report())["article"], "published": None, "fetched": ""}}), "not a date"),
])
async def test_malformed_events_are_refused_with_the_reason(value, words):
    service, _ = _service()
    with pytest.raises(MalformedMessage, match=words):
        await service.handle(_record(value))


def test_bad_rules_file_stops_build(tmp_path):
    with pytest.raises(DataFileError, match=r"rules.yaml:2: .*min_outlets"):
        _service(tmp_path, "rules:\n  - {name: b, topic: alerts.b, types: [strike], "
                           "min_outlets: none}\n")


async def test_gaining_partitions_rereads_alerts_grown_elsewhere(monkeypatch):
    other, _ = _service()  # another instance grew the alert to revision 2 meanwhile
    grown = [await other.handle(_record(encode(report(o, **BORDER)))) for o in ("shafaq", "rudaw")]
    table = {grown[1][0].key: grown[1][0].value}

    async def read_table(settings, topic, timeout=30.0):
        return table if topic == "alerts.border" else {}

    monkeypatch.setattr("services.publisher.app.read_table", read_table)
    service, _ = _service()
    await service.partitions_assigned(frozenset({("news.events", 0)}))
    assert len(await service.handle(_record(encode(report("trt", **ALEPPO))))) == 1
    await service.partitions_assigned(frozenset({("news.events", 0), ("news.events", 1)}))
    out = await service.handle(_record(encode(report("enab", **BORDER))))
    alert = orjson.loads(out[0].value)
    assert (alert["revision"], alert["outlets"]) == (3, 3)
