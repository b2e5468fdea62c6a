"""Grouping reports of one occurrence: place, nearby, inside, window, outlets, replays, restore."""

from __future__ import annotations

from services.kernel.messages import Alert
from services.publisher.alerts import Headlines, build_alert
from services.publisher.corroborate import Corroborator, combined_confidence
from services.publisher.rules import Grouping, Rule
from tests.unit.publisher.samples import ALEPPO, BORDER, CITADEL, report, validate_alert

RULE = Rule(name="any", topic="alerts.any", types=("*",))
GROUPING = Grouping(nearby_km=5, extent_km={"city": 15, "region": 60, "site": 1})
HEADLINES = Headlines.load()


def _feed(events, rule: Rule = RULE, corroborator: Corroborator | None = None):
    """The alerts a sequence of events produces, each validated against the schema."""
    corroborator = corroborator or Corroborator(72, GROUPING)
    alerts = []
    for event in events:
        group = corroborator.observe(rule, event)
        if group is not None:
            alert = build_alert(rule, group, HEADLINES)
            validate_alert(alert)
            alerts.append(alert)
    return alerts


def test_two_outlets_same_place_make_one_alert_with_two_revisions():
    alerts = _feed([report("shafaq", **BORDER), report("rudaw", **BORDER)])
    assert [(a.revision, a.outlets) for a in alerts] == [(1, 1), (2, 2)]
    assert alerts[0].id == alerts[1].id
    assert [s.outlet for s in alerts[1].sources] == ["shafaq", "rudaw"]
    assert alerts[1].confidence == combined_confidence(0.8, 0.8, 0.99) == 0.96


def test_nearby_places_within_a_few_kilometres_are_one_place():
    a = report("trt", **dict(ALEPPO, place="Sheikh Maqsoud", kind="district",
                             lat=36.2236, lon=37.1535))
    b = report("enab", **dict(ALEPPO, place="Bani Zeid", kind="district", lat=36.2319,
                              lon=37.1484))  # ~1 km apart, no name in common
    alerts = _feed([a, b])
    assert [a.revision for a in alerts] == [1, 2] and len({a.id for a in alerts}) == 1


def test_place_inside_another_is_one_place():
    by_name = _feed([report("trt", **ALEPPO), report("enab", **dict(CITADEL, lat=None,
                                                                     lon=None))])
    assert [a.revision for a in by_name] == [1, 2]
    by_extent = _feed([report("trt", **dict(ALEPPO, place="Halab", resolved="Halab")),
                       report("enab", **dict(ALEPPO, place="Nayrab Airbase", kind="site",
                                             lat=36.1807, lon=37.2244))])  # ~8 km, in city
    assert [a.revision for a in by_extent] == [1, 2]
    by_alternate = _feed([report("trt", **ALEPPO),
                          report("enab", **dict(ALEPPO, place="Halab", resolved="Halab",
                                                alternates=("Aleppo",), lat=None, lon=None))])
    assert [a.revision for a in by_alternate] == [1, 2]


def test_different_places_are_different_alerts():
    idlib = dict(ALEPPO, place="Saraqib", kind="city", lat=35.8622, lon=36.8006)
    alerts = _feed([report("trt", **ALEPPO), report("enab", **idlib)])
    assert [a.revision for a in alerts] == [1, 1] and alerts[0].id != alerts[1].id


def test_country_level_report_does_not_swallow_local_ones():
    syria = dict(ALEPPO, place="Syria", kind="country", lat=35.0, lon=38.0)
    alerts = _feed([report("trt", **syria), report("enab", **ALEPPO)])
    assert [a.revision for a in alerts] == [1, 1]


def test_outside_the_window_is_a_new_occurrence():
    alerts = _feed([report("shafaq", **BORDER, occurred="2024-12-01"),
                    report("rudaw", **BORDER, occurred="2024-12-03"),
                    report("trt", **BORDER, occurred="2024-12-05")])
    assert [a.revision for a in alerts] == [1, 2, 1]
    assert alerts[2].id != alerts[0].id


def test_same_outlet_twice_is_not_corroboration():
    first = report("shafaq", **BORDER, slug="morning")
    again = report("shafaq", **BORDER, slug="evening", confidence=0.95)
    alerts = _feed([first, again])
    assert [a.revision for a in alerts] == [1]


def test_replayed_event_changes_nothing():
    event = report("shafaq", **BORDER)
    corroborator = Corroborator(72, GROUPING)
    assert len(_feed([event, report("rudaw", **BORDER)], corroborator=corroborator)) == 2
    assert _feed([event], corroborator=corroborator) == []


def test_different_types_never_merge():
    reopening = dict(BORDER, type="border.reopening")
    alerts = _feed([report("shafaq", **BORDER), report("rudaw", **reopening)])
    assert {a.type for a in alerts} == {"border.closure", "border.reopening"}


def test_diplomatic_contact_groups_on_parties_not_place():
    call = dict(type="diplomatic.contact", place=None, country=None,
                actors=("Recep Tayyip Erdogan", "Vladimir Putin"),
                evidence="Erdogan spoke by phone with Putin about Syria.")
    alerts = _feed([report("trt", **call), report("aljazeera", **dict(call, actors=(
        "Vladimir Putin", "Recep Tayyip Erdogan", "Hakan Fidan"))),
        report("rudaw", **dict(call, actors=("Masoud Pezeshkian", "Vladimir Putin")))])
    assert [(a.revision, a.outlets) for a in alerts] == [(1, 1), (2, 2), (1, 1)]
    assert alerts[1].actors == ("Recep Tayyip Erdogan", "Vladimir Putin", "Hakan Fidan")


def test_min_outlets_holds_the_first_alert_back():
    rule = Rule(name="two", topic="alerts.two", types=("*",), min_outlets=2)
    alerts = _feed([report("shafaq", **BORDER), report("shafaq", **BORDER, slug="b"),
                    report("rudaw", **BORDER)], rule=rule)
    assert [(a.revision, a.outlets) for a in alerts] == [(1, 2)]


def test_times_come_from_the_reports_not_the_clock():
    alerts = _feed([report("shafaq", **BORDER, fetched="2024-12-01T09:30:00+03:00"),
                    report("rudaw", **BORDER, fetched="2024-12-01T05:00:00Z")])
    assert (alerts[1].first_seen, alerts[1].last_seen) == ("2024-12-01T05:00:00Z",
                                                           "2024-12-01T06:30:00Z")
    assert alerts[1].occurred == "2024-12-01"


def test_replay_produces_identical_alerts():
    events = [report("shafaq", **BORDER), report("trt", **ALEPPO), report("rudaw", **BORDER),
              report("enab", **CITADEL)]
    assert _feed(events) == _feed(events)


def test_restored_state_continues_exactly_like_the_live_one():
    events = [report("shafaq", **BORDER), report("rudaw", **BORDER), report("trt", **ALEPPO)]
    later = [report("shafaq", **BORDER, slug="again"), report("trt", **BORDER),
             report("enab", **CITADEL), report("rudaw", **BORDER)]
    live = _feed(events + later)
    restored = Corroborator(72, GROUPING)
    latest: dict[str, Alert] = {}
    for alert in _feed(events):
        latest[alert.id] = alert
    for alert in latest.values():
        restored.restore(alert)
    assert _feed(events + later, corroborator=restored) == live[len(_feed(events)):]


def test_old_groups_expire_against_the_reports_own_clock():
    corroborator = Corroborator(72, GROUPING)  # margin 24 h: kept 96 h after the first report
    _feed([report("shafaq", **BORDER, occurred="2024-12-01")], corroborator=corroborator)
    _feed([report("trt", **dict(BORDER, place="Al-Qaim", kind="district"),
                  occurred="2024-12-04")], corroborator=corroborator)
    assert corroborator.size == 2
    _feed([report("trt", **dict(BORDER, place="Rabia", kind="district"),
                  occurred="2024-12-06")], corroborator=corroborator)
    assert corroborator.size == 2  # the 1 December group is gone


def test_confidence_rises_with_outlets_and_is_capped():
    assert combined_confidence(0.0, 0.7, 0.99) == 0.7
    assert combined_confidence(0.7, 0.7, 0.99) == 0.91
    assert combined_confidence(0.98, 0.9, 0.99) == 0.99
