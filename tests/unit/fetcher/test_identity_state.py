"""Identity keys, canonical links, per-outlet memory and the state written to Kafka."""

from __future__ import annotations

import sys

from services.fetcher import identity
from services.fetcher.identity import Keys, canonical_url, fingerprint
from services.fetcher.parse import Item
from services.fetcher.state import (
    ITEMS_PER_FEED, FeedState, OutletMemory, SeenKeys, decode_state, encode_state)
from services.kernel.messages import stable_id


def item(guid="g1", link="https://n.example/a", title="Border closed", lead="Officials said"):
    return Item(guid, link, title, lead, "", None)


def test_canonical_url_drops_trackers_fragment_and_case():
    url = "HTTPS://News.Example:443/World/a?id=7&utm_source=rss&fbclid=x&gclid=y#comments"
    assert canonical_url(url) == "https://news.example/World/a?id=7"
    assert canonical_url("http://n.example") == "http://n.example/"


def test_article_id_is_stable_id_of_the_canonical_url():
    a = item(link="https://n.example/a?utm_medium=feed")
    assert identity.article_id(a, "o") == stable_id("https://n.example/a")


def test_fingerprint_ignores_case_punctuation_and_spacing():
    assert fingerprint("Border CLOSED!", "Officials said") == fingerprint(
        "border closed", "officials  said.")
    assert fingerprint("", "") == 0
    assert fingerprint("Border closed", "x") != fingerprint("Border opened", "x")


def test_memory_reports_why_an_item_is_a_duplicate():
    memory = OutletMemory()
    memory.remember(identity.keys(item()))
    assert memory.seen(identity.keys(item(guid="g2"))) == "link"
    assert memory.seen(identity.keys(item(guid="g1", link="https://n.example/b"))) == "guid"
    assert memory.seen(identity.keys(item(guid="g3", link="https://n.example/moved"))) == \
        "fingerprint"
    assert memory.seen(identity.keys(item("g4", "https://n.example/c", "Other", "x"))) is None


def test_seen_keys_forget_the_oldest_past_capacity():
    seen = SeenKeys(100)
    keys = [(n * 0x9E3779B97F4A7C15) % 2 ** 64 or 1 for n in range(1, 301)]
    for key in keys:
        seen.add(key)
    seen.settle()
    assert len(seen) == 100
    assert all(k not in seen for k in keys[:200]) and all(k in seen for k in keys[200:])
    assert 0 not in seen


def test_seen_keys_keep_a_key_added_twice_once_and_can_discard():
    seen = SeenKeys(1000)
    for key in (5, 2 ** 64 - 1, 5, 7):
        seen.add(key)
    seen.settle()
    seen.add(5)
    seen.add(9)
    assert len(seen) == 4 and 5 in seen and 2 ** 64 - 1 in seen
    seen.discard(5)   # settled
    seen.discard(9)   # recent
    seen.discard(11)  # never seen
    assert 5 not in seen and 9 not in seen and 7 in seen and len(seen) == 2


def test_seen_keys_cost_about_16_bytes_a_key():
    seen = SeenKeys(50_000)
    for n in range(1, 40_001):
        seen.add((n * 0x9E3779B97F4A7C15) % 2 ** 64 or 1)
    seen.settle()
    held = sum(sys.getsizeof(part) for part in (seen._order, seen._sorted, seen._recent))
    assert held < 40_000 * 20


def test_state_round_trips_and_stays_bounded():
    keys = [Keys(i + 1, i + 2 ** 63, 0) for i in range(ITEMS_PER_FEED + 50)]
    state = FeedState(etag='"v1"', last_modified="Sun, 29 Nov 2026 08:00:00 GMT",
                      body_hash="h", elements=bytes(range(16))).with_items(keys, [3.0, 1.0, 2.0])
    back = decode_state(encode_state(state))
    assert back == state and len(list(back.keys())) == ITEMS_PER_FEED
    assert list(back.keys())[-1] == keys[-1] and back.item_times == (1.0, 2.0, 3.0)
    assert back.validators() == {"If-None-Match": '"v1"',
                                 "If-Modified-Since": "Sun, 29 Nov 2026 08:00:00 GMT"}


def test_unreadable_state_is_ignored():
    assert decode_state(b"not json") is None
    assert decode_state(b'{"items": 5}') is None
    assert decode_state(b'{"items": "AAAA"}') is None  # not a whole number of keys
    assert decode_state(b'{"elements": "AAAA"}') is None  # nor of element digests
