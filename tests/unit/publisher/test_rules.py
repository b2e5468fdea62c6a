"""The alert rules file: loading, validation with file:line, and every filter."""

from __future__ import annotations

import textwrap

import pytest

from services.kernel.errors import DataFileError
from services.publisher.alerts import Headlines
from services.publisher.rules import PACKAGED, load_rules
from tests.unit.publisher.samples import ALEPPO, BORDER, CITADEL, report

TYPES = Headlines.load().types


def _rules(tmp_path, body: str):
    path = tmp_path / "rules.yaml"
    path.write_text(textwrap.dedent(body))
    return load_rules(str(path), TYPES)


def _error(tmp_path, body: str) -> DataFileError:
    with pytest.raises(DataFileError) as caught:
        _rules(tmp_path, body)
    return caught.value


def _one(tmp_path, filters: str):
    body = "rules:\n  - name: r\n    topic: alerts.r\n    types: ['*']\n"
    return _rules(tmp_path, body + textwrap.indent(textwrap.dedent(filters), "    ")).rules[0]


def test_packaged_rules_keep_the_five_topics():
    rules = load_rules(None, TYPES)
    assert rules.path == PACKAGED
    assert rules.topics == ("alerts.border", "alerts.territory", "alerts.conflict",
                            "alerts.unrest", "alerts.diplomacy")
    by_type = {t: [r.topic for r in rules.rules if r.matches_type(t)] for t in TYPES}
    assert by_type["border.reinforcement"] == ["alerts.border"]
    assert by_type["territory.recapture"] == ["alerts.territory"]
    assert by_type["strike"] == by_type["military.deployment"] == ["alerts.conflict"]
    assert by_type["protest.violence"] == ["alerts.unrest"]
    assert by_type["diplomatic.contact"] == ["alerts.diplomacy"]


def test_bad_value_names_file_and_line(tmp_path):
    error = _error(tmp_path, """\
        rules:
          - name: border
            topic: alerts.border
            types: ["border.*"]
            min_outlets: 0
        """)
    assert error.line == 5 and error.path.endswith("rules.yaml")
    assert str(error).startswith(f"{tmp_path}/rules.yaml:5: ")
    assert "min_outlets" in str(error)


@pytest.mark.parametrize("body, line, words", [
    ("rules:\n  - name: a\n    topic: alerts.a\n    types: [boarder.*]\n", 4, "matches no event"),
    ("rules:\n  - name: a\n    topic: news.events\n    types: [strike]\n", 3, "alerts."),
    ("rules:\n  - name: a\n    topic: alerts.a\n    types: [strike]\n    colour: red\n", 5,
     "unknown key 'colour'"),
    ("rules:\n  - name: a\n    topic: alerts.a\n", 2, "'types' is missing"),
    ("rules:\n  - name: a\n    topic: alerts.a\n    types: [strike]\n"
     "  - name: a\n    topic: alerts.b\n    types: [protest]\n", 5, "name used twice"),
    ("rules:\n  - name: a\n    topic: alerts.a\n    types: [strike]\n    countries: [XX]\n", 5,
     "ISO 3166"),
    ("rules:\n  - name: a\n    topic: alerts.a\n    types: [strike]\n    min_confidence: 2\n", 5,
     "between 0"),
    ("rules:\n  - name: a\n    topic: alerts.a\n    types: [strike]\n"
     "    near: {lat: 36.2, lon: 37.1}\n", 5, "radius_km"),
    ("rules:\n  - name: a\n    topic: alerts.a\n    types: [strike]\n"
     "    bbox: {south: 38, west: 35, north: 29, east: 49}\n", 5, "south"),
    ("rules:\n  - name: a\n    topic: alerts.a\n    types: [strike\n", 5, "not valid YAML"),
    ("rules: []\n", 1, "at least one rule"),
    ("rulez:\n  - name: a\n", 1, "unknown key 'rulez'"),
    ("rules:\n  - name: a\n    topic: alerts.a\n    types: [strike]\n"
     "corroboration:\n  nearby_km: -1\n", 6, "nearby_km"),
])
def test_invalid_rules_fail_with_line(tmp_path, body, line, words):
    error = _error(tmp_path, body)
    assert error.line == line, str(error)
    assert words in str(error)


def test_missing_or_empty_file_is_a_data_file_error(tmp_path):
    with pytest.raises(DataFileError, match="cannot read"):
        load_rules(str(tmp_path / "absent.yaml"), TYPES)
    assert "empty" in str(_error(tmp_path, "# nothing\n"))


def test_types_exact_and_glob(tmp_path):
    rule = _rules(tmp_path, """\
        rules:
          - {name: a, topic: alerts.a, types: ["border.*", strike]}
        """).rules[0]
    assert rule.matches_type("border.closure") and rule.matches_type("strike")
    assert not rule.matches_type("armed.clash") and not rule.matches_type("borders")


def test_country_filter(tmp_path):
    rule = _one(tmp_path, "countries: [sy, LB]\n")
    assert rule.accepts(report(**ALEPPO))
    assert not rule.accepts(report(**BORDER))


def test_bounding_box_filter_needs_coordinates_inside(tmp_path):
    rule = _one(tmp_path, "bbox: {south: 35, west: 36, north: 37, east: 38}\n")
    assert rule.accepts(report(**ALEPPO))
    assert not rule.accepts(report(**dict(ALEPPO, lat=33.5, lon=36.3)))  # Damascus
    assert not rule.accepts(report(**BORDER))  # no coordinates: cannot vouch


def test_point_and_radius_filter(tmp_path):
    rule = _one(tmp_path, "near: {lat: 36.2, lon: 37.15, radius_km: 20}\n")
    assert rule.accepts(report(**CITADEL))
    assert not rule.accepts(report(**dict(ALEPPO, lat=35.93, lon=36.63)))  # Idlib, ~55 km


def test_actor_filter_matches_whole_words(tmp_path):
    rule = _one(tmp_path, "actors: [hayat tahrir al-sham, SDF]\n")
    assert rule.accepts(report(**ALEPPO))
    assert not rule.accepts(report(**dict(ALEPPO, actors=("Syrian Arab Army",))))
    assert not rule.accepts(report(**dict(ALEPPO, actors=("SDFX militia",))))


def test_keyword_filters_on_evidence(tmp_path):
    rule = _one(tmp_path, """\
        keywords:
          required: [border]
          any: [closed, shut, sealed]
          excluded: [reopened]
        """)
    assert rule.accepts(report(evidence="Iraq shut its border with Syria on Sunday."))
    assert not rule.accepts(report(evidence="Iraq shut the crossing on Sunday."))
    assert not rule.accepts(report(evidence="Iraq tightened its border controls."))
    assert not rule.accepts(report(evidence="The border, closed last week, was reopened."))


def test_minimum_confidence(tmp_path):
    rule = _one(tmp_path, "min_confidence: 0.6\n")
    assert rule.accepts(report(confidence=0.6))
    assert not rule.accepts(report(confidence=0.55))


def test_filters_combine_and_an_event_may_match_several_rules(tmp_path):
    rules = _rules(tmp_path, """\
        rules:
          - {name: territory, topic: alerts.territory, types: ["territory.*"]}
          - name: aleppo
            topic: alerts.aleppo
            types: [territory.capture]
            countries: [SY]
            near: {lat: 36.2, lon: 37.15, radius_km: 30}
            min_outlets: 2
        """)
    assert [r.name for r in rules.matching(report(**ALEPPO))] == ["territory", "aleppo"]
    assert rules.rules[1].min_outlets == 2
    assert [r.name for r in rules.matching(report(**BORDER))] == []


def test_corroboration_settings_are_read(tmp_path):
    rules = _rules(tmp_path, """\
        corroboration: {nearby_km: 2, extent_km: {City: 10}, margin_hours: 6}
        rules:
          - {name: a, topic: alerts.a, types: [strike]}
        """)
    assert rules.grouping.nearby_km == 2 and rules.grouping.extent_km == {"city": 10}
    assert rules.grouping.margin_hours == 6 and rules.grouping.confidence_cap == 0.99
