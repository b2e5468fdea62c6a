import asyncio

from prometheus_client import Counter

from services.kernel.http import HealthServer
from services.kernel.metrics import new_registry


async def _get(port: int, path: str) -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    await writer.drain()
    response = await reader.read()
    writer.close()
    head, _, body = response.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


async def test_probes_and_metrics_answer():
    registry = new_registry()
    Counter("newsalert_test_total", "test", registry=registry).inc(3)
    states = {"extractor": (False, "waiting for partitions")}
    server = HealthServer("127.0.0.1", 0, registry, lambda: states)
    await server.start()
    try:
        assert await _get(server.port, "/healthz") == (200, b"ok\n")
        status, body = await _get(server.port, "/readyz")
        assert status == 503 and b"waiting for partitions" in body
        states["extractor"] = (True, "ok")
        assert (await _get(server.port, "/readyz"))[0] == 200
        status, body = await _get(server.port, "/metrics")
        assert status == 200 and b"newsalert_test_total 3.0" in body
        assert (await _get(server.port, "/nope"))[0] == 404
    finally:
        await server.stop()
