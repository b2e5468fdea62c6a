"""Sentence splitting that survives news prose: abbreviations, quotes, datelines, headings.

A full stop ends a sentence only when the next sentence starts with a capital, digit or opening
quote, and the word before the stop is not an abbreviation ("Lt. Gen.", "Nov. 27", "U.S.") or an
initial. Paragraph breaks always end a sentence. A line with no closing punctuation is a heading
(a headline, a sub-head, a caption credit): kept for context, never read for events.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*\s+")
_OPENERS = "\"'“‘([" 
_PARAGRAPH = re.compile(r"\n+")
_CLOSED = re.compile(r"[.!?…\"'”’)\]:]\s*$")
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z'’.-]+(?:[ -][A-Z][A-Z'’.-]+)*)(?:\s*\([^)]*\))?"
    r"(?:,\s*[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*(?:[—–-]+|:|,|$)"
)
_SOURCE_PREFIX = re.compile(r"^\s*[A-Z][\w .&'’-]{1,40}/\s+")


class Sentence(NamedTuple):
    """One sentence: its text, its offset in the article, its paragraph, and if it is a heading."""

    text: str
    start: int
    paragraph: int
    heading: bool = False


def split(text: str, abbreviations: frozenset[str]) -> list[Sentence]:
    """The sentences of ``text`` in order, each with its character offset."""
    sentences: list[Sentence] = []
    offset = 0
    for number, block in enumerate(_PARAGRAPH.split(text)):
        start = text.find(block, offset) if block else offset
        offset = start + len(block)
        if block.strip():
            sentences.extend(_split_block(block, start, number, abbreviations))
    return sentences


def _split_block(block: str, start: int, paragraph: int, abbreviations: frozenset[str]
                 ) -> list[Sentence]:
    """Split one paragraph at sentence boundaries that are not abbreviations."""
    heading = block.count(" ") < 25 and not _CLOSED.search(block)
    pieces: list[Sentence] = []
    begin = 0
    for match in _BOUNDARY.finditer(block):
        nxt = block[match.end():match.end() + 2]
        first = nxt[1:2] if nxt[:1] in _OPENERS else nxt[:1]
        if not (first.isupper() or first.isdigit()):
            continue
        if block[match.start()] == "." and _is_abbreviation(block[max(begin, match.start() - 20):match.end()], abbreviations):
            continue
        pieces.append(_sentence(block, begin, match.end(), start, paragraph, heading))
        begin = match.end()
    if block[begin:].strip():
        pieces.append(_sentence(block, begin, len(block), start, paragraph, heading))
    return pieces


def _sentence(block: str, begin: int, end: int, start: int, paragraph: int, heading: bool
              ) -> Sentence:
    raw = block[begin:end]
    lead = len(raw) - len(raw.lstrip())
    return Sentence(raw.strip(), start + begin + lead, paragraph, heading)


def _is_abbreviation(chunk: str, abbreviations: frozenset[str]) -> bool:
    """True when the stop ending ``chunk`` belongs to an abbreviation or an initial."""
    stripped = chunk.rstrip()
    if not stripped.endswith("."):
        return False
    space = stripped.rfind(" ")
    word = stripped[space + 1:].lstrip("\"'“‘([").rstrip(".")
    if len(word) == 1 and word.isupper():
        return True
    return word.casefold() in abbreviations or "." in word


def dateline(text: str) -> str | None:
    """The place of a wire dateline ("JAMMU, February 15", "NAIROBI —"), if the text has one."""
    head = _SOURCE_PREFIX.sub("", text[:200], count=1)
    match = _DATELINE.match(head)
    if not match:
        return None
    place = match.group("place").strip(" .-")
    return place if len(place) > 2 and place.isupper() else None


def strip_source(text: str) -> str:
    """The sentence without a leading agency credit ("Shafaq News/ ")."""
    return _SOURCE_PREFIX.sub("", text, count=1)
