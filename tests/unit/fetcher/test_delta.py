"""Feed bodies cut at their items: only what changed is parsed, and parsed the same."""

from __future__ import annotations

from services.fetcher import delta
from services.fetcher.parse import parse_feed

HEAD = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
        "<link>http://wire.example/</link><lastBuildDate>{built}</lastBuildDate><ttl>5</ttl>")
TAIL = "</channel></rss>"


def item(n: int, title: str) -> str:
    return (f"<item><title>{title}</title><link>http://wire.example/{n}</link>"
            f'<guid isPermaLink="false">wire-{n}</guid>'
            f"<pubDate>Mon, 30 Nov 2026 0{n % 10}:00:00 GMT</pubDate>"
            f"<description>{title}, officials said on Monday.</description></item>\n")


OLD = [item(1, "Crossing shut after shelling"), item(2, "Convoy turned back at the frontier")]
NEW = item(3, "Ministry says the border will stay closed")


def feed(items: list[str], built: str = "Mon, 30 Nov 2026 08:00:00 GMT") -> bytes:
    return (HEAD.format(built=built) + "".join(items) + TAIL).encode()


def test_only_the_new_item_is_left_and_it_parses_as_in_the_whole_feed():
    seen = delta.cut(feed(OLD)).digests
    now = feed([NEW, *OLD], built="Mon, 30 Nov 2026 09:00:00 GMT")
    reduced, fresh = delta.cut(now).without(seen)
    assert fresh == 1
    whole = parse_feed(now, {}, "http://wire.example/feed")
    part = parse_feed(reduced, {}, "http://wire.example/feed")
    assert not part.bozo and part.items == whole.items[:1]
    assert part.ttl == whole.ttl == 300


def test_a_feed_whose_items_did_not_change_leaves_nothing_to_parse():
    seen = delta.cut(feed(OLD)).digests
    reordered = feed(list(reversed(OLD)), built="Tue, 01 Dec 2026 08:00:00 GMT")
    assert delta.cut(reordered).without(seen)[1] == 0


def test_an_edited_item_is_parsed_again():
    seen = delta.cut(feed(OLD)).digests
    edited = feed([OLD[0].replace("shut", "closed"), OLD[1]])
    reduced, fresh = delta.cut(edited).without(seen)
    assert fresh == 1 and b"closed" in reduced and b"wire-2" not in reduced


def test_atom_entries_are_cut_too():
    atom = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>Wire</title>" + "".join(
                f"<entry><id>tag:wire,2026:{n}</id><title>Story {n}</title>"
                f'<link href="http://wire.example/{n}"/><updated>2026-11-30T08:00:00Z</updated>'
                "</entry>" for n in (1, 2)) + "</feed>").encode()
    assert delta.cut(atom).count == 2


def test_bodies_that_cannot_be_cut_with_certainty_are_parsed_whole():
    legacy = feed(OLD).replace(b"utf-8", b"windows-1256").replace(
        b"Crossing", "معبر".encode("cp1256"))
    namespaced = b'<feed xmlns:atom="x"><atom:entry><atom:id>1</atom:id></atom:entry></feed>'
    interleaved = feed([OLD[0], "<extra>an ad between items</extra>", OLD[1]])
    cdata = feed([OLD[0].replace("</description>", "<![CDATA[<item>]]></description>")])
    no_items = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>'
    for body in (legacy, namespaced, interleaved, cdata, no_items):
        assert delta.cut(body) is None, body[:80]
