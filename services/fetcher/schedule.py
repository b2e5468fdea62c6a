"""When each feed is polled next: adaptive intervals, server hints, backoff, and one heap.

A feed that publishes often is polled often, one that rarely publishes rarely, within
``[lower, upper]`` (settings: 30 s to 30 min by default; an outlet may raise its lower bound).
The feed's own ``ttl``, ``Cache-Control: max-age`` and ``Expires`` can only lengthen the
interval. Failures back off exponentially with jitter up to ``upper``, where the feed keeps
being retried: it is never dropped. Due times live in one heap, not one sleeping task per feed,
and first polls are spread so that many feeds on few hosts do not burst.
"""

from __future__ import annotations

import email.utils
import heapq
import itertools
import random
import re
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

JITTER = 0.1
_MAX_AGE = re.compile(r"(?:s-)?max-age=(\d+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Bounds:
    """The shortest and longest interval between two polls of a feed, in seconds."""

    lower: float
    upper: float

    def clamp(self, seconds: float) -> float:
        return min(self.upper, max(self.lower, seconds))


def publishing_interval(item_times: Iterable[float], bounds: Bounds) -> float:
    """Half the feed's typical (median) gap between recent items, bounded.

    Until a feed has shown two distinct publish times it is polled at the lower bound.
    """
    times = sorted(set(item_times))
    gaps = [b - a for a, b in zip(times, times[1:])]
    if not gaps:
        return bounds.lower
    return bounds.clamp(statistics.median(gaps) / 2)


def server_hint(headers: dict[str, str], ttl: float | None, now: datetime | None = None
                ) -> float:
    """The longest wait the server asked for: ttl, Cache-Control max-age, Expires (0 if none)."""
    hints = [ttl or 0.0]
    match = _MAX_AGE.search(headers.get("cache-control", ""))
    if match:
        hints.append(float(match.group(1)))
    expires = headers.get("expires")
    if expires:
        hints.append(_until(expires, now or datetime.now(UTC)))
    return max(hints)


def _until(http_date: str, now: datetime) -> float:
    try:
        when = email.utils.parsedate_to_datetime(http_date)
    except (TypeError, ValueError):
        return 0.0
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def next_interval(item_times: Iterable[float], bounds: Bounds, hint: float,
                  rng: random.Random) -> float:
    """Seconds until the next poll after a success, jittered so that feeds do not march in step.

    The jitter only shortens the feed's own interval (an item is never older than the interval
    when it is seen, which is what operators set it for) and only lengthens a server's hint
    (a server is never asked again before it said to).
    """
    own = publishing_interval(item_times, bounds)
    asked = min(hint, bounds.upper)
    if asked > own:
        return asked * rng.uniform(1.0, 1.0 + JITTER)
    return own * rng.uniform(1.0 - JITTER, 1.0)


def backoff(failures: int, bounds: Bounds, rng: random.Random, retry_after: float | None = None
            ) -> float:
    """Seconds until the next try after ``failures`` failures in a row (capped, jittered)."""
    base = min(bounds.upper, bounds.lower * (2 ** min(failures, 20)))
    wait = base * rng.uniform(0.5, 1.0)
    return max(wait, retry_after or 0.0)


def jittered(seconds: float, rng: random.Random) -> float:
    return seconds * rng.uniform(1 - JITTER, 1 + JITTER)


def first_polls(keys: list[str], domain_of: dict[str, str], spacing: Callable[[str], float],
                rng: random.Random, interval_of: Callable[[str], float] | None = None
                ) -> dict[str, float]:
    """Offsets of first polls: the n-th feed of a domain after n of its spacings, each at a
    random point of its own interval (``interval_of``). Feeds started together would otherwise
    poll together for ever, every interval a burst of requests and pages that the load, and so
    the latency, follows (seen in bench/e2e_bench.py's latency plot as a saw-tooth)."""
    counts: dict[str, int] = {}
    offsets = {}
    for key in keys:
        domain = domain_of[key]
        n = counts.get(domain, 0)
        counts[domain] = n + 1
        gap = spacing(domain)
        spread = max(min(gap, 1.0) * 0.5, interval_of(key) if interval_of else 0.0)
        offsets[key] = n * gap + rng.uniform(0, spread)
    return offsets


class Schedule:
    """Feeds by due time: the next feed to poll is always at the top.

    A feed that was due but found its domain busy is pushed back to when the domain is free,
    keeping the time it first became due (``since``). Feeds whose time has come are served in
    the order they became due, whatever their due times: a feed polled often cannot then
    starve another that waits for the same domain.
    """

    def __init__(self) -> None:
        self._waiting: list[tuple[float, float, int, str]] = []  # (due, since, seq, key)
        self._ready: list[tuple[float, float, int, str]] = []  # (since, due, seq, key)
        self._seq = itertools.count()

    def push(self, key: str, due: float, since: float | None = None) -> None:
        heapq.heappush(self._waiting, (due, due if since is None else since, next(self._seq),
                                       key))

    def next_due(self) -> float | None:
        """The earliest due time among the feeds not yet popped (None if there are none)."""
        dues = [heap[0][i] for heap, i in ((self._waiting, 0), (self._ready, 1)) if heap]
        return min(dues) if dues else None

    def pop(self, now: float | None = None) -> tuple[float, str, float]:
        """(due, key, since) of the feed due by ``now`` (default: the earliest due time) that
        became due first."""
        if now is None:
            now = self.next_due() or 0.0
        while self._waiting and self._waiting[0][0] <= now:
            due, since, seq, key = heapq.heappop(self._waiting)
            heapq.heappush(self._ready, (since, due, seq, key))
        if not self._ready:
            due, since, _, key = heapq.heappop(self._waiting)
            return due, key, since
        since, due, _, key = heapq.heappop(self._ready)
        return due, key, since

    def __len__(self) -> int:
        return len(self._waiting) + len(self._ready)
