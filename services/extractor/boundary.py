"""The matches of a pattern that opens with ``\\b``, found faster.

``re`` skips ahead to where a match can start only when a pattern opens with a literal or a
character class; a leading ``\\b`` makes it try the whole pattern at every position. So the
pattern is also compiled without that ``\\b`` (``rest``), which ``re`` skips through, and of the
places ``rest`` matches only those at a word boundary are kept: where ``rest`` matches at a
boundary, the full pattern matches the same text, so these are exactly the full pattern's matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

from services.extractor import literals

_OPENING = "\\b"


def rest(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """``pattern`` without its opening ``\\b``, or ``None`` when that would not do: it has no
    ``\\b`` that starts every match (a ``|`` outside groups), its ``\\b`` is ASCII's (the test
    here is Unicode's), or ``re`` could not skip ahead through the rest either (it ignores case,
    or an alternative of what follows the ``\\b`` does not open with a letter, even once its
    leading groups are opened: ``_opened``)."""
    source = pattern.pattern
    if not source.startswith(_OPENING) or pattern.flags & (re.ASCII | re.IGNORECASE) or \
            _bar_outside_groups(source):
        return None
    remainder = source[len(_OPENING):]
    if not _opens_with_letters(remainder) and not pattern.groups:
        pieces = _opened(remainder)
        remainder = _by_first_letter(pieces) if all(map(_opens_with_letter, pieces)) else "(?:" + "|".join(pieces) + ")"
    return re.compile(remainder, pattern.flags) if _opens_with_letters(remainder) else None


def finditer(pattern: re.Pattern[str], rest_of: re.Pattern[str] | None, text: str) -> list[re.Match[str]]:
    """What ``pattern.finditer(text)`` yields, in a list (``rest_of``: ``rest(pattern)``)."""
    if rest_of is None:
        return list(pattern.finditer(text))
    found, position = [], 0
    while (match := rest_of.search(text, position)) is not None:
        start, stop = match.span()
        if stop == start:    # an empty match: re's own rules for what follows one apply
            return list(pattern.finditer(text))
        # ``_at_boundary`` written out (a call per match costs as much as the test): the match
        # is not empty, so a character follows ``start``
        before = start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_")
        if before != (text[start].isalnum() or text[start] == "_"):
            found.append(match)
            position = stop
        else:
            position = start + 1
    return found


def search(pattern: re.Pattern[str], rest_of: re.Pattern[str] | None, text: str, pos: int = 0,
           endpos: int | None = None) -> re.Match[str] | None:
    """What ``pattern.search(text, pos, endpos)`` finds (``rest_of``: ``rest(pattern)``)."""
    end = len(text) if endpos is None else min(endpos, len(text))
    if rest_of is None:
        return pattern.search(text, pos, end)
    while (match := rest_of.search(text, pos, end)) is not None:
        if _at_boundary(text, match.start(), end):
            return match
        pos = match.start() + 1
    return None


@dataclass(frozen=True, slots=True)
class AnyOf:
    """Whether one of several patterns matches in a window: their alternatives that open with
    ``\\b`` (groups opened, ``_opened``) joined behind one ``\\b`` and searched without it, which
    ``re`` skips through; the other alternatives joined apart and searched only where the window
    holds one of their needles. One of them matches where one of the patterns does."""

    opened: re.Pattern[str] | None
    rest: re.Pattern[str] | None            # ``opened`` without its opening ``\\b``
    others: re.Pattern[str] | None
    needles: tuple[str, ...] | None         # ``literals.needles(others)``

    def found(self, text: str, pos: int, end: int) -> bool:
        """Does one of the patterns match in ``text`` between ``pos`` and ``end``?"""
        if self.opened is not None and search(self.opened, self.rest, text, pos, end) is not None:
            return True
        if self.others is None or (self.needles is not None and
                                   not literals.contains_any(text, self.needles, pos, end)):
            return False
        return self.others.search(text, pos, end) is not None


def any_of(patterns: list[re.Pattern[str]]) -> AnyOf | None:
    """``AnyOf`` ``patterns``, or ``None`` when they cannot be joined (flags that differ or that
    ``rest`` refuses, a backreference, a group name used twice once opened)."""
    flags = patterns[0].flags if patterns else 0
    if not patterns or any(p.flags != flags or _BACKREFERENCE.search(p.pattern) for p in patterns) or \
            flags & (re.ASCII | re.IGNORECASE):
        return None
    opened, others = [], []
    for pattern in patterns:
        for alternative in _alternatives(pattern.pattern):
            if not alternative.startswith(_OPENING):
                others.append(alternative)
                continue
            for piece in _opened(alternative[len(_OPENING):]):
                if _opens_with_letter(piece):
                    opened.append(piece)
                else:
                    others.append(_OPENING + piece)     # "(?<!had\\s)already": no skipping to it
    body = _by_first_letter(opened)
    try:
        joined = re.compile(_OPENING + body, flags) if opened else None
        rest_of = re.compile(body, flags) if opened else None
        rest_others = re.compile("|".join(f"(?:{o})" for o in others), flags) if others else None
    except re.error:
        return None
    return AnyOf(joined, rest_of, rest_others, literals.needles(rest_others) if rest_others else None)


def _opens_with_letter(piece: str) -> bool:
    """Does every match of ``piece`` (no ``|`` outside groups) open with its first character, a letter?"""
    return piece[:1].isalnum() and piece[1:2] not in ("*", "+", "?", "{")


def _by_first_letter(pieces: list[str]) -> str:
    """``(?:a|b|...)`` of ``pieces`` (each opening with one literal letter), those opening with the
    same letter grouped behind it, in their order: ``re`` tries a branch's alternatives one after
    another at every letter; grouped, one per first letter. Pieces that open differently never
    match at one place, so the same text matches."""
    groups: dict[str, list[str]] = {}
    for piece in pieces:
        groups.setdefault(piece[0], []).append(piece[1:])
    return "(?:" + "|".join(first + "(?:" + "|".join(tails) + ")" for first, tails in groups.items()) + ")"


_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


def anchored(pattern: re.Pattern[str]) -> bool:
    """Does every match of ``pattern`` start at the start of the string (each top-level
    alternative opens with ``^``, not in multi-line mode)? Then ``pattern.match(text)`` finds what
    ``pattern.search(text)`` does, without trying the pattern at every later position first."""
    if not isinstance(pattern.pattern, str) or pattern.flags & re.MULTILINE:
        return False
    try:
        return _opens_anchored(list(sre_parse.parse(pattern.pattern, pattern.flags)))
    except re.error:
        return False


def _opens_anchored(items: list[tuple[object, object]]) -> bool:
    if not items:
        return False
    op, av = items[0]
    if op is sre.AT:
        return av is sre.AT_BEGINNING or av is sre.AT_BEGINNING_STRING
    if op is sre.BRANCH:
        return all(_opens_anchored(list(body)) for body in av[1])
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, body = av
        return not add_flags & re.MULTILINE and _opens_anchored(list(body))
    return False


def _at_boundary(text: str, position: int, end: int) -> bool:
    """``\\b`` at ``position`` as ``re`` sees it when the text ends at ``end``."""
    before = position > 0 and (text[position - 1].isalnum() or text[position - 1] == "_")
    after = position < end and (text[position].isalnum() or text[position] == "_")
    return before != after


def _opens_with_letters(source: str) -> bool:
    """Does every match of ``source`` open with a literal letter: ``word...``, or
    ``(?:word...|word...)...`` with each alternative of the first group opening with one?"""
    if not source.startswith("(?:"):
        return source[:1].isalnum()
    starts = [len("(?:")]
    for index, char, depth in structure(source):
        if depth == 1 and char == "|":
            starts.append(index + 1)
        elif depth == 1 and char == ")":
            break
    return all(source[i:i + 1].isalnum() for i in starts)


def _opened(source: str, depth: int = 0) -> list[str]:
    """``source``'s alternatives with each leading group opened into its own: ``(?:(?:a|b)x|c)y``
    as ``axy``, ``bxy``, ``cy``, tried in that order, so the same matches. ``re`` skips ahead to
    where one can start only when every alternative opens with a literal, not with a group. (A
    repeated group is not opened, nor a pattern with capturing groups, which would be copied.)"""
    found = []
    for alternative in _alternatives(source):
        end = _group_end(alternative) if alternative.startswith("(?:") and depth < _OPEN_DEPTH else None
        if end is None or alternative[end + 1:end + 2] in ("*", "+", "?", "{"):
            found.append(alternative)
            continue
        tail = alternative[end + 1:]
        found += _opened("|".join(inner + tail for inner in _alternatives(alternative[3:end])), depth + 1)
    return found


#: How many leading groups deep ``_opened`` opens alternatives (each level copies what follows).
_OPEN_DEPTH = 3


def _alternatives(source: str) -> list[str]:
    """``source`` split at its bars outside groups."""
    cuts = bars_outside_groups(source)
    return [source[start + 1:end] for start, end in zip([-1, *cuts], [*cuts, len(source)])]


def _group_end(source: str) -> int | None:
    """The offset of the ``)`` that closes the group ``source`` opens with."""
    for index, char, depth in structure(source):
        if char == ")" and depth == 1:
            return index
    return None


def _bar_outside_groups(source: str) -> bool:
    """Does ``source`` have a ``|`` outside any group?"""
    return bool(bars_outside_groups(source))


def bars_outside_groups(source: str) -> list[int]:
    """Where ``source`` has a ``|`` outside any group: the offsets that split it into its
    top-level branches."""
    return [index for index, char, depth in structure(source) if char == "|" and depth == 0]


def structure(source: str) -> Iterator[tuple[int, str, int]]:
    """Each character of ``source`` that is neither escaped nor in a character class, with its
    offset and how many groups are open around it (a group's parentheses count as inside it)."""
    depth, index, in_class = 0, 0, False
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            index += 1 if source[index + 1:index + 2] == "^" else 0
            index += 1 if source[index + 1:index + 2] == "]" else 0
        elif char == "(":
            depth += 1
            yield index, char, depth
        elif char == ")":
            yield index, char, depth
            depth -= 1
        else:
            yield index, char, depth
        index += 1
