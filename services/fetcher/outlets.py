"""Outlets files: YAML (ours) or OPML 2.0 (what every feed reader exports), validated on load.

YAML::

    outlets:
      - id: shafaq-news          # optional: derived from the name
        name: Shafaq News
        country: IQ               # ISO 3166-1 alpha-2
        language: en              # ISO 639-1; a feed may override it
        poll_interval: 120        # optional, seconds: this outlet's lower bound
        request_spacing: 0.25     # optional, seconds between requests to its domain (default 1)
        feeds:
          - https://shafaq.com/en/rss
          - {url: https://shafaq.com/ar/rss, language: ar}

OPML: every ``outline`` with an ``xmlUrl`` is a feed of the outlet named by its ``text`` (or
``title``); outlines with one name are one outlet, different names different outlets even on one
host; nesting (categories) is allowed. Optional attributes: ``country``, ``language``, ``id``,
``pollInterval``, ``requestSpacing``. Errors raise :class:`DataFileError` naming the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import quoteattr

import yaml
from lxml import etree

from services.kernel.errors import DataFileError
from services.kernel.messages import stable_id

PACKAGED = Path(__file__).with_name("outlets.yaml")
_ISO2 = re.compile(r"^[A-Z]{2}$")
_LANG = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True, slots=True)
class Feed:
    """One feed URL of one outlet; ``id`` keys its state in news.feed-state."""

    id: str
    url: str
    outlet: str
    language: str = ""


@dataclass(frozen=True, slots=True)
class Outlet:
    """A publisher: who it is, where it reports from, and the feeds it publishes."""

    id: str
    name: str
    country: str
    language: str
    feeds: tuple[Feed, ...]
    poll_interval: float | None = None
    #: Seconds between requests to this outlet's domain, where it allows more (or asks for
    #: less) than the fetcher's default; shared domains take the largest their outlets give.
    request_spacing: float | None = None


def load(path: str | Path | None = None) -> list[Outlet]:
    """The outlets of ``path`` (YAML or OPML by content), or the packaged default list."""
    path = Path(path) if path else PACKAGED
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataFileError(str(path), None, f"cannot read: {exc.strerror}") from exc
    if _looks_like_opml(raw):
        outlets = parse_opml(raw, str(path))
    else:
        outlets = parse_yaml(raw, str(path))
    _check_unique(outlets, str(path))
    return outlets


def _looks_like_opml(raw: bytes) -> bool:
    head = raw[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<") and b"<opml" in raw[:4096].lower()


def feed_id(outlet_id: str, url: str) -> str:
    """The state key of a feed: stable across restarts and hosts."""
    return stable_id("feed", outlet_id, url, length=20)


def slug(name: str) -> str:
    """An outlet id from its name: lower case, ASCII letters and digits joined by dashes."""
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return text or stable_id("outlet", name, length=10)


# --- YAML -------------------------------------------------------------------------------------

class _LineLoader(yaml.SafeLoader):
    """A safe loader that records each mapping's line as ``__line__``."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def parse_yaml(raw: bytes, path: str) -> list[Outlet]:
    """Outlets from YAML text; every problem names ``path`` and the line."""
    try:
        doc = yaml.load(raw, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataFileError(path, mark.line + 1 if mark else None, f"not YAML: {exc}") from None
    entries = doc.get("outlets") if isinstance(doc, dict) else None
    if not isinstance(entries, list) or not entries:
        raise DataFileError(path, 1, "expected a top-level 'outlets:' list")
    return [_outlet_from_yaml(entry, path) for entry in entries]


def _outlet_from_yaml(entry: Any, path: str) -> Outlet:
    if not isinstance(entry, dict):
        raise DataFileError(path, None, f"outlet must be a mapping, got {entry!r}")
    line = entry.get("__line__")
    name = _text(entry, "name", path, line, required=True)
    outlet_id = _text(entry, "id", path, line) or slug(name)
    country = _code(entry, "country", _ISO2, path, line, upper=True)
    language = _code(entry, "language", _LANG, path, line)
    feeds = entry.get("feeds")
    if not isinstance(feeds, list) or not feeds:
        raise DataFileError(path, line, f"outlet {outlet_id!r}: 'feeds' must be a non-empty list")
    return Outlet(
        id=outlet_id, name=name, country=country, language=language,
        feeds=tuple(_feed_from_yaml(f, outlet_id, path, line) for f in feeds),
        poll_interval=_interval(entry.get("poll_interval"), path, line),
        request_spacing=_spacing(entry.get("request_spacing"), path, line),
    )


def _feed_from_yaml(item: Any, outlet_id: str, path: str, line: int | None) -> Feed:
    if isinstance(item, dict):
        line = item.get("__line__", line)
        url, language = item.get("url"), _code(item, "language", _LANG, path, line)
    else:
        url, language = item, ""
    return Feed(feed_id(outlet_id, _url(url, path, line)), _url(url, path, line), outlet_id,
                language)


def _text(entry: dict, key: str, path: str, line: int | None, required: bool = False) -> str:
    value = entry.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, (str, int)) or not str(value).strip():
        raise DataFileError(path, line, f"'{key}' must be a non-empty string")
    return str(value).strip()


def _code(entry: dict, key: str, pattern: re.Pattern, path: str, line: int | None,
          upper: bool = False) -> str:
    value = entry.get(key)
    if value in (None, ""):
        return ""
    text = str(value).strip()
    text = text.upper() if upper else text.lower()
    if not pattern.match(text):
        raise DataFileError(path, line, f"'{key}': not a valid code: {value!r}")
    return text


def _url(value: Any, path: str, line: int | None) -> str:
    if not isinstance(value, str):
        raise DataFileError(path, line, f"feed URL must be a string, got {value!r}")
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DataFileError(path, line, f"not an http(s) URL: {value!r}")
    return value.strip()


def _interval(value: Any, path: str, line: int | None) -> float | None:
    return _seconds(value, "poll_interval", path, line)


def _seconds(value: Any, name: str, path: str, line: int | None) -> float | None:
    if value in (None, ""):
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise DataFileError(path, line, f"{name}: not a number: {value!r}") from None
    if seconds <= 0:
        raise DataFileError(path, line, f"{name}: must be positive, got {value!r}")
    return seconds


#: The least spacing an outlets file may ask for: 20 requests a second to one domain.
MIN_SPACING = 0.05


def _spacing(value: Any, path: str, line: int | None) -> float | None:
    seconds = _seconds(value, "request_spacing", path, line)
    if seconds is not None and seconds < MIN_SPACING:
        raise DataFileError(path, line, f"request_spacing: at least {MIN_SPACING} s, got {value!r}")
    return seconds


def _check_unique(outlets: list[Outlet], path: str) -> None:
    seen: set[str] = set()
    for outlet in outlets:
        if outlet.id in seen:
            raise DataFileError(path, None, f"outlet id {outlet.id!r} appears twice")
        seen.add(outlet.id)


# --- OPML -------------------------------------------------------------------------------------

def parse_opml(raw: bytes, path: str) -> list[Outlet]:
    """Outlets from OPML: feeds grouped by outline name, in document order."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise DataFileError(path, exc.lineno, f"not OPML: {exc.msg}") from None
    if root.tag != "opml" or root.find("body") is None:
        raise DataFileError(path, root.sourceline, "expected <opml> with a <body>")
    groups: dict[str, list[etree._Element]] = {}
    for node in root.find("body").iter("outline"):
        if node.get("xmlUrl"):
            groups.setdefault(_outline_name(node, path), []).append(node)
    if not groups:
        raise DataFileError(path, root.sourceline, "no outline with an xmlUrl")
    return [_outlet_from_outlines(name, nodes, path) for name, nodes in groups.items()]


def _outline_name(node: etree._Element, path: str) -> str:
    name = (node.get("text") or node.get("title") or "").strip()
    if not name:
        raise DataFileError(path, node.sourceline, "feed outline without text or title")
    return name


def _outlet_from_outlines(name: str, nodes: list[etree._Element], path: str) -> Outlet:
    first = nodes[0]
    attrs = {k: v for node in reversed(nodes) for k, v in node.attrib.items()}
    line = first.sourceline
    outlet_id = (attrs.get("id") or "").strip() or slug(name)
    feeds = tuple(
        Feed(feed_id(outlet_id, _url(n.get("xmlUrl"), path, n.sourceline)),
             _url(n.get("xmlUrl"), path, n.sourceline), outlet_id,
             _code(dict(n.attrib), "feedLanguage", _LANG, path, n.sourceline))
        for n in nodes
    )
    return Outlet(
        id=outlet_id, name=name,
        country=_code(attrs, "country", _ISO2, path, line, upper=True),
        language=_code(attrs, "language", _LANG, path, line),
        feeds=feeds, poll_interval=_interval(attrs.get("pollInterval"), path, line),
        request_spacing=_spacing(attrs.get("requestSpacing"), path, line),
    )


def to_opml(outlets: list[Outlet], title: str = "newsalert outlets") -> bytes:
    """OPML 2.0 for ``outlets``: one outline per feed, re-importable without loss."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<opml version="2.0">',
             f"  <head><title>{_escape(title)}</title></head>", "  <body>"]
    for outlet in outlets:
        for feed in outlet.feeds:
            lines.append("    <outline " + " ".join(_outline_attrs(outlet, feed)) + "/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines).encode("utf-8")


def _outline_attrs(outlet: Outlet, feed: Feed) -> list[str]:
    attrs = {"type": "rss", "text": outlet.name, "title": outlet.name, "xmlUrl": feed.url,
             "id": outlet.id, "country": outlet.country, "language": outlet.language,
             "feedLanguage": feed.language,
             "pollInterval": f"{outlet.poll_interval:g}" if outlet.poll_interval else "",
             "requestSpacing": f"{outlet.request_spacing:g}" if outlet.request_spacing else ""}
    return [f"{k}={quoteattr(v)}" for k, v in attrs.items() if v]


def to_yaml(outlets: list[Outlet]) -> str:
    """YAML for ``outlets`` in the packaged file's shape."""
    data = {"outlets": [_outlet_dict(o) for o in outlets]}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _outlet_dict(outlet: Outlet) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": outlet.id, "name": outlet.name}
    if outlet.country:
        entry["country"] = outlet.country
    if outlet.language:
        entry["language"] = outlet.language
    if outlet.poll_interval:
        entry["poll_interval"] = outlet.poll_interval
    if outlet.request_spacing:
        entry["request_spacing"] = outlet.request_spacing
    entry["feeds"] = [{"url": f.url, "language": f.language} if f.language else f.url
                      for f in outlet.feeds]
    return entry


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
