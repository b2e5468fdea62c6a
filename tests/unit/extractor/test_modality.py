"""Only asserted occurrences are events: not threats, plans, conditions, denials, questions,
failed attempts, or history."""


def test_threat_to_close_border_is_not_an_event(events):
    assert events("The president threatened to close the southern border with Mexico next week.") == []


def test_plan_to_deploy_troops_is_not_an_event(events):
    assert events("The defence ministry plans to deploy 2,000 troops to the border in the spring.") == []


def test_conditional_closure_is_not_an_event(events):
    assert events("Officials said they would shut the crossing if the attacks continued.") == []


def test_reopening_once_conditions_are_met_is_not_an_event(events):
    assert events("The ministry said the crossing will open again once security conditions allow.") == []


def test_denied_capture_is_not_an_event(events):
    assert events("The army denied that insurgents had seized the airport in Kidal.") == []


def test_question_is_not_an_event(events):
    assert events("Will Ankara close the border with Iraq? Analysts doubt it.") == []


def test_failed_attempt_to_retake_is_not_a_capture(events):
    found = events("Rebels tried to retake Kidal on Monday but were pushed back, the army said.")
    assert [e for e in found if e.type.startswith("territory")] == []


def test_negated_fighting_is_not_a_clash(events):
    assert events("The soldiers were taken without any fighting, an officer said.") == []


def test_background_capture_years_ago_is_not_an_event(events):
    assert events("The militants captured the city of Palmyra in 2015 before losing it a year later.",
                  published="2024-06-14") == []


def test_capture_last_month_is_background(events):
    assert events("Fighters seized Tessalit last month, according to local officials.",
                  published="2024-06-14") == []


def test_campaign_of_months_is_not_a_single_strike(events):
    assert events("The town has endured eight months of air strikes by the coalition.") == []


def test_fear_of_fighting_is_not_a_clash(events):
    assert events("Residents feared that fighting between the army and rebels would reach Goma.") == []


def test_troops_already_stationed_are_not_a_new_deployment(events):
    assert events("About 4,000 soldiers are already stationed on the eastern border.") == []


def test_anniversary_of_a_capture_decades_ago_is_not_an_event(events):
    assert events("Twenty years ago, foreign troops captured Baghdad after a three-week campaign.") == []


def test_drug_seizure_at_a_crossing_is_not_a_closure_or_capture(events):
    assert events("Border guards seized 300 kg of cocaine at the Ceuta crossing on Monday.") == []


def test_storm_closing_schools_and_airport_is_not_a_border_closure(events):
    assert events("Authorities closed schools in Dhaka on Thursday as a cyclone approached. The airport was shut.") == []


def test_closure_announced_as_taken_and_effective_within_days_counts(events):
    found = events("Finland will close its entire border with Russia from midnight on Thursday, the government said.")
    assert [e.type for e in found] == ["border.closure"]


def test_closure_that_is_still_the_news_counts(events):
    found = events("Crossings between Gaza and Egypt remained closed for a second week on Monday.")
    assert [e.type for e in found] == ["border.closure"]


def test_closure_still_in_force_from_long_ago_is_not_news(events):
    assert events("The Kuznica checkpoint, shut in 2021, is still closed.") == []


def test_a_government_measure_in_protest_is_not_a_protest(events):
    found = events("The Taliban suspended trade through the Chaman crossing on Saturday in protest at new visa rules.")
    assert [e.type for e in found] == ["border.closure"]


def test_recalled_episode_of_a_named_year_is_background(events):
    found = events("The violence recalls the 2019 crisis, when cartel gunmen overran Culiacan.", published="2025-03-03")
    assert found == []
