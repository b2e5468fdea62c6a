"""Well-formed RSS and Atom → entries straight from an lxml tree, fifty times faster than feedparser.

feedparser costs ~15 ms for a 40-item feed, and every changed feed is parsed whole, so at a few
hundred feeds a second feed parsing alone would take a core. Nearly every real feed is well-formed
XML, and for those the few fields an article needs are read here from an lxml tree in ~0.3 ms,
as feedparser reads them (a unit test holds the two paths to the same items). The XML is parsed
strictly (no entities, no network, no DTD): a feed that is not well-formed, or not RSS, RDF or
Atom, gives None and goes to feedparser, whose loose parser recovers what it can and says what
was wrong. Input is the cleaned UTF-8 bytes of ``parse.clean_xml``, never a URL: no I/O here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

_STRICT = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False, recover=False, remove_comments=True)
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DC_DATE = "{http://purl.org/dc/elements/1.1/}date"
_RSS1 = "{http://purl.org/rss/1.0/}"
_RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"
_ATOM = {"http://www.w3.org/2005/Atom": "atom10", "http://purl.org/atom/ns#": "atom03"}
_RSS_VERSIONS = {"2.0": "rss20", "0.90": "rss090", "0.91": "rss091u", "0.92": "rss092",
                 "0.93": "rss093", "0.94": "rss094"}


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry's raw fields: markup still in title, summary and content; dates as written."""

    guid: str
    guid_is_link: bool  # an RSS guid not marked isPermaLink="false": a URL, maybe relative
    link: str
    title: str
    summary: str
    content: str
    published: str
    updated: str


@dataclass(frozen=True, slots=True)
class Document:
    entries: tuple[Entry, ...]
    format: str  # feedparser's names: rss20, rss091, rss10, atom10, atom03
    ttl: str = ""


def read_well_formed(clean: bytes) -> Document | None:
    """The entries of a well-formed RSS 0.9x/2.0, RDF (RSS 1.0) or Atom document, else None."""
    try:
        root = etree.fromstring(clean, _STRICT)
    except etree.XMLSyntaxError:
        return None
    tag = root.tag if isinstance(root.tag, str) else ""
    namespace, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    if local == "rss" and not namespace:
        version = (root.get("version") or "").strip()
        channel = root.find("channel")
        if channel is None:
            return None
        return Document(tuple(_rss_entries(channel.iterfind("item"), "")),
                        _RSS_VERSIONS.get(version, "rss"),
                        (channel.findtext("ttl") or "").strip())
    if local == "RDF":
        return Document(tuple(_rss_entries(root.iterfind(_RSS1 + "item"), _RSS1)), "rss10")
    if local == "feed" and namespace in _ATOM:
        return Document(tuple(_atom_entries(root, "{" + namespace + "}")), _ATOM[namespace])
    return None


def _rss_entries(items: Iterator[etree._Element], ns: str) -> Iterator[Entry]:
    link_tag, title_tag, description_tag = ns + "link", ns + "title", ns + "description"
    for item in items:
        fields = _children(item)
        guid_el = fields.get("guid")
        guid = (guid_el.text or "").strip() if guid_el is not None else ""
        permalink = guid_el is not None and (guid_el.get("isPermaLink") or "").lower() != "false"
        if not guid and ns:
            guid = item.get(_RDF_ABOUT) or ""
        link = _text(fields, link_tag)
        if not link and permalink:
            link = guid  # feedparser's rule: a permalink guid stands in for a missing link
        content = _text(fields, _CONTENT)
        summary = _text(fields, description_tag) or content
        date = _text(fields, "pubDate") or _text(fields, _DC_DATE)
        yield Entry(guid, permalink, link, _text(fields, title_tag), summary, content, date, "")


def _children(item: etree._Element) -> dict[str, etree._Element]:
    """An item's child elements by tag, the first of each (one pass instead of a find each)."""
    fields: dict[str, etree._Element] = {}
    for child in item:
        fields.setdefault(child.tag, child)
    return fields


def _atom_entries(root: etree._Element, ns: str) -> Iterator[Entry]:
    for entry in root.iterfind(ns + "entry"):
        fields = _children(entry)
        content = _markup(fields.get(ns + "content"))
        summary = _markup(fields.get(ns + "summary")) or content
        published = _text(fields, ns + "published") or _text(fields, ns + "issued")
        updated = _text(fields, ns + "updated") or _text(fields, ns + "modified")
        yield Entry(_text(fields, ns + "id"), False, _atom_link(entry, ns),
                    _markup(fields.get(ns + "title")), summary, content, published, updated)


def _atom_link(entry: etree._Element, ns: str) -> str:
    """The last alternate link (a link without rel is one), as feedparser picks it."""
    chosen = ""
    for link in entry.iterfind(ns + "link"):
        if (link.get("rel") or "alternate") == "alternate" and link.get("href"):
            chosen = link.get("href", "").strip()
    return chosen


def _text(fields: dict[str, etree._Element], tag: str) -> str:
    element = fields.get(tag)
    return (element.text or "").strip() if element is not None else ""


def _markup(element: etree._Element | None) -> str:
    """An Atom text construct's content: text and html as written, xhtml as its inner markup."""
    if element is None:
        return ""
    if element.get("type") != "xhtml":
        return (element.text or "").strip()
    inner = "".join(etree.tostring(child, encoding="unicode", with_tail=True)
                    for child in element)
    return ((element.text or "") + inner).strip()
