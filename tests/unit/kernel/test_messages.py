import orjson
import pytest

from services.kernel.errors import MalformedMessage
from services.kernel.messages import (
    Alert, Article, ArticleRef, Codes, Event, Location, Source, decode, encode, stable_id,
)


def _event() -> Event:
    return Event(
        id="e1", type="border.closure",
        location=Location("Rabia", "Rabia", "IQ", 36.8, 42.1, "crossing", ("Syria",)),
        actors=("Iraqi authorities",), occurred="2026-11-20",
        evidence="Iraqi authorities shut the Rabia crossing on Friday.", confidence=0.8,
        article=ArticleRef("a1", "https://example.org/a", "Crossing shut", "example"),
        codes=Codes("COERCE", "restrict", None, None),
    )


def test_stable_id_is_deterministic_and_input_sensitive():
    assert stable_id("a", "b") == stable_id("a", "b")
    assert stable_id("a", "b") != stable_id("ab", "")
    assert len(stable_id("x")) == 24


def test_event_round_trips_with_nested_parts():
    event = _event()
    assert decode(Event, encode(event)) == event


def test_alert_round_trips_with_sources():
    alert = Alert(
        id="x", rule="border", topic="alerts.border", type="border.closure",
        headline="Border closure", location=_event().location, actors=("Iraq",),
        occurred="2026-11-20", first_seen="t1", last_seen="t2",
        sources=(Source("a", "u", "t", None, "e1", "ev"),), outlets=1, confidence=0.5,
        revision=1,
    )
    assert decode(Alert, encode(alert)) == alert


def test_event_key_groups_by_type_and_country():
    assert _event().key == "border.closure|IQ"


@pytest.mark.parametrize("raw", [b"not json", b"[1,2]", b'"text"', b"{}"])
def test_malformed_values_are_refused(raw):
    with pytest.raises(MalformedMessage):
        decode(Article, raw)


def test_wrong_schema_version_is_refused():
    data = orjson.loads(encode(_event()))
    data["schema"] = 99
    with pytest.raises(MalformedMessage, match="schema"):
        decode(Event, orjson.dumps(data))


def test_wrong_field_type_is_refused():
    data = orjson.loads(encode(_event()))
    data["evidence"] = 42
    with pytest.raises(MalformedMessage, match="evidence"):
        decode(Event, orjson.dumps(data))


def test_unknown_fields_are_ignored_for_forward_compatibility():
    data = orjson.loads(encode(_event()))
    data["added_later"] = True
    assert decode(Event, orjson.dumps(data)) == _event()


def test_nested_part_that_is_not_an_object_is_refused():
    data = orjson.loads(encode(_event()))
    data["location"] = "Rabia"
    with pytest.raises(MalformedMessage, match="location"):
        decode(Event, orjson.dumps(data))
