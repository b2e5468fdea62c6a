"""Intervals, hints, backoff, the heap, first-poll spreading and per-domain politeness."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from services.fetcher import schedule
from services.fetcher.app import FetcherService, Tuning
from services.fetcher.metrics import FetcherMetrics
from services.fetcher.outlets import parse_yaml
from services.fetcher.polite import Politeness, registrable_domain
from services.fetcher.schedule import Bounds
from services.kernel.metrics import new_registry
from services.kernel.settings import Settings

BOUNDS = Bounds(30, 1800)
RNG = random.Random(7)


def test_interval_follows_publishing_rate_within_bounds():
    every_10_min = [i * 600.0 for i in range(10)]
    assert schedule.publishing_interval(every_10_min, BOUNDS) == 300
    assert schedule.publishing_interval([0.0, 86400.0], BOUNDS) == 1800
    assert schedule.publishing_interval([0.0, 10.0, 20.0], BOUNDS) == 30
    assert schedule.publishing_interval([], BOUNDS) == 30


def test_server_hints_only_lengthen_and_upper_bound_holds():
    now = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
    headers = {"cache-control": "public, max-age=600",
               "expires": "Sun, 29 Nov 2026 08:20:00 GMT"}
    assert schedule.server_hint(headers, ttl=300, now=now) == 1200
    assert schedule.server_hint({}, None) == 0
    interval = schedule.next_interval([], BOUNDS, hint=10 ** 6, rng=RNG)
    assert interval <= 1800 * 1.1


def test_backoff_grows_is_capped_and_honours_retry_after():
    waits = [schedule.backoff(n, BOUNDS, RNG) for n in range(1, 12)]
    assert waits[0] <= 60 and max(waits) <= 1800
    assert waits[-1] >= 900  # at the cap, still retried
    assert schedule.backoff(1, BOUNDS, RNG, retry_after=3600) == 3600


def test_jitter_never_polls_later_than_the_interval_nor_sooner_than_the_server_asked():
    own = [schedule.next_interval([], BOUNDS, hint=0, rng=RNG) for _ in range(200)]
    assert 27 <= min(own) < max(own) <= 30
    asked = [schedule.next_interval([], BOUNDS, hint=600, rng=RNG) for _ in range(200)]
    assert 600 <= min(asked) < max(asked) <= 660


def test_jitter_stays_within_ten_percent():
    values = [schedule.jittered(100, RNG) for _ in range(200)]
    assert 90 <= min(values) < max(values) <= 110


def test_heap_pops_the_earliest_due():
    heap = schedule.Schedule()
    for key, due in (("b", 5.0), ("a", 1.0), ("c", 3.0)):
        heap.push(key, due)
    assert heap.next_due() == 1.0
    assert [heap.pop()[1] for _ in range(3)] == ["a", "c", "b"] and len(heap) == 0


def test_due_feeds_go_in_the_order_they_became_due_not_by_their_requeue_time():
    heap = schedule.Schedule()
    heap.push("often", 10.0001, since=9.95)  # due again, found its domain busy, pushed back
    heap.push("starved", 10.0002, since=3.0)  # has waited for the domain since 3 s
    heap.push("later", 12.0)
    assert heap.next_due() == 10.0001
    assert [heap.pop(now=10.5)[1] for _ in range(2)] == ["starved", "often"]
    assert heap.pop(now=10.5) == (12.0, "later", 12.0)  # nothing due: the earliest


def test_first_polls_are_spread_over_each_feeds_interval():
    keys = [f"f{i}" for i in range(200)]
    offsets = schedule.first_polls(keys, {k: f"d{k}.example" for k in keys},
                                   spacing=lambda domain: 0.25, rng=RNG,
                                   interval_of=lambda key: 4.0)
    values = sorted(offsets.values())
    assert 0 <= values[0] and values[-1] <= 4.0
    assert sum(1 for v in values if v < 2.0) < 140 and sum(1 for v in values if v >= 2.0) > 60


def test_first_polls_of_one_domain_are_spread():
    keys = [f"f{i}" for i in range(5)] + ["other"]
    domains = {k: "one.example" for k in keys[:5]} | {"other": "two.example"}
    offsets = schedule.first_polls(keys, domains, spacing=lambda domain: 2.0, rng=RNG)
    ordered = sorted(offsets[k] for k in keys[:5])
    assert all(b - a >= 1.0 for a, b in zip(ordered, ordered[1:]))
    assert offsets["other"] < 1.0


def test_registrable_domain_groups_subdomains():
    assert registrable_domain("https://a.b.example.co.uk/x") == "example.co.uk"
    assert registrable_domain("https://feeds.bbci.co.uk/arabic/rss.xml") == "bbci.co.uk"
    assert registrable_domain("http://www.beta.test:8080/") == "beta.test"
    assert registrable_domain("http://127.0.0.1:80/") == "127.0.0.1"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_domain_spacing_concurrency_and_pause():
    clock = Clock()
    polite = Politeness(per_domain=1, spacing=2.0, clock=clock)
    assert polite.try_acquire("a.example") == 0
    assert polite.try_acquire("b.example") == 0
    assert polite.try_acquire("a.example") == 2.0
    clock.now += 2.0
    assert polite.try_acquire("a.example") > 0  # spacing passed, but the one slot is busy
    polite.release("a.example")
    assert polite.try_acquire("a.example") == 0
    polite.release("a.example")
    polite.pause("a.example", 30)
    clock.now += 5
    assert 24.9 <= polite.try_acquire("a.example") <= 25.1


def test_a_domain_with_its_own_spacing_and_the_largest_of_two_outlets_wins():
    clock = Clock()
    polite = Politeness(per_domain=4, spacing=1.0, clock=clock)
    polite.set_spacing("wire.example", 0.25)
    polite.set_spacing("wire.example", 0.5)     # a second outlet on the domain asks for more
    assert polite.try_acquire("wire.example") == 0
    assert polite.try_acquire("wire.example") == 0.5
    assert polite.try_acquire("other.example") == 0
    assert polite.try_acquire("other.example") == 1.0
    offsets = schedule.first_polls(["a", "b"], {"a": "wire.example", "b": "wire.example"},
                                   polite.spacing_of, RNG)
    assert 0.25 <= offsets["b"] - offsets["a"] <= 0.75     # one 0.5 s spacing, jittered


def test_the_fetcher_gives_each_domain_its_outlets_spacing():
    read = parse_yaml(b"outlets:\n  - name: Wire\n    request_spacing: 0.2\n    feeds: "
                      b"[https://feeds.wire.example/rss]\n  - name: Daily\n    feeds: "
                      b"[https://daily.example/rss]\n", "o.yaml")
    service = FetcherService(Settings(), read, FetcherMetrics(new_registry()), Tuning(workers=0))
    assert service.politeness.spacing_of("wire.example") == 0.2
    assert service.politeness.spacing_of("daily.example") == Tuning().domain_spacing
