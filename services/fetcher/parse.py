"""Feed bytes → items: well-formed RSS and Atom read from an lxml tree (``wellformed``), the
rest through feedparser, JSON Feed with orjson.

Everything here is pure and runs in a worker process (see ``app``). Before feedparser sees the
bytes they are made boring: the real encoding is found (BOM, valid UTF-8, the declared charset,
else a guess between windows-1256 and windows-1252), the text re-encoded as UTF-8 with a matching
declaration, control characters removed, and any DOCTYPE dropped, so entity-expansion attacks
(billion laughs, external entities) have nothing to expand. feedparser gets bytes plus headers,
never a URL, so it never does I/O of its own.
"""

from __future__ import annotations

import calendar
import codecs
import contextlib
import email.utils
import html
import html.entities
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
import feedparser.datetimes as feedparser_dates
import orjson

from services.fetcher.wellformed import Entry, read_well_formed

_DOCTYPE = re.compile(r"<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", re.IGNORECASE | re.DOTALL)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_DECL_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_TAGS = re.compile(r"<[^>]*>")
_NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_SPACE = re.compile(r"\s+")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_BENIGN = ("CharacterEncodingOverride", "NonXMLContentType")


@dataclass(frozen=True, slots=True)
class Item:
    """One feed entry, reduced to what identifies it and what an article needs."""

    guid: str
    link: str
    title: str
    summary: str
    content: str
    published: str | None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A feed's items plus what it says about its own polling (``ttl``) and its health."""

    items: tuple[Item, ...]
    ttl: float | None = None
    bozo: bool = False
    problem: str = ""
    format: str = ""


def parse_feed(body: bytes, headers: dict[str, str], url: str) -> ParsedFeed:
    """Parse feed ``body`` fetched from ``url`` with response ``headers`` (lower-case keys)."""
    if _is_json(body, headers.get("content-type", "")):
        return parse_json_feed(body, url)
    text, _ = decode(body, headers.get("content-type", ""))
    clean = clean_xml(text).encode("utf-8")
    return parse_well_formed(clean, url) or parse_loosely(clean, headers, url)


def parse_well_formed(clean: bytes, url: str) -> ParsedFeed | None:
    """The fast path for well-formed XML (``wellformed``); None sends the feed to feedparser."""
    document = read_well_formed(clean)
    if document is None:
        return None
    items = tuple(_entry_item(entry, url) for entry in document.entries)
    return ParsedFeed(items=items, ttl=_ttl(document.ttl), format=document.format)


def parse_loosely(clean: bytes, headers: dict[str, str], url: str) -> ParsedFeed:
    """feedparser, which recovers what it can from broken XML and says what was wrong."""
    parsed = feedparser.parse(
        io.BytesIO(clean), response_headers=_utf8_headers(headers, url),
        sanitize_html=False, resolve_relative_uris=False)
    return _from_feedparser(parsed, url)


def _is_json(body: bytes, content_type: str) -> bool:
    if "json" in content_type.lower():
        return True
    return body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


# --- encodings ----------------------------------------------------------------------------------

def decode(body: bytes, content_type: str) -> tuple[str, str]:
    """The text of ``body`` and the encoding that produced it."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body.decode(name, errors="replace").lstrip("\ufeff"), name
    declared = declared_encoding(body, content_type)
    if declared.startswith(("utf-16", "utf-32")) and b"\x00" in body[:200]:
        return body.decode(declared, errors="replace"), declared
    if b"\x00" not in body:
        try:
            return body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    if declared and declared not in ("utf-8", "utf8", "us-ascii", "ascii"):
        try:
            return body.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            pass
    guess = guess_legacy(body)
    return body.decode(guess, errors="replace"), guess


def declared_encoding(body: bytes, content_type: str) -> str:
    """The charset of the Content-Type header, else of the XML declaration, lower case."""
    match = re.search(r"charset=[\"']?([A-Za-z0-9._-]+)", content_type, re.IGNORECASE)
    if match:
        return _codec_name(match.group(1))
    match = _DECL_ENCODING.match(body[:200])
    return _codec_name(match.group(1).decode("ascii")) if match else ""


def _codec_name(label: str) -> str:
    try:
        return codecs.lookup(label).name
    except LookupError:
        return label.lower()


def guess_legacy(body: bytes) -> str:
    """windows-1256 when the high bytes read as Arabic letters, else windows-1252."""
    high = bytes(b for b in body if b >= 0x80)
    if not high:
        return "windows-1252"
    arabic = sum(1 for ch in high.decode("windows-1256", errors="replace")
                 if "\u0600" <= ch <= "\u06ff")
    return "windows-1256" if arabic / len(high) > 0.6 else "windows-1252"


def clean_xml(text: str) -> str:
    """Drop the DOCTYPE (entities) and control characters; HTML entities as numbers; UTF-8."""
    text = _DOCTYPE.sub("", text.lstrip("\ufeff"))
    text = _CONTROLS.sub("", text)
    text = _NAMED_ENTITY.sub(_numeric_entity, text)
    return '<?xml version="1.0" encoding="utf-8"?>' + _XML_DECL.sub("", text, count=1)


def _numeric_entity(match: re.Match[str]) -> str:
    """``&eacute;`` → ``&#233;``: old RSS 0.91 feeds use HTML entities their dropped DTD
    defined; as numbers they parse strictly instead of failing into the slower loose parser."""
    name = match.group(1)
    if name in _XML_ENTITIES:
        return match.group(0)
    chars = html.entities.html5.get(f"{name};")
    return "".join(f"&#{ord(c)};" for c in chars) if chars else match.group(0)


def _utf8_headers(headers: dict[str, str], url: str) -> dict[str, str]:
    media = headers.get("content-type", "application/xml").split(";")[0].strip()
    return {"content-type": f"{media or 'application/xml'}; charset=utf-8",
            "content-location": url}


# --- feedparser results --------------------------------------------------------------------------

def _from_feedparser(parsed: Any, url: str) -> ParsedFeed:
    items = tuple(_item(entry, url) for entry in parsed.entries)
    problem = ""
    if parsed.bozo:
        exc = parsed.get("bozo_exception")
        problem = f"{type(exc).__name__}: {exc}" if exc else "malformed"
    bozo = bool(parsed.bozo) and not problem.startswith(_BENIGN)
    return ParsedFeed(items=items, ttl=_ttl(parsed.feed.get("ttl")), bozo=bozo,
                      problem=problem if bozo else "", format=parsed.get("version") or "")


def _item(entry: Any, base: str) -> Item:
    link = entry.get("link") or ""
    content = entry.get("content") or []
    return Item(
        guid=(entry.get("id") or "").strip(),
        link=urljoin(base, link.strip()) if link else "",
        title=plain_text(entry.get("title") or ""),
        summary=plain_text(entry.get("summary") or ""),
        content=plain_text(" ".join(c.get("value", "") for c in content)),
        published=_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
    )


def _entry_item(entry: Entry, base: str) -> Item:
    return Item(
        guid=absolute(base, entry.guid) if entry.guid_is_link else entry.guid,
        link=absolute(base, entry.link),
        title=plain_text(entry.title),
        summary=plain_text(entry.summary),
        content=plain_text(entry.content),
        published=feed_date(entry.published) or feed_date(entry.updated),
    )


def absolute(base: str, link: str) -> str:
    """``link`` resolved against ``base`` (urljoin, skipped where it would change nothing)."""
    if not link or (link.startswith(("http://", "https://")) and "/." not in link):
        return link
    return urljoin(base, link)


def feed_date(value: str) -> str | None:
    """A feed's date (RFC 822, ISO 8601, or any form feedparser knows) as ISO UTC ``...Z``."""
    if not value:
        return None
    if value[:1].isdigit():
        iso = iso_date(value)
        if iso:
            return iso
    else:
        with contextlib.suppress(TypeError, ValueError, IndexError):
            moment = email.utils.parsedate_to_datetime(value)
            if moment.tzinfo is not None:
                return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return _iso(feedparser_dates._parse_date(value))  # noqa: SLF001 - its one date reader


def _ttl(value: Any) -> float | None:
    try:
        minutes = float(value)
    except (TypeError, ValueError):
        return None
    return minutes * 60 if minutes > 0 else None


def _iso(struct: Any) -> str | None:
    if not struct:
        return None
    try:
        moment = datetime.fromtimestamp(calendar.timegm(struct), UTC)
    except (OverflowError, ValueError, OSError):
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def plain_text(markup: str) -> str:
    """Text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed."""
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", markup))).strip()


# --- JSON Feed ------------------------------------------------------------------------------------

def parse_json_feed(body: bytes, url: str) -> ParsedFeed:
    """JSON Feed 1.0/1.1 (jsonfeed.org), read with orjson."""
    try:
        doc = orjson.loads(body.lstrip(b"\xef\xbb\xbf"))
    except orjson.JSONDecodeError as exc:
        return ParsedFeed(items=(), bozo=True, problem=f"not JSON: {exc}", format="json")
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        return ParsedFeed(items=(), bozo=True, problem="JSON without an items list",
                          format="json")
    items = tuple(_json_item(i, url) for i in doc["items"] if isinstance(i, dict))
    return ParsedFeed(items=items, format="json")


def _json_item(item: dict[str, Any], base: str) -> Item:
    link = str(item.get("url") or item.get("external_url") or "")
    return Item(
        guid=str(item.get("id") or ""),
        link=urljoin(base, link) if link else "",
        title=plain_text(str(item.get("title") or "")),
        summary=plain_text(str(item.get("summary") or "")),
        content=str(item.get("content_text") or "") or plain_text(
            str(item.get("content_html") or "")),
        published=iso_date(item.get("date_published") or item.get("date_modified")),
    )


def iso_date(value: Any) -> str | None:
    """An RFC 3339 / ISO 8601 date as ISO UTC ``...Z``, or None when unreadable."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch(iso: str | None) -> float | None:
    """Seconds since 1970 of an ISO ``...Z`` time (as this module writes them), or None."""
    if not iso:
        return None
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None
