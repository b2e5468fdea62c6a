"""The literal text a pattern cannot match without: a prefilter worked out from the pattern.

``needles(pattern)`` reads a compiled pattern's parse tree and returns strings of which every
match contains at least one (``None`` when it cannot tell). Where none of them is in the text, the
pattern cannot match there, so a substring test (which runs at memory speed) stands in for a
regex scan (which tries the pattern at every position when it opens with ``\\b``); where one is,
the pattern is searched as before. The answer is the same either way, which is the point: rules
stay regular expressions in YAML, and nothing about what they match changes.

Only consumed text counts (look-arounds and anchors are zero-width), and patterns that ignore case
get no needles, since case-insensitive matching pairs characters that ``str.lower`` does not.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

_MAX_STRINGS = 64        # an alternation spelled out beyond this is no longer worth testing
_MAX_CLASS = 8           # a character class of up to this many literal characters ("[Ff]")
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)

# What a piece of a pattern is known to match: ``exact``, every string it can match (a small
# finite set), or failing that ``required``, strings one of which each match contains.
_Known = tuple[frozenset[str] | None, frozenset[str] | None]


def needles(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains, or ``None`` when unknown."""
    tree = _parsed(pattern)
    if tree is None:
        return None
    exact, required = _sequence(tree)
    found = _usable(exact) or _usable(required)
    return _fewest(_weakened(found)) if found else None


def _parsed(pattern: re.Pattern[str]) -> list | None:
    """The parsed pieces of a case-sensitive text pattern, or ``None`` when its literals cannot
    be trusted (caseless, bytes, or a syntax ``sre_parse`` rejects)."""
    if pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return None
    try:
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
    except re.error:
        return None
    return None if tree.state.flags & re.IGNORECASE else list(tree)


_MIN_STRIPPED = 4       # a needle's spaces are dropped when what is left is at least this long
_MIN_CASED = 6          # and its first letter, when it comes in both cases, from this length


def _weakened(strings: frozenset[str]) -> frozenset[str]:
    """``strings`` with each needle replaced by a piece of it that is as telling, so fewer are
    tested: "forces " and " forces" by "forces" (the spaces come from what a pattern puts around
    a word), "Minister" and "minister" by "inister". Every text holding a needle holds its
    piece, so the needles still hold in every match; ``_fewest`` then drops those holding a piece
    ("l'armée", "la armée" once "armée" is one)."""
    trimmed = frozenset(s.strip() if len(s.strip()) >= _MIN_STRIPPED else s for s in strings)
    return frozenset(s[1:] if len(s) >= _MIN_CASED and s[0].isalpha() and s[0].swapcase() + s[1:] in trimmed
                     else s for s in trimmed)


def _fewest(strings: frozenset[str]) -> tuple[str, ...]:
    """``strings`` less those containing another of them ("closed" holds "close"): a text with
    the longer one has the shorter too, so testing the shorter alone tells the same."""
    return tuple(sorted(s for s in strings if not any(o != s and o in s for o in strings)))


def may_match(text: str, found: tuple[str, ...] | None) -> bool:
    """Can a pattern with needles ``found`` match ``text``? Not without one of them in it (a
    pattern without needles always may); the test runs in C, one substring search a needle."""
    return found is None or any(map(text.__contains__, found))


def contains_any(text: str, found: tuple[str, ...], start: int = 0, end: int | None = None) -> bool:
    """Is one of ``found`` wholly inside ``text[start:end]`` (the window ``re`` would search)?"""
    start = max(0, start)
    stop = len(text) if end is None else end
    for needle in found:
        if text.find(needle, start, stop) != -1:
            return True
    return False


def _usable(strings: frozenset[str] | None) -> frozenset[str] | None:
    """``strings`` if a test for them can fail: none empty (an empty string is in every text)."""
    return strings if strings and "" not in strings else None


def requirements(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], ...] | None:
    """Every requirement of ``pattern`` that ``needles`` chooses among: for each piece of the
    sequence it is, strings one of which every match holds (the title, "of" and "and" of "the
    foreign ministers of Egypt and Qatar"). A text lacking every string of any one of them
    cannot hold a match (``may_match_all``): a few more substring tests, where the most telling
    requirement alone still leaves many texts to scan. ``None`` when unknown."""
    tree = _parsed(pattern)
    if tree is None:
        return None
    _run, _whole_exact, choices = _pieces(tree)
    found = [_fewest(_weakened(c)) for c in map(_usable, choices) if c]
    return tuple(dict.fromkeys(found)) or None


def may_match_all(text: str, required: tuple[tuple[str, ...], ...] | None) -> bool:
    """Can a pattern with ``requirements`` ``required`` match ``text``? Not unless it holds one
    string of each."""
    return required is None or all(any(map(text.__contains__, found)) for found in required)


def _sequence(items: list[tuple[Any, Any]]) -> _Known:
    """A concatenation: runs of exactly-known pieces are multiplied out; the best requirement
    among those runs and the other pieces' requirements is kept."""
    run, whole_exact, choices = _pieces(items)
    best = _best([c for c in map(_usable, choices) if c])
    return (run if whole_exact else None), best


def _pieces(items: list[tuple[Any, Any]]) -> tuple[frozenset[str], bool, list[frozenset[str] | None]]:
    """A concatenation read piece by piece: the exact strings of its last run of exactly-known
    pieces, whether the whole is that run, and the requirements of every run and other piece."""
    run: frozenset[str] = frozenset({""})
    whole_exact, choices = True, []
    for op, av in items:
        exact, required = _node(op, av)
        if exact is None:
            choices += [run, required]
            run, whole_exact = frozenset({""}), False
            continue
        product = frozenset(a + b for a in run for b in exact)
        if len(product) > _MAX_STRINGS:
            choices.append(run)
            run, whole_exact = exact, False
        else:
            run = product
    choices.append(run)
    return run, whole_exact, choices


def _best(choices: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective requirement: its shortest string longest (up to five characters:
    "the" is in every sentence, "month" in few), then the fewest strings."""
    if not choices:
        return None
    return max(choices, key=lambda c: (min(5, min(map(len, c))), -len(c), min(map(len, c))))


def _node(op: Any, av: Any) -> _Known:
    if op is sre.LITERAL:
        return frozenset({chr(av)}), None
    if op in _ZERO_WIDTH:
        return frozenset({""}), None
    if op is sre.IN:
        return _char_class(av), None
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, body = av
        return (None, None) if add_flags & re.IGNORECASE else _sequence(list(body))
    if op is sre.ATOMIC_GROUP:
        return _sequence(list(av))
    if op is sre.BRANCH:
        return _branch([_sequence(list(body)) for body in av[1]])
    if op in _REPEATS:
        low, high, body = av
        exact, required = _sequence(list(body))
        if low == 1 and high == 1:
            return exact, required
        return None, (_usable(exact) or required) if low >= 1 else None
    return None, None


def _char_class(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """A class of a few literal characters ("[Ff]"), spelled out; anything else is unknown."""
    if len(items) > _MAX_CLASS or any(op is not sre.LITERAL for op, _av in items):
        return None
    return frozenset(chr(av) for _op, av in items)


def _branch(alternatives: list[_Known]) -> _Known:
    """An alternation: known exactly if every alternative is; otherwise a match contains one
    of the alternatives' requirements only if every alternative has one."""
    if all(exact is not None for exact, _ in alternatives):
        union = frozenset().union(*[exact for exact, _ in alternatives])
        if len(union) <= _MAX_STRINGS:
            return union, None
    parts = [_usable(exact) or required for exact, required in alternatives]
    if any(part is None for part in parts):
        return None, None
    return None, frozenset().union(*parts)
