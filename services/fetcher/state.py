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
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import orjson

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
    })


def decode_state(raw: bytes) -> FeedState | None:
    """A state read back from news.feed-state; None if unreadable (start afresh)."""
    try:
        data: dict[str, Any] = orjson.loads(raw)
        return FeedState(
            etag=str(data.get("etag") or ""), last_modified=str(data.get("last_modified") or ""),
            body_hash=str(data.get("body_hash") or ""),
            items=_items(data.get("items") or ""),
            item_times=tuple(float(t) for t in data.get("item_times") or ()),
        )
    except (orjson.JSONDecodeError, TypeError, ValueError, AttributeError, binascii.Error):
        return None


def _items(text: str) -> bytes:
    packed = base64.b64decode(text, validate=True)
    if len(packed) % _PACK.size:
        raise ValueError("items: not a whole number of keys")
    return packed


class BoundedSet:
    """A set of non-zero ints that forgets the least recently added past ``capacity``.

    A plain dict keeps insertion order: re-adding moves a key to the end, eviction takes
    from the front. Cheaper than an OrderedDict by its linked list.
    """

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._members: dict[int, None] = {}

    def add(self, key: int) -> None:
        if not key:
            return
        self._members.pop(key, None)
        self._members[key] = None
        if len(self._members) > self.capacity:
            del self._members[next(iter(self._members))]

    def discard(self, key: int) -> None:
        self._members.pop(key, None)

    def __contains__(self, key: object) -> bool:
        return bool(key) and key in self._members

    def __len__(self) -> int:
        return len(self._members)


@dataclass
class OutletMemory:
    """Seen GUIDs, links and fingerprints of one outlet, across all its feeds."""

    capacity: int = KEYS_PER_OUTLET
    guids: BoundedSet = field(init=False)
    links: BoundedSet = field(init=False)
    fingerprints: BoundedSet = field(init=False)

    def __post_init__(self) -> None:
        self.guids = BoundedSet(self.capacity)
        self.links = BoundedSet(self.capacity)
        self.fingerprints = BoundedSet(self.capacity)

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
        self.guids.add(keys.guid)
        self.links.add(keys.link)
        self.fingerprints.add(keys.fingerprint)
