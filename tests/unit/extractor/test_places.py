"""Locations: the most specific place, lists as separate events, sites as alternates,
transliterations, context for ambiguous names, borders."""

from services.extractor import gazetteer
from tests.unit.extractor.conftest import kinds


def test_cities_listed_in_a_region_are_separate_events_with_the_region_as_alternate(events):
    found = events("Insurgents captured large parts of Idlib Province on Friday, including Saraqib and Khan Sheikhoun.")
    assert sorted(kinds(found)) == [("territory.capture", "Khan Sheikhoun"), ("territory.capture", "Saraqib")]
    assert all("Idlib Province" in e.location.alternates for e in found)


def test_sites_inside_a_city_are_alternates_of_one_event(events):
    found = events("On Saturday the rebels entered Aleppo, seizing the Aleppo Citadel and Saadallah al-Jabiri Square.")
    assert kinds(found) == [("territory.capture", "Aleppo")]
    assert "Aleppo Citadel" in found[0].location.alternates


def test_transliterations_resolve_to_one_place():
    gaz = gazetteer.load()
    assert gaz.candidates("Maarat al-Numan")[0].name == gaz.candidates("Ma'arrat al-Numan")[0].name
    assert gaz.candidates("Deraa")[0].country == gaz.candidates("Daraa")[0].country == "SY"


def test_place_has_coordinates_and_iso_country(events):
    found = events("Airstrikes hit Kharkiv on Monday, killing four people.")
    location = found[0].location
    assert (location.country, location.kind) == ("UA", "city")
    assert location.lat is not None and location.lon is not None


def test_ambiguous_name_resolved_by_the_article_countries(events):
    found = events("Belarusian guards closed the crossing at Brest on Monday, Minsk said.")
    assert found and found[0].location.country == "BY"


def test_unknown_town_after_a_preposition_is_still_a_place(events):
    found = events("Fierce fighting broke out on Monday between junta troops and resistance fighters in Kyauktaw.",
                   country="MM")
    assert kinds(found) == [("armed.clash", "Kyauktaw")]
    assert found[0].location.country == "MM"


def test_dateline_gives_the_place_when_the_sentence_names_none(events):
    found = events("GOMA, March 3\n\nProtesters took to the streets on Monday to denounce the killings.",
                   published="2024-03-03")
    assert kinds(found) == [("protest", "GOMA")]
    assert found[0].location.country == "CD"


def test_back_reference_to_the_crossing(events):
    text = ("Trucks queued for hours at the Rafah crossing on Tuesday. "
            "Officials said the crossing opened its gates again on Wednesday.")
    found = events(text, published="2024-06-14")
    assert kinds(found) == [("border.reopening", "Rafah crossing")]


def test_two_sided_border_resolves_both_countries(events):
    found = events("Some 2,000 soldiers were dispatched to the Iraq-Syria border on Monday.")
    assert found[0].location.resolved == "Iraq–Syria border"
    assert found[0].location.kind == "border"


def test_examples_of_one_set_of_crossings_are_one_event(events):
    found = events("The rest of the small crossings, including those at Bure, Fahy and Lucelle, were closed on Monday.",
                   country="CH")
    assert len(found) == 1 and found[0].type == "border.closure"
    assert found[0].location.name == "Bure" and found[0].location.alternates == ("Fahy", "Lucelle")


def test_the_city_after_a_capture_verb_refers_back(events):
    text = "Rebels reached the outskirts of Goma on Sunday. On Monday they took control of the city."
    found = events(text, published="2025-01-28")
    assert kinds(found) == [("territory.capture", "Goma")]


def test_designator_completes_a_known_name(events):
    found = events("Egypt closed the Rafah crossing on Sunday, officials said.")
    assert found[0].location.resolved == "Rafah crossing"


def test_site_named_after_a_town_is_not_the_town(events):
    found = events("Thousands of protesters gathered in Pushkin Square in Moscow on Sunday.")
    assert found[0].location.name == "Pushkin Square" and found[0].location.resolved is None


def test_long_proper_name_is_not_a_place(events):
    found = events("Officers of the Institute in Strategic Studies said troops clashed with rebels near Gao on Monday.")
    assert kinds(found) == [("armed.clash", "Gao")]


def test_troops_sent_to_a_border_town_deploy_to_the_town(events):
    found = events("Ethiopian troops have been sent to the border town of Dolo in recent days, residents said.")
    assert kinds(found) == [("military.deployment", "Dolo")]


def test_deployment_without_a_destination_phrase_uses_the_place_before_the_verb(events):
    found = events("China held military drills around Taiwan on Thursday, deploying warships in what Beijing called a warning.")
    assert kinds(found) == [("military.deployment", "Taiwan")]


def test_named_de_facto_border_with_a_link_word(events):
    found = events("India moved additional troops and tanks to the Line of Actual Control this week, officials said.")
    assert [(e.type, e.location.name) for e in found] == [("border.reinforcement", "Line of Actual Control")]


def test_one_sided_border_is_completed_with_the_acting_state(events):
    found = events("Hundreds of extra border guards were deployed along the frontier with Belarus on Friday, "
                   "Lithuania's interior minister said.")
    assert found[0].location.resolved == "Lithuania–Belarus border"


def test_deployment_to_the_state_of_a_name(events):
    found = events("Authorities deployed 2,000 troops to the northern state of Sinaloa on Sunday.", country="MX")
    assert [(e.type, e.location.name) for e in found] == [("military.deployment", "Sinaloa")]


def test_every_countrys_first_level_regions_are_known_with_a_position():
    gaz = gazetteer.load()
    region = next(p for p in gaz.candidates("Norte de Santander") if p.kind == "region")
    assert region.country == "CO" and 7 < region.lat < 9 and -74 < region.lon < -72
    assert gaz.candidates("Hama")[0].kind == "city"     # named bare, the city comes first


def test_an_event_in_a_region_no_supplement_lists_is_placed_there(events):
    found = events("Iran deployed extra troops to Khuzestan province on Tuesday after "
                   "the attack.", published="2024-01-17")
    location = found[0].location
    assert (found[0].type, location.country, location.kind) == ("military.deployment", "IR", "region")
    assert location.lat is not None


def test_designator_heads_pass_over_only_words_no_designator_starts(extractor):
    from services.extractor import places
    rules = extractor.rules["en"]
    size, heads = rules.designator_heads
    assert size == 3 and {"pro", "dis", "cro"} <= heads
    assert places._may_designate(" Province", 1, rules) and places._may_designate(" CROSSING", 1, rules)
    assert not places._may_designate(" fired", 1, rules)
    assert places._may_designate(" ſtate", 1, rules)      # not ASCII: the patterns decide
