"""Fetch helpers and the address guard, without a network."""

from __future__ import annotations

import gzip
import zlib
from datetime import UTC, datetime

import httpcore
import pytest

from services.fetcher.fetch import (
    Refused, TooLarge, _check_type, _Inflater, retry_after, status_outcome, user_agent)
from services.fetcher.guard import AddressPolicy, AddressRefused, GuardedBackend


@pytest.mark.parametrize("address, refused", [
    ("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.1", "private"),
    ("169.254.169.254", "link_local"), ("224.0.0.1", "multicast"), ("0.0.0.0", "unspecified"),
    ("240.0.0.1", "reserved"), ("::1", "loopback"), ("fe80::1", "link_local"),
    ("::ffff:127.0.0.1", "loopback"), ("100.64.0.1", "non-global"), ("93.184.216.34", None),
    ("2a00:1450:4001::1", None),
])
def test_policy_refuses_non_global_addresses(address, refused):
    reason = AddressPolicy().refusal(address)
    assert (reason is None) if refused is None else (refused in reason)


def test_policy_openings():
    assert AddressPolicy(allow_private=True).refusal("169.254.169.254") is None
    only = AddressPolicy(allow_networks=["127.0.0.1/32"])
    assert only.refusal("127.0.0.1") is None and only.refusal("127.0.0.2") is not None


async def test_backend_refuses_before_connecting_and_connects_to_the_checked_address():
    connected = []

    async def resolver(host: str, port: int) -> list[str]:
        return {"evil.example": ["169.254.169.254"], "mixed.example": ["10.0.0.1", "1.2.3.4"]
                }[host]

    backend = GuardedBackend(AddressPolicy(), resolver)

    class Inner:
        async def connect_tcp(self, host, port, **kwargs):
            connected.append(host)
            raise httpcore.ConnectError("no network in unit tests")

    backend._inner = Inner()
    with pytest.raises(AddressRefused, match="link_local"):
        await backend.connect_tcp("evil.example", 80)
    with pytest.raises(httpcore.ConnectError):
        await backend.connect_tcp("mixed.example", 80)
    assert connected == ["1.2.3.4"]


def test_retry_after_seconds_and_http_date():
    now = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
    assert retry_after({"retry-after": "120"}) == 120
    assert retry_after({"retry-after": "Sun, 29 Nov 2026 08:05:00 GMT"}, now) == 300
    assert retry_after({"retry-after": "soon"}) is None and retry_after({}) is None


def test_status_outcomes():
    assert [status_outcome(s) for s in (404, 410, 429, 500, 503)] == [
        "4xx", "4xx", "429", "5xx", "5xx"]


def test_inflater_caps_decoded_size_of_a_bomb():
    bomb = gzip.compress(b"\0" * 5_000_000)
    inflater = _Inflater("gzip", cap=100_000)
    with pytest.raises(TooLarge):
        inflater.feed(bomb)
    assert sum(map(len, inflater._chunks)) <= 100_001


def test_inflater_decodes_gzip_deflate_and_raw_deflate():
    data = b"<rss>" + b"x" * 1000 + b"</rss>"
    for encoding, body in (("gzip", gzip.compress(data)), ("deflate", zlib.compress(data)),
                           ("deflate", zlib.compress(data)[2:-4]), ("identity", data)):
        inflater = _Inflater(encoding, cap=10_000)
        inflater.feed(body)
        assert inflater.finish() == data, encoding
    with pytest.raises(Refused):
        _Inflater("br", cap=10)


def test_content_type_sanity():
    _check_type("application/rss+xml", "feed")
    _check_type("text/html; charset=utf-8", "page")
    with pytest.raises(Refused):
        _check_type("video/mp4", "feed")
    with pytest.raises(Refused):
        _check_type("application/pdf", "page")


def test_user_agent_names_us_and_the_contact():
    assert "newsalert/" in user_agent("") and "ops@example.org" in user_agent("ops@example.org")
