"""Alert messages: headline wording, CloudEvents headers, the JSON Schema."""

from __future__ import annotations

import jsonschema
import pytest

from services.kernel.errors import DataFileError
from services.kernel.messages import Location, to_dict
from services.publisher.alerts import SCHEMA_ID, Headlines, build_alert, cloudevent_headers
from services.publisher.corroborate import Corroborator
from services.publisher.rules import Grouping, Rule
from tests.unit.publisher.samples import ALEPPO, BORDER, report, validate_alert, validate_event

HEADLINES = Headlines.load()
RULE = Rule(name="border", topic="alerts.border", types=("border.*",))


def _alert(*events, rule: Rule = RULE):
    corroborator = Corroborator(72, Grouping())
    groups = [corroborator.observe(rule, e) for e in events]
    return build_alert(rule, [g for g in groups if g][-1], HEADLINES)


def test_headline_from_type_actor_and_neighbouring_country():
    iraq_closes = dict(BORDER, place="Syria", country="SY", kind="country")
    assert HEADLINES.headline("border.closure", ["Iraq"], Location("Syria", "Syria", "SY",
                                                                   kind="country"), 3) == \
        "Border closure: Iraq closes its border with Syria, 3 outlets"
    alert = _alert(report("shafaq", **iraq_closes), report("rudaw", **iraq_closes))
    assert alert.headline == "Border closure: Iraq closes its border with Syria, 2 outlets"


def test_headline_with_place_and_country_and_fallbacks():
    aleppo = Location("Aleppo", "Aleppo", "SY", 36.2, 37.1, "city")
    assert HEADLINES.headline("territory.capture", ["Hayat Tahrir al-Sham"], aleppo, 1) == \
        "Territory captured: Hayat Tahrir al-Sham takes control of Aleppo, Syria, 1 outlet"
    assert HEADLINES.headline("territory.capture", [], aleppo, 2) == \
        "Territory captured: Aleppo, Syria captured, 2 outlets"
    assert HEADLINES.headline("strike", [], Location(None), 1) == "Strike: Strike reported, 1 outlet"
    assert HEADLINES.headline("diplomatic.contact", ["Erdogan", "Putin", "Fidan"], Location(None),
                              2) == "Diplomatic contact: Erdogan, Putin and Fidan meet or speak, 2 outlets"


def test_every_type_has_a_headline_without_any_field():
    for event_type in HEADLINES.types:
        text = HEADLINES.headline(event_type, [], Location(None), 1)
        assert "{" not in text and text.endswith(", 1 outlet")


def test_headline_templates_with_unknown_fields_are_refused(tmp_path):
    path = tmp_path / "headlines.yaml"
    path.write_text("types:\n  strike:\n    label: Strike\n    templates:\n"
                    "      - \"{attacker} strikes {where}\"\n")
    with pytest.raises(DataFileError, match="attacker") as caught:
        Headlines.load(str(path))
    assert caught.value.line == 5


def test_cloudevents_binary_headers():
    alert = _alert(report("shafaq", **BORDER), report("rudaw", **BORDER))
    headers = dict(cloudevent_headers(alert))
    assert headers == {
        "ce_specversion": b"1.0",
        "ce_id": f"{alert.id}-2".encode(),
        "ce_source": b"newsalert/publisher",
        "ce_type": b"org.newsalert.alert.border.closure",
        "ce_time": b"2024-12-01T08:00:00Z",
        "ce_subject": alert.id.encode(),
        "ce_dataschema": SCHEMA_ID.encode(),
        "content-type": b"application/json",
    }


def test_alert_carries_place_actors_codes_and_evidence_and_validates():
    rule = Rule(name="territory", topic="alerts.territory", types=("territory.*",))
    alert = _alert(report("trt", **ALEPPO), rule=rule)
    data = to_dict(alert)
    validate_alert(data)
    assert data["location"]["lat"] == 36.2021 and data["location"]["country"] == "SY"
    assert data["actors"] == ["Hayat Tahrir al-Sham"]
    assert data["codes"]["plover_type"] == "ASSAULT"
    assert data["codes"]["acled_sub_event_type"] == "Non-state actor overtakes territory"
    assert data["evidence"] == [ALEPPO["evidence"]]
    assert data["sources"][0]["url"].startswith("https://www.trtworld.com/")


def test_schema_refuses_what_subscribers_could_not_trust():
    data = to_dict(_alert(report("shafaq", **BORDER)))
    for broken in ({**data, "revision": 0}, {**data, "sources": []},
                   {**data, "extra": 1}, {**data, "first_seen": "yesterday"}):
        with pytest.raises(jsonschema.ValidationError):
            validate_alert(broken)


def test_sample_events_match_the_event_schema():
    validate_event(report("trt", **ALEPPO))
    validate_event(report("shafaq", **BORDER))
