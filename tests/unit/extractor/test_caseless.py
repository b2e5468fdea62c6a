"""A pattern that ignores case, searched by its case-sensitive twin in ASCII text, finds what it
finds itself: checked on the packaged rules' patterns over sentences in every case, and on the
patterns a twin would get wrong, which get none."""

from __future__ import annotations

import re

import pytest

from services.extractor import caseless
from services.extractor.extract import Extractor

SENTENCES = [
    "Troops were deployed on the outskirts of Aleppo, the ministry said, backed by militia.",
    "THE ARMY WAS SENT TO THE BORDER TOWN OF KIDAL, A TOWN ON THE MAIN ROAD NORTH.",
    "Police In Central Goma Were Stationed Near The Border Crossing With Rwanda On Monday.",
    "His counterpart in Nairobi, a city of four million, was quoted by Kenyan officials.",
    "Les troupes ont été déployées près de la frontière; el ejército llegó a la provincia.",
]


def _twinned(extractor: Extractor) -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    found = []
    for rules in extractor.rules.values():
        for pattern in [*rules.roles.values(), *rules.designators.values(), rules.attributive,
                        rules.place_prepositions, rules.place_apposition, rules.list_gap]:
            folded = caseless.twin(pattern)
            if folded is not None:
                found.append((pattern, folded))
    return found


def _same(a: re.Match[str] | None, b: re.Match[str] | None) -> bool:
    return (a is None) == (b is None) and (a is None or (a.span(), a.groups()) == (b.span(), b.groups()))


def test_caseless_search_finds_what_the_pattern_finds_in_every_window(extractor: Extractor):
    pairs = _twinned(extractor)
    assert len(pairs) > 20
    for pattern, folded in pairs:
        for text in SENTENCES + [s.upper() for s in SENTENCES] + [s.title() for s in SENTENCES]:
            for start in range(0, len(text), 7):
                for end in (start + 30, start + 60, len(text)):
                    assert _same(pattern.search(text, start, end), caseless.search(pattern, folded, text, start, end))
                    assert _same(pattern.match(text, start, end), caseless.match(pattern, folded, text, start, end))


@pytest.mark.parametrize("source", [
    r"\bBorder\b",          # a capital: the lower-cased text never holds it
    r"[!-^]+",              # a range with the capitals in it and not the small letters
    r"(?-i:army)",          # a group that keeps case
    r"(?i)x|(?-i:Y)",
    "ſtate",                # folds to an ASCII letter
    r"\bétat\b",            # a letter with case outside ASCII
])
def test_twin_refuses_a_pattern_it_could_match_differently(source: str):
    assert caseless.twin(re.compile(source, re.IGNORECASE)) is None


def test_twin_is_none_for_a_pattern_that_keeps_case():
    assert caseless.twin(re.compile(r"\barmy\b")) is None


def test_caseless_search_reads_non_ascii_text_with_the_pattern_itself():
    pattern = re.compile(r"\b(?:in|near)\s+$", re.IGNORECASE)
    folded = caseless.twin(pattern)
    assert folded is not None
    text = "Straße IN "
    assert _same(caseless.search(pattern, folded, text), pattern.search(text))
