"""Feed bytes in awkward encodings and formats → items."""

from __future__ import annotations

import codecs

import orjson

from services.fetcher.parse import decode, parse_feed, plain_text

TITLE_AR = "اشتباكات عنيفة في ريف حلب الشمالي"


def rss(title: str, declared: str = "utf-8") -> str:
    return (f'<?xml version="1.0" encoding="{declared}"?><rss version="2.0"><channel>'
            f"<title>Wire</title><ttl>15</ttl><item><title>{title}</title>"
            f"<link>/story/1</link><guid>s1</guid><description>&lt;p&gt;Lead "
            f"&amp;amp; more&lt;/p&gt;</description>"
            f"<pubDate>Sun, 29 Nov 2026 08:00:00 +0300</pubDate></item></channel></rss>")


def titles(body: bytes, content_type: str = "application/rss+xml") -> list[str]:
    return [i.title for i in parse_feed(body, {"content-type": content_type},
                                        "https://wire.example/feed").items]


def test_rss_item_fields_are_plain_text_utc_and_absolute():
    parsed = parse_feed(rss("Border closed").encode(), {}, "https://wire.example/feed")
    [item] = parsed.items
    assert item.link == "https://wire.example/story/1"
    assert item.published == "2026-11-29T05:00:00Z"
    assert item.summary == "Lead & more"
    assert parsed.ttl == 900 and not parsed.bozo


def test_windows_1256_without_any_declaration_is_read_as_arabic():
    body = rss(TITLE_AR).replace(' encoding="utf-8"', "").encode("windows-1256")
    assert titles(body, "text/xml") == [TITLE_AR]


def test_windows_1256_declared_as_utf8_in_header_is_read():
    assert titles(rss(TITLE_AR).encode("windows-1256"), "text/xml; charset=utf-8") == [TITLE_AR]


def test_declared_windows_1256_is_honoured():
    body = rss(TITLE_AR, declared="windows-1256").encode("windows-1256")
    assert titles(body) == [TITLE_AR]


def test_utf8_declared_as_latin1_is_read_as_utf8():
    body = rss("Çatışmalar sürüyor", declared="iso-8859-1").encode("utf-8")
    assert titles(body) == ["Çatışmalar sürüyor"]


def test_boms_and_utf16_are_read():
    assert titles(codecs.BOM_UTF8 + rss(TITLE_AR).encode()) == [TITLE_AR]
    assert titles(rss(TITLE_AR, declared="utf-16").encode("utf-16")) == [TITLE_AR]


def test_control_characters_are_dropped_not_fatal():
    body = rss("Ceasefire\x0b announced\x01").encode()
    assert titles(body) == ["Ceasefire announced"]


def test_malformed_xml_is_read_where_recoverable_and_flagged():
    body = rss("Talks & more <b>talks").encode()
    parsed = parse_feed(body, {}, "https://wire.example/feed")
    assert parsed.bozo and parsed.problem
    assert parsed.items and "Talks" in parsed.items[0].title


def test_garbage_is_bozo_without_items():
    parsed = parse_feed(b"<html><body>Not a feed", {}, "https://x/")
    assert parsed.items == () or parsed.bozo


def test_atom_and_rss1_are_read():
    atom = (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>'
            b'<entry><id>tag:a,2026:1</id><title>Atom story</title>'
            b'<link href="https://a.example/1"/><updated>2026-11-29T08:00:00Z</updated>'
            b"<content type=\"html\">&lt;p&gt;Body text&lt;/p&gt;</content></entry></feed>")
    rdf = (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
           b' xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"><title>R</title></channel>'
           b'<item rdf:about="https://r.example/1"><title>RDF story</title>'
           b"<link>https://r.example/1</link></item></rdf:RDF>")
    [a] = parse_feed(atom, {}, "https://a.example/").items
    assert (a.title, a.guid, a.content, a.published) == (
        "Atom story", "tag:a,2026:1", "Body text", "2026-11-29T08:00:00Z")
    assert titles(rdf) == ["RDF story"]


def test_json_feed_is_read_with_orjson():
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
        {"id": "j1", "url": "/j/1", "title": "JSON story", "content_text": "Body",
         "date_published": "2026-11-29T10:00:00+02:00"}, "junk"]}
    parsed = parse_feed(orjson.dumps(doc), {"content-type": "application/feed+json"},
                        "https://j.example/feed.json")
    [item] = parsed.items
    assert (item.link, item.content, item.published) == (
        "https://j.example/j/1", "Body", "2026-11-29T08:00:00Z")
    assert parse_feed(b"{nope", {"content-type": "application/json"}, "https://j/").bozo


def test_entity_declarations_are_dropped_before_parsing():
    laughs = ('<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY a{i} "{("&a" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 9)) + "]>")
    body = rss("&a8;").replace("?><rss", "?>" + laughs + "<rss").encode()
    parsed = parse_feed(body, {}, "https://x/")
    assert all(len(i.title) < 100 for i in parsed.items)


def test_decode_reports_the_encoding_it_used():
    assert decode("سلام".encode("windows-1256"), "")[1] == "windows-1256"
    assert decode("café".encode("latin-1"), "")[1] == "windows-1252"


def test_plain_text_strips_markup():
    assert plain_text("<p>One &amp;  <b>two</b></p>") == "One & two"


def test_rss091_with_netscape_doctype_and_html_entities_reads_cleanly():
    body = ('<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE rss PUBLIC "-//Netscape '
            'Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91'
            '.dtd">\n<rss version="0.91"><channel><title>Old</title><link>http://o/</link>'
            "<description>d</description><item><title>Caf&eacute; shelled &amp; closed "
            "\u00e9t\u00e9</title><link>http://o/1</link><description>Lead&nbsp;text"
            "</description></item></channel></rss>").encode("iso-8859-1")
    parsed = parse_feed(body, {}, "http://o/")
    assert not parsed.bozo and parsed.format == "rss091u"
    assert parsed.items[0].title == "Café shelled & closed été"
