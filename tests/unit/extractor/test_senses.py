"""Trigger words used in another sense are not events."""


def test_captured_on_camera_is_not_a_capture(events):
    assert events("A hiker captured on camera the moment the volcano erupted near Antigua.") == []


def test_football_club_capturing_a_title_is_not_a_capture(events):
    assert events("Al-Wahda captured the league title in Damascus on Friday after a 2-0 win.") == []


def test_captured_soldiers_are_people_not_territory(events):
    assert events("Militants captured 30 soldiers near Wana on Thursday, officials said.") == []


def test_seized_drugs_are_not_territory(events):
    assert events("Customs officers seized 200 kilos of heroin at the port of Karachi on Monday.") == []


def test_border_force_is_an_agency_not_a_border(events):
    assert events("Border Force officers seized cocaine on a ship at Dover on Tuesday.") == []


def test_scottish_borders_is_a_region_not_a_frontier(events):
    assert events("Every school in the Scottish Borders shut its doors at lunchtime on Friday.") == []


def test_close_to_the_border_is_a_description(events):
    found = events("The troops were stationed in Tinzawaten, a town close to the Algerian border, last week.")
    assert "border.closure" not in [e.type for e in found]


def test_met_with_criticism_is_not_a_meeting(events):
    assert events("The plan, announced by Prime Minister Keir Starmer, met with criticism from unions.") == []


def test_residents_stoning_soldiers_is_not_protest_violence(events):
    found = events("Angry residents hurled stones at soldiers in Jammu on Friday.")
    assert "protest.violence" not in [e.type for e in found]


def test_riot_clashes_are_not_armed_clashes(events):
    found = events("The strike called by traders descended into violent clashes between protesters and shopkeepers in Jammu.")
    assert "armed.clash" not in [e.type for e in found]


def test_a_film_capturing_the_chaos_is_not_a_capture(events):
    assert events("The film captures the chaos of the 2011 uprising in Cairo.") == []


def test_general_strike_and_fan_clashes_are_not_conflict_events(events):
    assert events("A general strike shut down shops and schools across Bangladesh on Sunday.") == []
    assert events("Rival football fans clashed outside the stadium in Marseille on Sunday, police said.") == []
