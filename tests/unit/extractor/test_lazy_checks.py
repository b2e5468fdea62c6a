"""The shortcuts that keep extraction cheap never change what a check decides: the joined
modality cues find a cue wherever one of them would, and clause boundaries found on first use are
the same as found up front."""

from __future__ import annotations

import re

import pytest

from services.extractor import dates, detect, document, rules
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


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_weekday_search_finds_what_the_weekday_pattern_finds(extractor: Extractor, language: str):
    lang = extractor.rules[language]
    pats = dates._patterns_for(lang)
    days = list(lang.weekdays)
    texts = [f"on {days[0]}, late  {days[1]} and early{days[2]}s, since {days[3]}; x{days[4]} {days[5]}"]
    texts += [f"{days[0]}{days[1]} on\n{days[2]} by {days[3]}days this {days[6]}"]
    for text in texts:
        expected = [(m.span(), m.groupdict()) for m in pats.weekday.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in dates._weekday_matches(text, pats)] == expected
        assert expected


def test_sentences_with_keys_hold_a_key_word_where_it_is_a_whole_word(extractor: Extractor):
    lang = extractor.rules["en"]
    text = ("Troops closed the crossing. Prices rose $closed. The market is closed_ today.\n\n"
            "Nothing happened here. Officials met in Cairo.")
    doc = document.read(text, "2024-06-14", "", lang, extractor.gaz, extractor.actors)
    keyed = {i: [t.id for t in found] for i, found in detect._sentences_with_keys(doc)}
    assert set(keyed) == {0, 1, 2, 4}       # "$closed", "closed_": "closed" is a word elsewhere
    assert keyed[1] == keyed[0] and "met" in keyed[4]
    alone = document.read("Prices rose $closed.", "2024-06-14", "", lang, extractor.gaz, extractor.actors)
    assert detect._sentences_with_keys(alone) == []


def test_a_full_key_word_cache_never_hides_a_key_word(monkeypatch):
    """The word caches are bounded; when full they start again, so a long-running extractor
    finds the same triggers in a sentence whatever it read before."""
    monkeypatch.setattr(rules, "_CACHE_LIMIT", 8)
    english = Extractor().rules["en"]
    for n in range(20):
        english.key_hits([f"filler{n}a", f"filler{n}b", f"filler{n}c"])
    assert "closed" in english.key_hits(["officials", "closed", "the", "crossing"])
    assert english.keyed({"closed"})


def test_a_key_word_read_before_the_cache_filled_is_still_found_after(monkeypatch):
    """A sentence whose new words fill the cache still holds the key words read before the
    clear, and the triggers of an earlier sentence of the same article can still be asked for."""
    monkeypatch.setattr(rules, "_CACHE_LIMIT", 8)
    english = Extractor().rules["en"]
    english.key_hits(["officials", "closed", "it"])
    hits = english.key_hits_each([["troops", "closed", "the", "crossing"],
                                  ["fill1", "fill2", "fill3", "fill4", "fill5", "fill6", "closed"]])
    assert all("closed" in found for found in hits)
    assert english.keyed(hits[0])
