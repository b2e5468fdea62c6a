"""Per-feed state (validators, body hash, recent items) and per-outlet memory of seen items.

The state of a feed is what ``news.feed-state`` holds under the feed's id: enough to send a
conditional GET, to skip a body that did not change, to adapt the poll interval, and to know
which items were already produced. The memory of an outlet is the union of its feeds' seen keys,
so one article published in two feeds of an outlet is produced once. Both are bounded.
"""

from __future__ import annotations

import base64
import binascii
import struct
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import chain
from typing import Any

import orjson

from services.fetcher.delta import DIGEST_SIZE
from services.fetcher.identity import Keys

STATE_VERSION = 1
ITEMS_PER_FEED = 1000
KEYS_PER_OUTLET = 5000
TIMES_KEPT = 20
_PACK = struct.Struct(">3Q")


@dataclass(frozen=True, slots=True)
class FeedState:
    """What one feed's last successful poll left behind."""

    etag: str = ""
    last_modified: str = ""
    body_hash: str = ""
    items: bytes = b""  # packed Keys, 24 bytes each, oldest first (compact for 1000s of feeds)
    item_times: tuple[float, ...] = ()
    #: digests of the item elements the last parse read (``delta``), so that after a restart
    #: a changed feed is still parsed only for its new items
    elements: bytes = b""

    def keys(self) -> Iterator[Keys]:
        """The remembered items' keys, oldest first."""
        for guid, link, fp in _PACK.iter_unpack(self.items):
            yield Keys(guid, link, fp)

    def validators(self) -> dict[str, str]:
        """Conditional request headers for the next poll."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers

    def with_items(self, new: list[Keys], times: list[float]) -> FeedState:
        """This state with ``new`` items remembered (newest last) and publish times added."""
        packed = self.items + b"".join(_PACK.pack(k.guid, k.link, k.fingerprint) for k in new)
        items = packed[-ITEMS_PER_FEED * _PACK.size:]
        merged = sorted({*self.item_times, *times})[-TIMES_KEPT:]
        return replace(self, items=items, item_times=tuple(merged))


def encode_state(state: FeedState) -> bytes:
    """The JSON value written to news.feed-state."""
    return orjson.dumps({
        "v": STATE_VERSION, "etag": state.etag, "last_modified": state.last_modified,
        "body_hash": state.body_hash, "item_times": state.item_times,
        "items": base64.b64encode(state.items).decode("ascii"),
        "elements": base64.b64encode(state.elements).decode("ascii"),
    })


def decode_state(raw: bytes) -> FeedState | None:
    """A state read back from news.feed-state; None if unreadable (start afresh)."""
    try:
        data: dict[str, Any] = orjson.loads(raw)
        return FeedState(
            etag=str(data.get("etag") or ""), last_modified=str(data.get("last_modified") or ""),
            body_hash=str(data.get("body_hash") or ""),
            items=_packed(data.get("items") or "", _PACK.size, "items"),
            item_times=tuple(float(t) for t in data.get("item_times") or ()),
            elements=_packed(data.get("elements") or "", DIGEST_SIZE, "elements"),
        )
    except (orjson.JSONDecodeError, TypeError, ValueError, AttributeError, binascii.Error):
        return None


def _packed(text: str, size: int, name: str) -> bytes:
    packed = base64.b64decode(text, validate=True)
    if len(packed) % size:
        raise ValueError(f"{name}: not a whole number of {size}-byte values")
    return packed


class SeenKeys:
    """A set of non-zero 64-bit keys that forgets the oldest past ``capacity``, at 16 bytes a key.

    A fetcher remembers millions of keys (10,000 feeds of 40 items, three keys an item): as
    Python ints in a dict they cost about 90 bytes each, over 100 MB. Here the settled keys
    live in two arrays of unsigned 64-bit ints, one in the order they were added (to evict the
    oldest) and one sorted (to look up by bisection); keys added since are held in a small dict
    and settled in batches, so a batch costs one nearly linear merge, not one array insert each.
    A key added again keeps its first place in the order.
    """

    MIN_BATCH = 64

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._recent: dict[int, None] = {}
        self._order = array("Q")
        self._sorted = array("Q")

    def add(self, key: int) -> None:
        if not key or key in self._recent or self._settled(key):
            return
        self._recent[key] = None
        if len(self._recent) >= max(self.MIN_BATCH, len(self._order) // 8):
            self.settle()

    def discard(self, key: int) -> None:
        if key in self._recent:
            del self._recent[key]
        elif key and self._settled(key):
            del self._sorted[bisect_left(self._sorted, key)]
            del self._order[self._order.index(key)]

    def settle(self) -> None:
        """Move the recent keys into the arrays, evicting the oldest past capacity."""
        if not self._recent:
            return
        self._order.extend(self._recent)
        excess = len(self._order) - self.capacity
        if excess > 0:
            del self._order[:excess]
            self._sorted = array("Q", sorted(self._order))
        else:   # a sorted run and a short tail: timsort merges them in about linear time
            self._sorted = array("Q", sorted(chain(self._sorted, self._recent)))
        self._recent.clear()

    def _settled(self, key: int) -> bool:
        index = bisect_left(self._sorted, key)
        return index < len(self._sorted) and self._sorted[index] == key

    def __contains__(self, key: int) -> bool:
        return bool(key) and (key in self._recent or self._settled(key))

    def __len__(self) -> int:
        return len(self._order) + len(self._recent)


@dataclass
class OutletMemory:
    """Seen GUIDs, links and fingerprints of one outlet, across all its feeds."""

    capacity: int = KEYS_PER_OUTLET
    guids: SeenKeys = field(init=False)
    links: SeenKeys = field(init=False)
    fingerprints: SeenKeys = field(init=False)

    def __post_init__(self) -> None:
        self.guids = SeenKeys(self.capacity)
        self.links = SeenKeys(self.capacity)
        self.fingerprints = SeenKeys(self.capacity)

    def seen(self, keys: Keys) -> str | None:
        """Why ``keys`` is a duplicate (guid, link or fingerprint), or None if it is new."""
        if keys.guid in self.guids:
            return "guid"
        if keys.link in self.links:
            return "link"
        if keys.fingerprint in self.fingerprints:
            return "fingerprint"
        return None

    def forget(self, keys: Keys) -> None:
        """Undo ``remember`` for an item that could not be produced."""
        self.guids.discard(keys.guid)
        self.links.discard(keys.link)
        self.fingerprints.discard(keys.fingerprint)

    def remember(self, keys: Keys) -> None:
        """Add ``keys`` to what the outlet has seen."""
        self.guids.add(keys.guid)
        self.links.add(keys.link)
        self.fingerprints.add(keys.fingerprint)

    def settle(self) -> None:
        """Compact what was remembered since the last batch (after a restore, say)."""
        for keys in (self.guids, self.links, self.fingerprints):
            keys.settle()
