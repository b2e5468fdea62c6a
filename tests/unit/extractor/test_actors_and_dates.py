"""Actor kind decides capture vs recapture; dates resolve against publication."""

from services.extractor import dates, rules


def test_non_state_group_retaking_a_town_is_a_capture(events):
    found = events("Al-Shabaab fighters retook the town of Bulo Burte on Sunday, the group said.", country="SO")
    assert [e.type for e in found] == ["territory.capture"]


def test_foreign_army_taking_a_village_is_a_capture(events):
    found = events("The Russian army said on Monday it had captured Tabaivka in the Kharkiv region.")
    assert [e.type for e in found] == ["territory.capture"]
    assert "Russian army" in found[0].actors


def test_government_regaining_control_is_a_recapture(events):
    found = events("The Iraqi army regained control of Ramadi on Sunday, a military spokesman said.")
    assert [e.type for e in found] == ["territory.recapture"]


def test_weekday_resolves_to_the_last_such_day_before_publication(events):
    found = events("Airstrikes hit Kharkiv on Monday, killing four people.", published="2024-06-14")
    assert found[0].occurred == "2024-06-10"


def test_month_day_without_year_takes_the_publication_year(events):
    found = events("Clashes erupted on Nov. 27 between rebels and government forces near Aleppo.",
                   published="2024-12-02")
    assert found[0].occurred == "2024-11-27"


def test_previous_evening_is_the_day_before(events):
    found = events("Protesters poured into the streets of Jammu the previous evening.", published="2019-02-15")
    assert found[0].occurred == "2019-02-14"


def test_undated_event_happens_on_the_publication_date(events):
    found = events("Heavy fighting raged around Menaka, residents said.", published="2024-05-02")
    assert found[0].occurred == "2024-05-02"


def test_ten_days_ago_is_background():
    english = rules.load_all()["en"]
    from datetime import date
    found = dates.find("It was closed ten days ago.", english, date(2024, 6, 14))
    assert found[0].age == 10 and found[0].age > dates.BACKGROUND_DAYS


def test_a_backer_is_not_the_actor(events):
    found = events("Somali government forces backed by clan militia recaptured the town of Harardhere on Wednesday.",
                   country="SO")
    assert [e.type for e in found] == ["territory.recapture"]
    assert found[0].actors[0] == "Somali government forces"


def test_a_group_named_army_is_not_a_state(events):
    found = events("Rebels of the Arakan Army seized the town of Paletwa in Chin State on Monday.")
    assert [e.type for e in found] == ["territory.capture"]


def test_government_and_auxiliaries_retaking_a_town_is_a_recapture(events):
    found = events("The Malian army and Wagner fighters retook the northern town of Kidal on Tuesday.")
    assert [e.type for e in found] == ["territory.recapture"]


def test_unknown_town_as_the_object_of_a_retake(events):
    found = events("The Nigerian army said on Sunday it had recaptured Malam Fatori from Boko Haram fighters.")
    assert [(e.type, e.location.name) for e in found] == [("territory.recapture", "Malam Fatori")]
