"""What makes two feed items the same article: GUID, canonical link, title-and-lead fingerprint.

Publishers change GUIDs, add tracking parameters, switch http to https or move a story to a
new URL; any one of the three keys matching an item already seen for the outlet is enough.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from services.fetcher.parse import Item
from services.kernel.messages import stable_id

TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "at_", "_hs")
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "igshid", "mkt_tok", "ocid",
    "cmpid", "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname", "ns_fee", "at_medium",
    "at_campaign", "_ga", "ref_src", "smid", "xtor", "ito", "s_cid", "rss", "feed",
})
_WORDS = re.compile(r"\w+", re.UNICODE)
LEAD_CHARS = 160


@dataclass(frozen=True, slots=True)
class Keys:
    """The three 64-bit hashes an item is remembered by (0 when the item lacks one).

    Integers, not hex strings: an outlet remembers thousands of items and a fetcher thousands
    of outlets, and an int costs half a short string.
    """

    guid: int
    link: int
    fingerprint: int


def hash64(kind: bytes, text: str) -> int:
    """A stable, non-zero 64-bit hash of ``text`` in the namespace ``kind``."""
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8, person=kind).digest()
    return int.from_bytes(digest, "big") or 1


def canonical_url(url: str) -> str:
    """``url`` with scheme and host lower-cased, default port, fragment and trackers removed."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port if parts.port and (scheme, parts.port) not in (
        ("http", 80), ("https", 443)) else None
    netloc = f"{host}:{port}" if port else host
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not _tracking(k)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def _tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def fingerprint(title: str, lead: str) -> int:
    """A hash of the normalised title and the start of the lead; 0 for an empty item."""
    words = " ".join(_WORDS.findall(unicodedata.normalize("NFKC", f"{title} | {lead[:LEAD_CHARS]}"
                                                          ).casefold()))
    return hash64(b"fingerprint", words) if words.strip() else 0


def keys(item: Item) -> Keys:
    """The identity keys of ``item`` (hashed, so state stays small)."""
    link = canonical_url(item.link) if item.link else ""
    return Keys(
        guid=hash64(b"guid", item.guid) if item.guid else 0,
        link=hash64(b"link", link) if link else 0,
        fingerprint=fingerprint(item.title, item.summary or item.content),
    )


def article_id(item: Item, outlet: str) -> str:
    """The article's id: stable_id of the canonical URL (of the GUID when there is no link)."""
    if item.link:
        return stable_id(canonical_url(item.link))
    return stable_id(outlet, item.guid or item.title)
