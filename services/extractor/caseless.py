"""Patterns that ignore case, matched faster in ASCII text.

``re`` runs a pattern compiled with ``IGNORECASE`` several times slower than a case-sensitive
one: it folds each character before comparing it, and it enters every alternative of a branch in
full instead of passing over those whose first letter differs. In ASCII text, ignoring case is
the same as matching the lower-cased pattern against the lower-cased text, provided the pattern
has no upper-case letter, no character that folds to an ASCII letter, no range that takes in
capitals and no flag of its own. For such a pattern a case-sensitive ``twin`` finds, in the
lower-cased text, where the pattern matches; the pattern itself is then matched there, so the
match is the one ``pattern.search`` returns, with the text as written in its groups.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

_BODIES = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """``pattern`` compiled without ``IGNORECASE``, for lower-cased ASCII text; ``None`` for a
    pattern that keeps case or whose case-sensitive twin could match differently."""
    if not pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return None
    try:
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
        found = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)
    except re.error:
        return None
    if found.flags & re.IGNORECASE or not _foldable(list(tree)):
        return None     # an inline (?i) in the pattern, or a letter the lower case would change
    return found


def search(pattern: re.Pattern[str], folded: re.Pattern[str] | None, text: str, pos: int = 0,
           endpos: int | None = None) -> re.Match[str] | None:
    """``pattern.search(text, pos, endpos)``, by its ``twin`` (``folded``) where the text is ASCII."""
    end = len(text) if endpos is None else endpos
    if folded is None or not text.isascii():
        return pattern.search(text, pos, end)
    found = folded.search(text.lower(), pos, end)
    return None if found is None else pattern.match(text, found.start(), end)


def match(pattern: re.Pattern[str], folded: re.Pattern[str] | None, text: str, pos: int = 0,
          endpos: int | None = None) -> re.Match[str] | None:
    """``pattern.match(text, pos, endpos)``, by its ``twin`` (``folded``) where the text is ASCII."""
    end = len(text) if endpos is None else endpos
    if folded is None or not text.isascii():
        return pattern.match(text, pos, end)
    return None if folded.match(text.lower(), pos, end) is None else pattern.match(text, pos, end)


def _foldable(items: list[tuple[Any, Any]]) -> bool:
    """Does every piece of a parsed pattern match lower-cased ASCII text as the pattern ignoring
    case matches the text as written?"""
    return all(_piece_foldable(op, av) for op, av in items)


def _piece_foldable(op: Any, av: Any) -> bool:
    if op in (sre.LITERAL, sre.NOT_LITERAL):
        return _char_foldable(av)
    if op is sre.IN:
        return all(_member_foldable(member_op, member_av) for member_op, member_av in av)
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, body = av
        return not add_flags and not del_flags and _foldable(list(body))
    if op is sre.BRANCH:
        return all(_foldable(list(body)) for body in av[1])
    if op in _BODIES:
        return _foldable(list(av[2]))
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return _foldable(list(av[1]))
    if op is sre.ATOMIC_GROUP:
        return _foldable(list(av))
    if op is sre.GROUPREF_EXISTS:
        _group, yes, no = av
        return _foldable(list(yes)) and (no is None or _foldable(list(no)))
    return op in (sre.AT, sre.ANY, sre.GROUPREF, sre.CATEGORY)


def _member_foldable(op: Any, av: Any) -> bool:
    """A member of a character class: a character, a category, or a range with no capital in it
    (``[a-z]``, ``[0-9]``; not ``[!-^]``, which ignoring case would stretch to the small letters)."""
    if op in (sre.LITERAL, sre.NOT_LITERAL):
        return _char_foldable(av)
    if op is sre.RANGE:
        low, high = av
        return high < 128 and (high < ord("A") or low > ord("Z"))
    return op in (sre.NEGATE, sre.CATEGORY)


def _char_foldable(code: int) -> bool:
    """A pattern character that is no capital and, outside ASCII, has no case at all ("’")."""
    char = chr(code)
    if char.isascii():
        return not ("A" <= char <= "Z")
    return char.lower() == char == char.upper() and char.casefold() == char
