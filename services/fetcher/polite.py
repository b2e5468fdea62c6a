"""Politeness: one budget per registrable domain, one for the whole fetcher.

All ``*.example.co.uk`` hosts share the budget of ``example.co.uk`` (eTLD+1 from tldextract's
bundled public-suffix snapshot; it never goes to the network). A domain allows ``per_domain``
requests at once and at most one new request every ``spacing`` seconds (its own, where the
outlets file sets one); a 429 or 503 with
Retry-After pauses the whole domain until then. A slot is held only for one HTTP request, so
a feed poll that goes on to fetch its pages never deadlocks against its own domain.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import tldextract

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=65536)
def registrable_domain(url: str) -> str:
    """eTLD+1 of ``url``'s host; the last two labels under an unknown suffix; IPs as they are."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    parts = _EXTRACT(host)
    if parts.domain and parts.suffix:
        return f"{parts.domain}.{parts.suffix}"
    if parts.ipv4 or ":" in host:
        return host
    return ".".join(host.split(".")[-2:])


@dataclass
class _Domain:
    in_flight: int = 0
    next_start: float = 0.0
    paused_until: float = 0.0


class Politeness:
    """Per-domain concurrency, spacing and pauses."""

    def __init__(self, per_domain: int = 2, spacing: float = 1.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.per_domain = per_domain
        self.spacing = spacing
        self.clock = clock
        self._domains: dict[str, _Domain] = {}
        self._spacing: dict[str, float] = {}

    def set_spacing(self, domain: str, seconds: float) -> None:
        """``domain``'s own spacing; where several outlets share it, the largest wins."""
        self._spacing[domain] = max(seconds, self._spacing.get(domain, 0.0))

    def spacing_of(self, domain: str) -> float:
        return self._spacing.get(domain, self.spacing)

    def _get(self, domain: str) -> _Domain:
        state = self._domains.get(domain)
        if state is None:
            state = self._domains[domain] = _Domain()
        return state

    def try_acquire(self, domain: str) -> float:
        """Take a slot of ``domain`` now (returns 0.0) or say how long to wait (> 0)."""
        state, now = self._get(domain), self.clock()
        wait = max(state.next_start, state.paused_until) - now
        if wait > 0:
            return wait
        spacing = self.spacing_of(domain)
        if state.in_flight >= self.per_domain:
            return max(spacing, 0.05)
        state.in_flight += 1
        state.next_start = now + spacing
        return 0.0

    async def acquire(self, domain: str) -> None:
        """Wait for and take a slot of ``domain``."""
        while (wait := self.try_acquire(domain)) > 0:
            await asyncio.sleep(wait)

    def release(self, domain: str) -> None:
        state = self._get(domain)
        state.in_flight = max(0, state.in_flight - 1)

    def pause(self, domain: str, seconds: float) -> None:
        """No request to ``domain`` for ``seconds`` (a server's Retry-After)."""
        state = self._get(domain)
        state.paused_until = max(state.paused_until, self.clock() + seconds)

    def paused_for(self, domain: str) -> float:
        return max(0.0, self._get(domain).paused_until - self.clock())
