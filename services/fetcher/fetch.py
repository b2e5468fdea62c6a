"""One guarded, bounded HTTP GET: conditional headers, size caps, redirects hop by hop.

Modelled on miniflux's fetcher: 304 is success; every failure becomes an outcome (the label of
``newsalert_fetch_requests_total``) and a reason for the log, never an exception to the caller.
Sizes are counted on the decompressed bytes while streaming, so a gzip bomb stops at the cap.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin

import httpx

from services.fetcher.guard import AddressPolicy, AddressRefused, Resolver
from services.fetcher.pools import HostPools
from services.kernel.settings import Settings

VERSION = "0.1"
REFUSED_FEED_TYPES = ("image/", "video/", "audio/", "font/", "application/pdf",
                      "application/zip")
PAGE_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds of one fetch: time, size and redirects."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 45.0
    feed_max_bytes: int = 10 * 1024 * 1024
    page_max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5

    def max_bytes(self, kind: str) -> int:
        return self.feed_max_bytes if kind == "feed" else self.page_max_bytes


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What came back: an outcome always; body and headers on 2xx; a reason on failure."""

    outcome: str
    status: int = 0
    url: str = ""
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    reason: str = ""
    retry_after: float | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.outcome == "2xx"


class TooLarge(Exception):
    """The body passed the cap while streaming."""


class Refused(Exception):
    """The response is not something we will read (content type, redirect loop)."""


def user_agent(contact: str) -> str:
    """An honest User-Agent: who we are and how to reach whoever runs us."""
    reach = contact or "contact not configured"
    return f"newsalert/{VERSION} (news monitoring feed reader; +{reach})"


def new_client(settings: Settings, limits: Limits = Limits(), resolver: Resolver | None = None,
               max_connections: int = 200) -> HttpClient:
    """The fetcher's client: every connection goes through the address guard."""
    policy = AddressPolicy(settings.allow_private_networks, settings.allow_networks)
    timeout = httpx.Timeout(limits.total_timeout, connect=limits.connect_timeout,
                            read=limits.read_timeout)
    return HttpClient(HostPools(policy, resolver, max_pools=max_connections), timeout,
                      {"User-Agent": user_agent(settings.user_agent_contact),
                       "Accept-Encoding": "gzip, deflate"})


class HttpClient:
    """GET requests straight to the guarded per-host transport.

    httpx's ``AsyncClient`` would merge URLs, run auth and redirect hooks and fill a cookie jar
    on every request (a fifth of the event loop's CPU at a few hundred requests a second); the
    fetcher follows redirects itself, hop by hop, and carries no cookies from one poll to the
    next, so it sends requests to the transport directly.
    """

    def __init__(self, transport: httpx.AsyncBaseTransport, timeout: httpx.Timeout,
                 headers: dict[str, str]) -> None:
        self._transport = transport
        self._timeout = timeout.as_dict()
        self._headers = headers

    async def get(self, url: str, headers: dict[str, str]) -> httpx.Response:
        """The response to ``GET url``, its body not read yet (the caller closes it)."""
        request = httpx.Request("GET", url, headers={**self._headers, **headers},
                                extensions={"timeout": self._timeout})
        response = await self._transport.handle_async_request(request)
        response.request = request
        return response

    async def aclose(self) -> None:
        await self._transport.aclose()

    async def __aenter__(self) -> HttpClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


async def fetch(client: HttpClient, url: str, kind: str, limits: Limits,
                headers: dict[str, str] | None = None) -> FetchResult:
    """GET ``url`` (kind "feed" or "page") within ``limits``; never raises for HTTP trouble."""
    started = time.monotonic()
    try:
        async with asyncio.timeout(limits.total_timeout):
            result = await _follow(client, url, kind, limits, headers or {})
    except (TimeoutError, httpx.TimeoutException) as exc:
        result = FetchResult("timeout", url=url, reason=f"timed out: {type(exc).__name__}")
    except AddressRefused as exc:
        result = FetchResult("refused", url=url, reason=str(exc))
    except TooLarge as exc:
        result = FetchResult("too_large", url=url, reason=str(exc))
    except Refused as exc:
        result = FetchResult("error", url=url, reason=str(exc))
    except (httpx.HTTPError, OSError, ValueError, zlib.error) as exc:
        result = FetchResult("error", url=url, reason=f"{type(exc).__name__}: {exc}")
    return _timed(result, time.monotonic() - started)


def _timed(result: FetchResult, seconds: float) -> FetchResult:
    return FetchResult(result.outcome, result.status, result.url, result.body, result.headers,
                       result.reason, result.retry_after, seconds)


async def _follow(client: HttpClient, url: str, kind: str, limits: Limits,
                  headers: dict[str, str]) -> FetchResult:
    visited = [url]
    for _ in range(limits.max_redirects + 1):
        response = await client.get(url, headers)
        try:
            location = response.headers.get("location")
            if response.is_redirect and location:
                await _drain(response)
                url = urljoin(url, location)
                if url in visited:
                    raise Refused(f"redirect loop back to a visited URL after {len(visited)} hops")
                visited.append(url)
                continue
            return await _read(response, url, kind, limits)
        finally:
            await response.aclose()
    raise Refused(f"more than {limits.max_redirects} redirects")


async def _read(response: httpx.Response, url: str, kind: str, limits: Limits) -> FetchResult:
    status = response.status_code
    headers = {k.lower(): v for k, v in response.headers.items()}
    if status == 304:
        await _drain(response)
        return FetchResult("304", status, url, headers=headers)
    if status >= 300:
        await _drain(response)
        return FetchResult(status_outcome(status), status, url, headers=headers,
                           reason=f"HTTP {status}", retry_after=retry_after(headers))
    _check_type(headers.get("content-type", ""), kind)
    body = await _body(response, limits.max_bytes(kind))
    return FetchResult("2xx", status, url, body, headers)


async def _drain(response: httpx.Response, cap: int = 64 * 1024) -> None:
    """Read a small unwanted body to its end, so the connection can be kept alive.

    Closing a response before its end makes httpcore drop the connection, and a feed that
    answers 304 every minute would then pay a new TCP (and TLS) handshake every minute.
    """
    size = 0
    async for chunk in response.aiter_raw():
        size += len(chunk)
        if size > cap:
            return


def status_outcome(status: int) -> str:
    """The outcome label of a non-success HTTP status."""
    if status == 429:
        return "429"
    if status >= 500:
        return "5xx"
    return "4xx"


def _check_type(content_type: str, kind: str) -> None:
    media = content_type.split(";")[0].strip().lower()
    if kind == "feed" and media.startswith(REFUSED_FEED_TYPES):
        raise Refused(f"a feed served as {media}")
    if kind == "page" and media not in PAGE_TYPES:
        raise Refused(f"an article page served as {media or 'no content type'}")


async def _body(response: httpx.Response, cap: int) -> bytes:
    """The decoded body, refused as soon as it passes ``cap`` decoded bytes.

    Decompression is ours (raw bytes in, at most ``cap`` bytes out per step) rather than
    httpx's, which inflates each network chunk whole: 64 KB of a gzip bomb is 64 MB at once.
    """
    declared = response.headers.get("content-length", "")
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding == "identity" and declared.isdigit() and int(declared) > cap:
        raise TooLarge(f"Content-Length {declared} over the {cap}-byte cap")
    inflate = _Inflater(encoding, cap)
    async for chunk in response.aiter_raw():
        inflate.feed(chunk)
    return inflate.finish()


class _Inflater:
    """Bounded gzip/deflate/identity decoding: never holds more than ``cap`` + one step."""

    def __init__(self, encoding: str, cap: int) -> None:
        if encoding not in ("gzip", "x-gzip", "deflate", "identity", ""):
            raise Refused(f"unsupported content-encoding {encoding}")
        wbits = {"gzip": 31, "x-gzip": 31, "deflate": 15}.get(encoding)
        self._zlib = zlib.decompressobj(wbits) if wbits else None
        self._deflate = encoding == "deflate"
        self._cap = cap
        self._chunks: list[bytes] = []
        self._size = 0

    def feed(self, data: bytes) -> None:
        if self._zlib is None:
            self._keep(data)
            return
        while data:
            try:
                out = self._zlib.decompress(data, self._cap - self._size + 1)
            except zlib.error:
                if not (self._deflate and self._size == 0):
                    raise
                self._deflate = False
                self._zlib = zlib.decompressobj(-15)  # raw deflate, as some servers send
                continue
            self._keep(out)
            data = self._zlib.unconsumed_tail
            if self._zlib.eof:
                break

    def _keep(self, data: bytes) -> None:
        self._size += len(data)
        if self._size > self._cap:
            raise TooLarge(f"body passed the {self._cap}-byte cap while streaming (decoded)")
        self._chunks.append(data)

    def finish(self) -> bytes:
        if self._zlib is not None:
            self._keep(self._zlib.flush())
        return b"".join(self._chunks)


def retry_after(headers: dict[str, str], now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta seconds or an HTTP date)."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
