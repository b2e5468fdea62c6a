"""The shortcuts that keep extraction cheap never change what a check decides: the joined
modality cues find a cue wherever one of them would, and clause boundaries found on first use are
the same as found up front."""

from __future__ import annotations

import re

import pytest

from services.extractor import document, rules
from services.extractor.extract import Extractor

SAMPLES = [
    "officials said they would not close the crossing, and troops were never sent.",
    "the army denied reports that it planned to seize the town; rebels vowed to attack.",
    "police may have used tear gas, but the ministry dismissed the claims as false.",
    "le gouvernement a menacé de fermer la frontière et n'a pas envoyé de troupes.",
    "el ejército negó que hubiera tomado la ciudad y amenazó con cerrar el paso.",
    "نفى الجيش أنه سيطر على المدينة وهدد بإغلاق المعبر",
]


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_joined_cues_match_wherever_a_lower_case_cue_does(extractor: Extractor, language: str):
    lang = extractor.rules[language]
    cues = [c for c in lang.cues if c.before and not c.case]
    hits = 0
    for text in SAMPLES:
        for trigger_at in range(len(text) + 1):        # every place a trigger could start
            widest = lang.cue_any.search(text, max(0, trigger_at - lang.cue_reach), trigger_at)
            for cue in cues:
                if cue.pattern.search(text, max(0, trigger_at - cue.before), trigger_at):
                    assert widest is not None, (cue.name, text, trigger_at)
                    hits += 1
    assert hits > 0


def test_patterns_that_cannot_be_joined_are_always_tried():
    twice = [re.compile(r"(?P<x>a)"), re.compile(r"(?P<x>b)")]
    assert rules._any_of(twice).search("zzz") is not None
    assert rules._any_of([re.compile(r"(a)\1")]).search("zzz") is not None
    assert rules._any_of([]).search("anything") is None


def test_clause_bounds_are_the_boundaries_of_the_sentence(extractor: Extractor):
    lang = extractor.rules["en"]
    text = "Troops were sent on Monday, but the ministry said the border stayed open."
    doc = document.read(text, "2024-06-14", "", lang, extractor.gaz, extractor.actors)
    expected = [m.start() for m in lang.clause_boundary.finditer(doc.lower(0))]
    assert doc.clause_bounds(0) == expected and expected
    assert document.read("Calm.", None, "", lang, extractor.gaz, extractor.actors).clause_bounds(0) == [0]
