"""A pattern that is an alternation at its top level, matched branch by branch.

``re`` tries an alternation's branches one after another at every position of the text; when
one branch opens with ``\\b`` (or another zero-width test), it cannot skip ahead to where a
match can start, so a sentence costs every branch at every character. Each branch compiled on
its own is skipped through to where it can start (``boundary.rest`` for a leading ``\\b``), and
is passed over entirely when the text lacks its needles (``literals.needles``). The matches
are then merged back into what the whole pattern finds: at each position the leftmost match of
any branch wins, the earliest branch on a tie (which is the branch the whole pattern would take
there), and the scan resumes at its end. A branch's match at a given position does not depend
on where its search started (look-behinds and ``\\b`` see the whole text), so each branch is
searched again only once the scan has passed its last match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from re import _parser as sre_parse  # type: ignore[attr-defined]

from services.extractor import boundary, literals

_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")
_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


@dataclass(frozen=True, slots=True)
class _Branch:
    pattern: re.Pattern[str]
    rest: re.Pattern[str] | None          # ``boundary.rest(pattern)``
    needles: tuple[str, ...] | None       # ``literals.needles(pattern)``


@dataclass(frozen=True, slots=True)
class Branches:
    """``pattern``'s matches, found branch by branch (``None`` branches: the pattern as is)."""

    pattern: re.Pattern[str]
    branches: tuple[_Branch, ...] | None

    def finditer(self, text: str) -> list[re.Match[str]]:
        """What ``pattern.finditer(text)`` yields, in a list (match objects of the branches:
        the same spans and text)."""
        if self.branches is None:
            return list(self.pattern.finditer(text))
        live = [(b, None) for b in self.branches if b.needles is None or any(map(text.__contains__, b.needles))]
        found: list[re.Match[str]] = []
        position = 0
        while live:
            best, kept = None, []
            for branch, match in live:
                if match is None or match.start() < position:
                    match = boundary.search(branch.pattern, branch.rest, text, position)
                    if match is None:
                        continue        # no match of this branch from here on
                kept.append((branch, match))
                if best is None or match.start() < best.start():
                    best = match
            if best is None:
                break
            found.append(best)
            position = best.end()
            live = kept
        return found


def split(pattern: re.Pattern[str]) -> Branches:
    """``pattern`` with its top-level branches compiled one by one, where that keeps its
    meaning: two branches or more, none that can match the empty string (``finditer`` would
    then follow ``re``'s own rules for empty matches), no backreference or conditional (a
    group's number changes once the branches stand alone), no inline flag."""
    source = pattern.pattern
    if not isinstance(source, str) or _BACKREFERENCE.search(source) or _INLINE_FLAGS.search(source):
        return Branches(pattern, None)
    try:
        pieces = _top_level(source)
        if len(pieces) < 2:
            return Branches(pattern, None)
        compiled = [re.compile(piece, pattern.flags) for piece in pieces]
        if any(sre_parse.parse(piece, pattern.flags).getwidth()[0] == 0 for piece in pieces):
            return Branches(pattern, None)
    except re.error:
        return Branches(pattern, None)
    return Branches(pattern, tuple(_Branch(p, boundary.rest(p), literals.needles(p)) for p in compiled))


def _top_level(source: str) -> list[str]:
    """``source``'s top-level branches, a branch that is one whole non-capturing group
    ("(?:a|b)") opened into its own branches."""
    cuts = boundary.bars_outside_groups(source)
    pieces = [source[start + 1:end] for start, end in zip([-1, *cuts], [*cuts, len(source)])]
    out: list[str] = []
    for piece in pieces:
        if piece.startswith("(?:") and _group_end(piece, 0) == len(piece) - 1:
            out += _top_level(piece[len("(?:"):-1])     # "(?:x)" is "x"
        else:
            out.append(piece)
    return out


def _group_end(source: str, opening: int) -> int | None:
    """The offset of the ``)`` that closes the group opened at ``opening``."""
    depth = None
    for index, char, level in boundary.structure(source):
        if index == opening and char == "(":
            depth = level
        elif depth is not None and char == ")" and level == depth:
            return index
    return None
