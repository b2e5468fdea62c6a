"""A changed feed body reduced to the items that changed, so feedparser reads only those.

A feed that changed has usually changed by one item at its top, but feedparser costs ~0.35 ms
an item (a 40-item feed: ~14 ms), which made parsing the largest cost of an article. So the body
is cut at the byte level into its head, its ``<item>``/``<entry>`` elements and its tail; the
elements whose exact bytes the last successful parse already read are left out, and feedparser
gets the head, the new elements and the tail: a feed of the same shape with one item.

An element's bytes decide what feedparser makes of it under the same head, so an element left
out is one whose item was already produced (or deliberately skipped). The head is always the
current one (a changed ``lastBuildDate`` or ``ttl`` is read as usual). Bodies that cannot be cut
with certainty are parsed whole: anything that is not valid UTF-8 (the decoding of a legacy
charset could depend on bytes left out), elements nested or interleaved with other markup, and
namespaced elements such as ``<atom:entry>``. If the reduced feed does not parse cleanly the
caller parses the whole body. The elements' digests are kept with the feed's state, so a
restarted fetcher parses a changed feed no more than a running one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

_ELEMENT = re.compile(rb"<(item|entry)[\s>].*?</\1\s*>", re.DOTALL)
_OPENS = (b"<item", b"<entry")
DIGEST_SIZE = 8


@dataclass(frozen=True, slots=True)
class ItemElements:
    """A feed body cut into head, item elements and tail: the elements as spans of the body,
    not copies (a thousand polls in progress would otherwise hold each feed twice)."""

    body: bytes
    spans: tuple[tuple[int, int], ...]
    #: what to remember of this body once it was parsed and its items produced: a stable
    #: 8-byte digest per element, packed, so it can be kept in ``news.feed-state``
    digests: bytes

    @property
    def count(self) -> int:
        return len(self.spans)

    def without(self, seen: bytes) -> tuple[bytes, int]:
        """This feed with only the elements whose digest is not in ``seen``, and how many."""
        known = set(_split(seen))
        fresh = [span for span, digest in zip(self.spans, _split(self.digests)) if digest not in known]
        head, tail = self.body[:self.spans[0][0]], self.body[self.spans[-1][1]:]
        return head + b"".join(self.body[a:b] for a, b in fresh) + tail, len(fresh)


def cut(body: bytes) -> ItemElements | None:
    """``body`` cut at its item elements, or None when it must be parsed whole."""
    if not _is_utf8(body):
        return None
    spans = tuple(m.span() for m in _ELEMENT.finditer(body))
    if not spans:
        return None
    for (_, end), (start, _) in zip(spans, spans[1:]):
        if body[end:start].strip():
            return None  # something other than whitespace between two items
    if any(_opens_again(body, start, end) for start, end in spans):
        return None
    view = memoryview(body)
    digests = b"".join(hashlib.blake2b(view[start:end], digest_size=DIGEST_SIZE).digest()
                       for start, end in spans)
    return ItemElements(body, spans, digests)


def _split(packed: bytes) -> list[bytes]:
    return [packed[i:i + DIGEST_SIZE] for i in range(0, len(packed), DIGEST_SIZE)]


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _opens_again(body: bytes, start: int, end: int) -> bool:
    """An element holding another item's opening tag: nesting, or a cut in the wrong place."""
    return any(body.find(tag, start + 1, end) >= 0 for tag in _OPENS)
