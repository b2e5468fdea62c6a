"""The address guard: fetches never reach loopback, private, link-local or reserved addresses.

The check happens where it cannot be bypassed: in the httpcore network backend, on the address
the socket is about to connect to, after DNS resolution. The name is resolved once, each address
checked, and the socket connected to a checked address, so DNS rebinding between a check and a
connect has no window. Redirects are followed hop by hop by ``fetch``, each hop connecting
through this backend again. TLS still verifies the host name (httpcore passes the origin's name
as SNI), so connecting to an IP does not weaken certificate checks.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import typing
from collections.abc import Awaitable, Callable, Iterable

import httpcore
from httpcore._backends.anyio import AnyIOBackend

from services.kernel.errors import PermanentError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
#: host, port -> IP addresses (tests and the bench inject their own; default: getaddrinfo)
Resolver = Callable[[str, int], Awaitable[list[str]]]


class AddressRefused(PermanentError):
    """The host resolves only to addresses this fetcher may not connect to."""

    reason = "refused"


class AddressPolicy:
    """Which addresses are refused: every non-global one unless opened by settings."""

    def __init__(self, allow_private: bool = False, allow_networks: Iterable[str] = ()) -> None:
        self.allow_private = allow_private
        self.allowed = tuple(ipaddress.ip_network(n, strict=False) for n in allow_networks)

    def refusal(self, address: str) -> str | None:
        """Why ``address`` is refused, or None when it may be connected to."""
        ip = ipaddress.ip_address(address)
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if self.allow_private or any(ip in net for net in self.allowed):
            return None
        for kind in ("loopback", "link_local", "multicast", "reserved", "unspecified",
                     "private"):
            if getattr(ip, f"is_{kind}"):
                return f"{kind} address {ip}"
        if not ip.is_global:
            return f"non-global address {ip}"
        return None


async def system_resolver(host: str, port: int) -> list[str]:
    """Addresses of ``host`` from the system resolver, without blocking the loop."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolve, check, then connect to the checked address (never to the name)."""

    def __init__(self, policy: AddressPolicy, resolver: Resolver | None = None) -> None:
        self.policy = policy
        self.resolver = resolver or system_resolver
        self._inner = AnyIOBackend()

    async def connect_tcp(
        self, host: str, port: int, timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            addresses = await asyncio.wait_for(self.resolver(host, port), timeout)
        except (OSError, TimeoutError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        allowed, reasons = self._partition(addresses)
        if not allowed:
            raise AddressRefused(f"{host}: {'; '.join(reasons) or 'no address'}")
        return await self._connect_first(allowed, port, timeout, local_address, socket_options)

    def _partition(self, addresses: list[str]) -> tuple[list[str], list[str]]:
        allowed, reasons = [], []
        for address in addresses:
            reason = self.policy.refusal(address)
            if reason is None:
                allowed.append(address)
            else:
                reasons.append(reason)
        return allowed, reasons

    async def _connect_first(self, addresses: list[str], port: int, timeout: float | None,
                             local_address: str | None,
                             socket_options: typing.Any) -> httpcore.AsyncNetworkStream:
        error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address,
                    socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: typing.Any = None
                                  ) -> httpcore.AsyncNetworkStream:
        raise AddressRefused("unix sockets are never fetched")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
