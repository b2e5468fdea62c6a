"""One event per occurrence; identity, confidence and codes of the events produced."""

from services.kernel.messages import Codes
from tests.unit.extractor.conftest import kinds, make_article


def test_one_occurrence_told_three_ways_is_one_event(events):
    text = ("Jordan shut the Jaber crossing with Syria on Saturday. "
            "The Interior Ministry said it had closed the Jaber border crossing because of the fighting. "
            "Traffic through the crossing was halted on Saturday, officials said.")
    assert kinds(events(text)) == [("border.closure", "Jaber crossing")]


def test_country_level_mention_merges_into_the_specific_place(events):
    text = ("Poland closed its border with Belarus on Friday. "
            "The Bobrowniki crossing was shut at noon, the interior minister said.")
    found = events(text, published="2023-02-10")
    assert [e.type for e in found] == ["border.closure"]
    assert found[0].location.name in ("Bobrowniki crossing", "Bobrowniki")


def test_same_place_on_two_days_is_two_events(events):
    text = ("Protesters took to the streets of Jammu on Friday. "
            "Protests had already erupted in Jammu the previous evening.")
    found = events(text, published="2019-02-15")
    assert sorted(e.occurred for e in found) == ["2019-02-14", "2019-02-15"]


def test_event_ids_are_deterministic(extractor):
    article = make_article("Airstrikes hit Idlib on Saturday, killing nine people.")
    first, second = extractor.extract(article).events, extractor.extract(article).events
    assert [e.id for e in first] == [e.id for e in second]


def test_event_carries_article_identity_codes_and_evidence(extractor):
    article = make_article("Airstrikes hit Idlib on Saturday, killing nine people.")
    event = extractor.extract(article).events[0]
    assert (event.article.id, event.article.url, event.article.outlet) == ("a1", "https://news.example/a1", "example")
    assert event.codes == Codes("ASSAULT", "aerial", "Explosions/Remote violence", "Air/drone strike")
    assert event.evidence == "Airstrikes hit Idlib on Saturday, killing nine people."
    assert 0 < event.confidence <= 1


def test_capture_codes_follow_the_actor_kind(events):
    capture = events("Islamic State fighters captured Sirte on Monday.", country="LY")[0]
    assert capture.codes.acled_sub_event_type == "Non-state actor overtakes territory"


def test_a_contested_claim_is_kept_with_less_confidence(events):
    plain = events("Rebels captured Kidal on Monday.", country="ML")[0]
    contested = events("Rebels said they had captured Kidal on Monday, a claim the army denied.", country="ML")[0]
    assert contested.type == plain.type == "territory.capture"
    assert contested.confidence < plain.confidence


def test_undated_article_falls_back_to_its_fetch_date(extractor):
    article = make_article("Airstrikes hit Idlib, killing nine people.", published=None)
    assert extractor.extract(article).events[0].occurred == "2024-06-14"
