"""Runs one or more services in one process: start, serve probes, and drain on a signal.

Shutdown on SIGTERM or SIGINT, each step logged: readiness off and every service told to stop
taking work; in-flight work finished (the consume loops commit their last batch); producers
flushed and clients closed; the probe server closed; exit 0. The whole drain is bounded by
``NEWSALERT_SHUTDOWN_TIMEOUT`` so Kubernetes never has to SIGKILL us.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Sequence

from aiokafka.errors import KafkaError

from services.kernel.errors import RetryableError
from services.kernel.http import HealthServer
from services.kernel.metrics import KernelMetrics
from services.kernel.service import Service
from services.kernel.settings import Settings

log = logging.getLogger(__name__)

START_BACKOFF_CAP = 10.0


class Runner:
    """Owns the services of a process, their probe server, and the shutdown sequence."""

    def __init__(self, settings: Settings, services: Sequence[Service], registry,
                 metrics: KernelMetrics) -> None:
        self.settings = settings
        self.services = list(services)
        self.metrics = metrics
        self.health = HealthServer(settings.http_host, settings.http_port, registry,
                                   self.readiness)
        self._shutdown = asyncio.Event()

    def readiness(self) -> dict[str, tuple[bool, str]]:
        states = {s.name: s.readiness() for s in self.services}
        for name, (ok, _) in states.items():
            self.metrics.ready.labels(name).set(1 if ok else 0)
        return states

    def request_shutdown(self) -> None:
        if not self._shutdown.is_set():
            log.info("shutdown requested: readiness off, no new work")
            self._shutdown.set()
            for service in self.services:
                service.request_stop()

    async def serve(self) -> int:
        """Run until a signal or a service failure; return the process exit code."""
        self._install_signals()
        await self.health.start()
        log.info("probes and metrics on http://%s:%d/metrics", self.settings.http_host,
                 self.health.port)
        tasks = [asyncio.create_task(self._lifecycle(s), name=s.name) for s in self.services]
        waiter = asyncio.create_task(self._shutdown.wait())
        done, _ = await asyncio.wait([*tasks, waiter], return_when=asyncio.FIRST_COMPLETED)
        failed = [t for t in tasks if t in done and t.exception() is not None]
        for task in failed:
            log.error("service %s failed", task.get_name(), exc_info=task.exception())
        self.request_shutdown()
        await self._drain(tasks)
        await self.health.stop()
        log.info("probe server closed; exiting")
        return 1 if failed else 0

    async def _lifecycle(self, service: Service) -> None:
        if await self._start(service):
            await service.run()

    async def _start(self, service: Service) -> bool:
        """Start ``service``, retrying while Kafka is unreachable; False if shut down first."""
        backoff = 0.5
        while not self._shutdown.is_set():
            try:
                await service.start()
                log.info("service started", extra={"service": service.name})
                return True
            except (RetryableError, KafkaError, OSError) as exc:
                log.warning("cannot start yet (%s); retrying in %.1fs", exc, backoff,
                            extra={"service": service.name})
                await service.stop()
                try:
                    await asyncio.wait_for(self._shutdown.wait(), timeout=backoff)
                except TimeoutError:
                    pass
                backoff = min(backoff * 2, START_BACKOFF_CAP)
        return False

    async def _drain(self, tasks: list[asyncio.Task]) -> None:
        timeout = self.settings.shutdown_timeout
        _, pending = await asyncio.wait(tasks, timeout=timeout * 0.6)
        for task in pending:
            log.warning("in-flight work cut short", extra={"service": task.get_name()})
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=1)
        log.info("in-flight work finished")
        for service in self.services:
            try:
                await asyncio.wait_for(service.stop(), timeout=timeout * 0.3)
            except Exception:  # noqa: BLE001 - keep closing the others
                log.exception("error while closing", extra={"service": service.name})
            log.info("service closed", extra={"service": service.name})

    def _install_signals(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self._on_signal, sig)

    def _on_signal(self, sig: signal.Signals) -> None:
        log.info("received %s", sig.name)
        self.request_shutdown()
