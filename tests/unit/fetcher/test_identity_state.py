"""Identity keys, canonical links, per-outlet memory and the state written to Kafka."""

from __future__ import annotations

from services.fetcher import identity
from services.fetcher.identity import Keys, canonical_url, fingerprint
from services.fetcher.parse import Item
from services.fetcher.state import (
    ITEMS_PER_FEED, BoundedSet, FeedState, OutletMemory, decode_state, encode_state)
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


def test_bounded_set_forgets_the_oldest():
    seen = BoundedSet(2)
    for key in (1, 2, 1, 3):
        seen.add(key)
    assert 2 not in seen and 1 in seen and 3 in seen and len(seen) == 2
    assert 0 not in seen


def test_state_round_trips_and_stays_bounded():
    keys = [Keys(i + 1, i + 2 ** 63, 0) for i in range(ITEMS_PER_FEED + 50)]
    state = FeedState(etag='"v1"', last_modified="Sun, 29 Nov 2026 08:00:00 GMT",
                      body_hash="h").with_items(keys, [3.0, 1.0, 2.0])
    back = decode_state(encode_state(state))
    assert back == state and len(list(back.keys())) == ITEMS_PER_FEED
    assert list(back.keys())[-1] == keys[-1] and back.item_times == (1.0, 2.0, 3.0)
    assert back.validators() == {"If-None-Match": '"v1"',
                                 "If-Modified-Since": "Sun, 29 Nov 2026 08:00:00 GMT"}


def test_unreadable_state_is_ignored():
    assert decode_state(b"not json") is None
    assert decode_state(b'{"items": 5}') is None
    assert decode_state(b'{"items": "AAAA"}') is None  # not a whole number of keys
