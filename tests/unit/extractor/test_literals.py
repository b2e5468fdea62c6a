"""A pattern's needles are in every text it matches, so a text without them can be passed over:
checked on the packaged rules' own patterns, on awkward sentences, and on the gates of triggers."""

from __future__ import annotations

import re

import pytest

from services.extractor import literals
from services.extractor.extract import Extractor

SAMPLES = [
    "the army closed the border and disclosed that troops had been deployed; they enclosed it.",
    "Rebels captured the town, recaptured_it and seized 'closing' roads—re-closed them again.",
    "Police fired tear gas as demonstrators gathered; protesters met officials, met-with none.",
    "The Frontier Corps sealed the Crossing; Checkpoint 4 and the boundary crossing shut down.",
    "Le gouvernement a fermé la frontière; l'armée a déployé des troupes près de la frontière.",
    "El ejército cerró el paso fronterizo y desplegó tropas; los manifestantes protestaron.",
    "أغلقت السلطات المعبر الحدودي وقال الجيش إن القوات انتشرت قرب الحدود.",
    "é_closed über-closed closedé 1closed closed1 $closed closed$ can't won't they'll he'd",
]


def _patterns(extractor: Extractor) -> list[re.Pattern[str]]:
    found = [extractor.actors.groups, extractor.actors.state, extractor.actors.non_state]
    for rules in extractor.rules.values():
        found += [t.pattern for t in rules.triggers] + list(rules.classes.values())
        found += list(rules.blockers.values()) + [c.pattern for c in rules.cues + rules.hedges]
        found += list(rules.roles.values()) + [rules.cue_any, rules.clause_boundary, rules.anaphora_pattern]
    return found


def test_every_match_of_the_rules_patterns_holds_a_needle(extractor: Extractor):
    checked = 0
    for pattern in _patterns(extractor):
        found = literals.needles(pattern)
        if found is None:
            continue
        for text in SAMPLES + [s.lower() for s in SAMPLES]:
            for match in pattern.finditer(text):
                assert any(n in match.group(0) for n in found), (pattern.pattern, match.group(0))
                checked += 1
    assert checked > 50


@pytest.mark.parametrize("source, expected", [
    (r"\b(?:borders?|[Ff]rontiers?)\b", ("border", "rontier")),     # one piece for both cases
    (r"\w+ (?:forces|army)|(?:forces|army) \w+", ("army", "forces")),     # " forces", "forces "
    (r"(?:l['’]|la )?(?:armée|forces) \w+", ("armée", "forces")),
    (r"\bclos(?:ed|es|ing)|close\b", ("close", "closing")),
    (r"(?<=x)abc(?=def)", ("abc",)),
    (r"\bmov(?:ed|ing)\s+troops", ("troops",)),
])
def test_needles_are_the_literal_text_every_match_contains(source: str, expected: tuple[str, ...]):
    assert literals.needles(re.compile(source)) == expected


@pytest.mark.parametrize("source", [r"\w+", r"a?", r"(?:x|\d)", r"\b(?i:border)\b"])
def test_a_pattern_that_may_match_without_literal_text_has_no_needles(source: str):
    assert literals.needles(re.compile(source)) is None


def test_a_pattern_that_ignores_case_has_no_needles():
    assert literals.needles(re.compile("border", re.IGNORECASE)) is None


def test_contains_any_looks_only_inside_the_window():
    assert literals.contains_any("the border gate", ("border",), 2, 12)
    assert not literals.contains_any("the border gate", ("border",), 5)
    assert not literals.contains_any("the border gate", ("border",), 0, 9)


def test_a_trigger_gated_out_of_a_sentence_finds_no_event_there(extractor: Extractor):
    rules = extractor.rules["en"]
    close = next(t for t in rules.triggers if t.id == "close-border")
    shops = "Shops in the old market were due to close early ahead of the holiday."
    assert close.finditer(shops.lower()) and not close.may_fire(shops, shops.lower())
    border = "Authorities shut the Torkham crossing on Monday."
    assert close.may_fire(border, border.lower())



def test_a_pattern_gate_every_key_word_holds_is_left_to_the_key_words(extractor: Extractor):
    rules = extractor.rules["en"]
    visit = next(t for t in rules.triggers if t.id == "visit")      # keys visit, visited, trip ...
    assert [case for _found, case in visit.gates] == [True]         # the person class's gate only
    closing = next(t for t in rules.triggers if t.id == "close-border")
    assert len(closing.gates) == 2      # the stem "clos*" holds neither "close" nor "closing"
