"""Connection pools per host, every connection through the address guard.

httpcore scans every connection of a pool on every request (with a syscall each to see whether
idle sockets died); one shared pool over thousands of hosts makes each request pay for all of
them. Politeness already bounds requests per domain, so per-host pools of a few connections keep
keep-alive and make the scan constant.
"""

from __future__ import annotations

import ssl
from collections import OrderedDict

import httpcore
import httpx

from services.fetcher.guard import AddressPolicy, GuardedBackend, Resolver


class HostPools(httpx.AsyncBaseTransport):
    """One small guarded connection pool per host; beyond ``max_pools`` hosts, the pools
    used least recently (and idle) are closed."""

    def __init__(self, policy: AddressPolicy, resolver: Resolver | None, max_pools: int = 200,
                 per_host: int = 4) -> None:
        self._backend = GuardedBackend(policy, resolver)
        self._ssl = httpx.create_ssl_context()
        self._max_pools = max_pools
        self._per_host = per_host
        self._pools: OrderedDict[tuple[bytes, bytes, int | None], _Pool] = OrderedDict()

    def _pool(self, url: httpx.URL) -> _Pool:
        key = (url.raw_scheme, url.raw_host, url.port)
        pool = self._pools.get(key)
        if pool is None:
            pool = self._pools[key] = _Pool(self._ssl, httpcore.AsyncConnectionPool(
                ssl_context=self._ssl, max_connections=self._per_host,
                max_keepalive_connections=self._per_host, keepalive_expiry=30.0,
                network_backend=self._backend))
        self._pools.move_to_end(key)
        return pool

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        pool = self._pool(request.url)
        await self._evict()
        pool.in_flight += 1
        try:
            response = await pool.transport.handle_async_request(request)
        except BaseException:
            pool.in_flight -= 1
            raise
        return httpx.Response(response.status_code, headers=response.headers,
                              stream=_Release(response.stream, pool),
                              extensions=response.extensions)

    async def _evict(self) -> None:
        while len(self._pools) > self._max_pools:
            key = next((k for k, p in self._pools.items() if p.in_flight == 0), None)
            if key is None:
                return
            await self._pools.pop(key).transport.aclose()

    async def aclose(self) -> None:
        for pool in self._pools.values():
            await pool.transport.aclose()
        self._pools.clear()


class _Pool:
    """An httpx transport over one host's httpcore pool, with its in-flight count."""

    def __init__(self, ssl_context: ssl.SSLContext, core: httpcore.AsyncConnectionPool) -> None:
        self.transport = httpx.AsyncHTTPTransport(verify=ssl_context, retries=0)
        self.transport._pool = core  # noqa: SLF001 - httpx has no public hook for a backend
        self.in_flight = 0


class _Release(httpx.AsyncByteStream):
    """A response stream that tells its pool when the response is closed."""

    def __init__(self, stream: httpx.AsyncByteStream, pool: _Pool) -> None:
        self._stream = stream
        self._pool = pool
        self._closed = False

    async def __aiter__(self):  # noqa: ANN204 - AsyncIterator[bytes]
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        if not self._closed:
            self._closed = True
            self._pool.in_flight -= 1
        await self._stream.aclose()
