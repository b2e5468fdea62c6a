"""The fast path for well-formed feeds reads what feedparser reads, and leaves it the rest."""

from __future__ import annotations

import pytest

from services.fetcher.parse import clean_xml, decode, parse_feed, parse_loosely, parse_well_formed

BASE = "https://wire.example/feed"
DATES = ["Sun, 29 Nov 2026 08:00:00 GMT", "Sun, 29 Nov 2026 08:00:00 -0000",
         "Sun, 29 Nov 2026 08:00 EST", "29 Nov 2026 08:00:00 +0100", "2026-11-29 08:00:00",
         "2026-11-29", "2026-11-29T08:00:00.123+05:30", "Sunday, November 29, 2026 8:00 AM",
         "Sun, 29 Nov 26 08:00:00 GMT", "not a date", "Sun, 29 Nov 2026 08:00:00 UT",
         "2026-11-29T08:00Z"]
GUIDS = ["12345", "urn:uuid:1b4e28ba", "tag:wire.example,2026:1", "/stories/rel",
         "https://wire.example/p?id=1&amp;b=2"]


def rss(items: str) -> bytes:
    return ('<?xml version="1.0"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Wire</title>'
            f"<ttl>30</ttl>{items}</channel></rss>").encode()


FEEDS = {
    "pubDate forms": rss("".join(f"<item><title>d{i}</title><link>https://wire.example/{i}"
                                 f"</link><pubDate>{d}</pubDate></item>"
                                 for i, d in enumerate(DATES))),
    "dc:date forms": rss("".join(f"<item><title>d{i}</title><link>https://wire.example/{i}"
                                 f"</link><dc:date>{d}</dc:date></item>"
                                 for i, d in enumerate(DATES))),
    "guids": rss("".join(f"<item><title>g{i}</title><guid>{g}</guid></item>"
                         for i, g in enumerate(GUIDS))),
    "rss fields": rss(
        "<item><title><![CDATA[Caf&eacute; <b>shelled</b> &amp; closed]]></title>"
        "<link> https://wire.example/a </link><guid isPermaLink='true'>https://wire.example/a"
        "</guid><description><![CDATA[<p>Lead <b>one</b></p>]]></description>"
        "<content:encoded><![CDATA[<p>Full body</p><p>two</p>]]></content:encoded></item>"
        "<item><title>Guid only</title><guid>https://wire.example/c</guid></item>"
        "<item><title>Guid not a link</title><guid isPermaLink='false'>https://wire.example/x"
        "</guid></item>"
        "<item><title>Relative</title><guid>abc-1</guid><link>/rel/d</link></item>"
        "<item><title>Content only</title><link>https://wire.example/e</link>"
        "<content:encoded>&lt;p&gt;body&lt;/p&gt;</content:encoded></item>"
        "<item><title>Entities &#233;t&#233; &amp;amp; &lt;i&gt;x&lt;/i&gt;</title>"
        "<link>https://wire.example/f?a=1&amp;b=2</link><description>A &#160; b</description>"
        "</item><item><link>https://wire.example/g</link><description>untitled</description>"
        "</item><item><title>  spaced\n  title </title><link>\nhttps://wire.example/h\n</link>"
        "</item><item><title>Dot segments</title><link>https://wire.example/a/../b</link></item>"),
    "atom": (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>'
        b'<entry><id>tag:a,1</id><title type="html">&lt;b&gt;Bold&lt;/b&gt; title</title>'
        b'<link rel="alternate" href="/a/1"/><link rel="self" href="/s"/>'
        b"<published>2026-11-29T08:00:00Z</published><updated>2026-11-29T09:00:00Z</updated>"
        b'<summary>Sum</summary><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">'
        b"<p>XHTML <b>body</b></p></div></content></entry>"
        b'<entry><id>tag:a,2</id><title>No date</title><link href="https://a.example/2"/></entry>'
        b'<entry><id> tag:a,3 </id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">'
        b'X <i>title</i></div></title><link rel="enclosure" href="https://a.example/e.mp3"/>'
        b'<link href="https://a.example/3a"/><link rel="alternate" href="https://a.example/3b"/>'
        b'<updated>2026-11-29T09:00:00+02:00</updated><content type="html">&lt;p&gt;html'
        b"&lt;/p&gt;</content></entry></feed>"),
    "atom 0.3": (
        b'<?xml version="1.0"?><feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>A3'
        b'</title><entry><id>tag:b,1</id><title>Old</title><link rel="alternate" '
        b'type="text/html" href="https://b.example/1"/><issued>2026-11-29T08:00:00Z</issued>'
        b"<summary>S</summary></entry></feed>"),
    "rdf": (
        b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        b' xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        b'<channel rdf:about="x"><title>R</title></channel><item rdf:about="https://r.example/1">'
        b"<title>RDF story</title><link>https://r.example/1</link><description>D</description>"
        b"<dc:date>2026-11-29T08:00:00Z</dc:date></item></rdf:RDF>"),
    "rss 0.92": (b'<?xml version="1.0"?><rss version="0.92"><channel><title>O</title><item>'
                 b"<description>only a description</description></item></channel></rss>"),
}


def both_paths(body: bytes):
    clean = clean_xml(decode(body, "")[0]).encode()
    return parse_well_formed(clean, BASE), parse_loosely(clean, {}, BASE)


@pytest.mark.parametrize("name", FEEDS)
def test_the_fast_path_reads_a_well_formed_feed_as_feedparser_does(name):
    fast, loose = both_paths(FEEDS[name])
    assert fast is not None and not loose.bozo
    assert fast.items == loose.items
    assert (fast.ttl, fast.format) == (loose.ttl, loose.format)


def test_malformed_xml_is_left_to_feedparser():
    body = rss("<item><title>Talks & more <b>talks</title></item>")
    fast, loose = both_paths(body)
    assert fast is None and loose.bozo
    assert parse_feed(body, {}, BASE).bozo


def test_documents_that_are_not_feeds_are_left_to_feedparser():
    assert both_paths(b"<html><body><p>Not a feed</p></body></html>")[0] is None
    assert both_paths(b"<rss version='2.0'><title>no channel</title></rss>")[0] is None


def test_dates_feedparser_misreads_are_read():
    [squeezed, compact] = parse_feed(rss(
        "<item><title>a</title><pubDate>Sun,29 Nov 2026 08:00:00 GMT</pubDate></item>"
        "<item><title>b</title><pubDate>20261129T080000Z</pubDate></item>"), {}, BASE).items
    assert squeezed.published == compact.published == "2026-11-29T08:00:00Z"
