"""A top-level alternation matched branch by branch finds what the whole pattern finds."""

import random
import re

import pytest

from services.extractor import branches, rules


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_clause_boundaries_found_by_branches_are_the_patterns_matches(language: str):
    lang = rules.load_all()[language]
    scan = branches.split(lang.clause_boundary)
    assert scan.branches is not None
    rng = random.Random(3)
    pieces = ["but ", "said", " and ", ", and ", "; ", ":", "(", ")", "(ap)", " — ", "to demand ", "x",
              "although", "aftermath ", " after", "wh", "ich", ",", "  ", "dijo ", "mais ", "وقال ", "،"]
    for _ in range(5_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        expected = [(m.span(), m.group(0)) for m in lang.clause_boundary.finditer(text)]
        assert [(m.span(), m.group(0)) for m in scan.finditer(text)] == expected, text


def test_a_pattern_that_could_match_empty_or_refers_back_is_kept_whole():
    assert branches.split(re.compile(r"a|b*")).branches is None
    assert branches.split(re.compile(r"(a)|\1b")).branches is None
    assert branches.split(re.compile(r"abc")).branches is None


def test_the_earlier_branch_wins_where_two_match_at_one_place():
    scan = branches.split(re.compile(r"\bab|\babc|c"))
    assert [m.group(0) for m in scan.finditer("abc abc c")] == ["ab", "c", "ab", "c", "c"]
