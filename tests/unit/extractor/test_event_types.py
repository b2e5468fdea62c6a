"""Each event type in shared/EVENTS.md, asserted in ordinary news wording."""

from tests.unit.extractor.conftest import kinds


def test_border_closure_at_a_named_crossing(events):
    found = events("Afghan officials shut the Torkham crossing on Tuesday after a dispute over new checkpoints.")
    assert kinds(found) == [("border.closure", "Torkham crossing")]
    assert found[0].location.country == "AF"


def test_border_closure_of_a_whole_frontier_is_located_at_the_country(events):
    found = events("The Iraqi government declared the total closure of its borders on Sunday.")
    assert kinds(found) == [("border.closure", "Iraq")]


def test_border_reopening(events):
    found = events("Pakistan reopened the Chaman border crossing on Thursday after a week of talks.")
    assert kinds(found) == [("border.reopening", "Chaman border crossing")]


def test_troops_sent_to_a_border_reinforce_it(events):
    found = events("Turkey sent commandos and tanks to its border with Syria on Monday, state media said.")
    assert [e.type for e in found] == ["border.reinforcement"]
    assert found[0].location.resolved == "Turkey–Syria border"


def test_troops_sent_to_a_district_are_a_deployment(events):
    found = events("The army deployed reinforcements to Sinjar district on Wednesday.")
    assert kinds(found) == [("military.deployment", "Sinjar district")]


def test_rebel_capture_of_a_town(events):
    found = events("M23 rebels captured the town of Bunagana on Monday, residents said.", country="CD")
    assert kinds(found) == [("territory.capture", "Bunagana")]


def test_government_retaking_its_own_town_is_a_recapture(events):
    found = events("Syrian government forces retook Saraqib on Sunday after three days of fighting.")
    assert [e.type for e in found if e.type.startswith("territory")] == ["territory.recapture"]


def test_armed_clash_between_forces(events):
    found = events("Heavy clashes erupted on Friday between army troops and Islamist fighters near Gao.")
    assert kinds(found) == [("armed.clash", "Gao")]


def test_air_strike(events):
    found = events("Airstrikes hit the northern city of Idlib on Saturday, killing at least nine people.")
    assert kinds(found) == [("strike", "Idlib")]


def test_protest(events):
    found = events("Thousands of protesters took to the streets of Nairobi on Tuesday to demand lower taxes.")
    assert kinds(found) == [("protest", "Nairobi")]


def test_force_against_protesters_is_protest_violence(events):
    found = events("Police fired tear gas at demonstrators gathered outside parliament in Nairobi on Tuesday.")
    assert "protest.violence" in [e.type for e in found]


def test_phone_call_between_leaders_has_no_place(events):
    found = events("Jordanian Foreign Minister Ayman Safadi spoke by phone with his Egyptian counterpart "
                   "Badr Abdelatty on Monday about the crossings.")
    assert [e.type for e in found] == ["diplomatic.contact"]
    assert found[0].location.name is None
    assert "Ayman Safadi" in found[0].actors


def test_jets_striking_named_towns_are_one_strike_per_town(events):
    found = events("Coalition warplanes struck rebel positions in Marib and Taiz overnight, the army said.")
    assert sorted(kinds(found)) == [("strike", "Marib"), ("strike", "Taiz")]


def test_missiles_fired_at_a_country_are_a_strike(events):
    found = events("Iran fired dozens of ballistic missiles at Israel late on Tuesday, the military said.")
    assert kinds(found) == [("strike", "Israel")]


def test_a_party_claiming_control_is_a_capture(events):
    found = events("Russian troops claimed full control of Avdiivka on Saturday, the defence ministry said.")
    assert kinds(found) == [("territory.capture", "Avdiivka")]


def test_shooting_protesters_dead_is_protest_violence(events):
    found = events("Police shot dead three protesters in Dhaka on Friday as thousands marched against the curfew.")
    assert sorted(e.type for e in found) == ["protest", "protest.violence"]


def test_meeting_between_titled_officials_has_its_place(events):
    found = events("Egypt's foreign minister met his Turkish counterpart in Ankara on Monday to discuss Gaza.")
    assert [e.type for e in found] == ["diplomatic.contact"]
    assert found[0].location.name == "Ankara"


def test_crowd_named_in_the_sentence_before_force_is_used(events):
    text = ("Thousands of farmers drove tractors into Brussels on Tuesday to protest against trade policy. "
            "Police used water cannon to disperse them.")
    found = events(text)
    assert sorted(e.type for e in found) == ["protest", "protest.violence"]
