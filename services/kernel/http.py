"""The operator's window on a process: ``/metrics``, ``/healthz`` and ``/readyz``.

A deliberately tiny HTTP/1.1 server on asyncio streams: three GET routes, no request bodies,
``Connection: close``. It runs inside the service's event loop so ``/healthz`` proves that loop
is alive, and it never touches Kafka itself: readiness is whatever the services report.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import orjson
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry

from services.kernel.metrics import exposition

log = logging.getLogger(__name__)

#: Returns, per service name, whether it is ready and why not.
ReadinessProbe = Callable[[], dict[str, tuple[bool, str]]]

_REQUEST_LIMIT = 8192


class HealthServer:
    """Serves metrics and probes on ``host:port`` (port 0 picks a free one; see ``port``)."""

    def __init__(
        self, host: str, port: int, registry: CollectorRegistry, readiness: ReadinessProbe
    ) -> None:
        self._host = host
        self._requested_port = port
        self._registry = registry
        self._readiness = readiness
        self._server: asyncio.Server | None = None

    @property
    def port(self) -> int:
        """The port actually bound."""
        assert self._server is not None, "server not started"
        return self._server.sockets[0].getsockname()[1]

    async def start(self) -> None:
        self._server = await asyncio.start_server(
            self._handle, self._host, self._requested_port, limit=_REQUEST_LIMIT
        )

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=5)
            status, content_type, body = self._route(request.split(b"\r\n", 1)[0])
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            status, content_type, body = 400, "text/plain", b"bad request\n"
        except ConnectionError:
            writer.close()
            return
        head = (
            f"HTTP/1.1 {status} {_REASONS[status]}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        )
        try:
            writer.write(head.encode() + body)
            await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    def _route(self, request_line: bytes) -> tuple[int, str, bytes]:
        parts = request_line.decode("latin-1").split()
        if len(parts) != 3 or parts[0] not in ("GET", "HEAD"):
            return 405, "text/plain", b"method not allowed\n"
        path = parts[1].split("?", 1)[0]
        if path == "/metrics":
            self._readiness()  # refreshes newsalert_ready even where nothing polls /readyz
            return 200, CONTENT_TYPE_LATEST, exposition(self._registry)
        if path in ("/healthz", "/livez"):
            return 200, "text/plain", b"ok\n"
        if path == "/readyz":
            return self._ready()
        return 404, "text/plain", b"not found\n"

    def _ready(self) -> tuple[int, str, bytes]:
        states = self._readiness()
        ready = bool(states) and all(ok for ok, _ in states.values())
        body = {name: {"ready": ok, "reason": why} for name, (ok, why) in states.items()}
        return (200 if ready else 503), "application/json", orjson.dumps(body) + b"\n"


_REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
            503: "Service Unavailable"}
