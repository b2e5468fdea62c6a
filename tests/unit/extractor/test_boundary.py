"""Searching without a pattern's opening ``\\b`` and keeping the matches at a word boundary finds
exactly what the pattern finds, in a whole sentence and in a window of one."""

from __future__ import annotations

import re

import pytest

from services.extractor import boundary
from services.extractor.extract import Extractor

SAMPLES = [
    "the army closed the border and disclosed that troops had been deployed; they enclosed it.",
    "rebels captured the town, recaptured_it and seized 'closing' roads—re-closed them again.",
    "police fired tear gas as demonstrators gathered; protesters met officials, met-with none.",
    "le gouvernement a fermé la frontière; l'armée a déployé des troupes près de la frontière.",
    "el ejército cerró el paso fronterizo y desplegó tropas; los manifestantes protestaron.",
    "é_closed über-closed closedé 1closed closed1 $closed closed$",
]


def _spans(matches: list[re.Match[str]]) -> list[tuple[tuple[int, int], tuple]]:
    return [(m.span(), m.groups()) for m in matches]


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_trigger_matches_are_the_patterns_matches(extractor: Extractor, language: str):
    for trigger in extractor.rules[language].triggers:
        for text in SAMPLES:
            assert _spans(trigger.finditer(text)) == _spans(list(trigger.pattern.finditer(text))), trigger.id


def test_search_in_a_window_finds_what_the_pattern_finds():
    pattern = re.compile(r"\b(?:clos(?:ed|es|ing)|close|seal(?:ed)?)\b")
    rest = boundary.rest(pattern)
    assert rest is not None
    for text in SAMPLES:
        for start in range(0, len(text), 3):
            for end in range(start, len(text) + 2, 7):
                found, expected = boundary.search(pattern, rest, text, start, end), pattern.search(text, start, end)
                assert (found and found.span()) == (expected and expected.span()), (text, start, end)


@pytest.mark.parametrize("source, flags", [
    (r"\bclose|open", 0),               # the \b belongs to the first alternative only
    (r"\b(?:close|open)", re.ASCII),    # an ASCII \b
    (r"\b(?:close|open)", re.IGNORECASE),
    (r"\b[cs]lose", 0),                 # a class first: re would not skip ahead
    (r"\b(?:close|(?:re)?open)", 0),
    (r"(?:close|open)\b", 0),
])
def test_patterns_the_shortcut_cannot_serve_are_searched_whole(source: str, flags: int):
    assert boundary.rest(re.compile(source, flags)) is None


def test_a_bar_inside_a_group_or_class_is_no_alternation():
    assert boundary.rest(re.compile(r"\b(?:close|open)[|)]\b")) is not None


def test_a_pattern_that_can_match_empty_is_left_to_re():
    pattern = re.compile(r"\b(?:x|)")
    rest = re.compile(r"(?:x|)")
    assert _spans(boundary.finditer(pattern, rest, "ax x")) == _spans(list(pattern.finditer("ax x")))


def test_leading_groups_are_opened_so_re_can_skip_ahead():
    pattern = re.compile(r"\b(?:(?:spoke|talked)\s+(?:by\s+phone\s+)?with|held\s+(?:talks|a\s+call)|met)\b")
    rest = boundary.rest(pattern)
    assert rest is not None
    texts = SAMPLES + ["he spoke with her, talked by phone with them and held talks; they met.",
                       "bespoke withheld talks; unspoke with, held a call"]
    for text in texts:
        assert _spans(boundary.finditer(pattern, rest, text)) == _spans(list(pattern.finditer(text))), text


def test_groups_are_not_opened_where_they_would_be_copied():
    assert boundary.rest(re.compile(r"\b(?:(spoke|talked)\s+with|met)\b")) is None


def test_any_of_finds_a_match_where_one_of_the_patterns_has_one():
    patterns = [re.compile(r"\b(?:not|never|no\s+longer)\b|\bno\s+"), re.compile(r"\b(?:still|(?<!had\s)already)\b"),
                re.compile(r"\w+'(?:ll|d)\b"), re.compile(r"\b(?:threat(?:en(?:ed|s)?)?|vow(?:ed|s)?)\s+to\b")]
    scan = boundary.any_of(patterns)
    assert scan is not None and scan.opened is not None and scan.others is not None
    texts = SAMPLES + ["they had already left and will not return", "he'll go; no longer; threatened to close",
                       "nothing stills the vowel", "already", "they'd vow to"]
    for text in texts:
        for start in range(0, len(text), 4):
            for end in range(start, len(text) + 1, 5):
                expected = any(p.search(text, start, end) for p in patterns)
                assert scan.found(text, start, end) == expected, (text, start, end)


def test_any_of_refuses_patterns_it_cannot_join():
    assert boundary.any_of([re.compile(r"\bnot\b"), re.compile(r"\bno\b", re.IGNORECASE)]) is None
    assert boundary.any_of([re.compile(r"\b(\w+) \1\b")]) is None
