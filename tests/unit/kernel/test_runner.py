import asyncio

from services.kernel.metrics import KernelMetrics, new_registry
from services.kernel.runner import Runner
from services.kernel.settings import Settings


class FakeService:
    def __init__(self, name: str, log: list[str], fail: bool = False) -> None:
        self.name = name
        self.log = log
        self.fail = fail
        self._stop = asyncio.Event()

    async def start(self) -> None:
        self.log.append(f"{self.name} start")

    async def run(self) -> None:
        if self.fail:
            raise RuntimeError("boom")
        await self._stop.wait()
        self.log.append(f"{self.name} run done")

    def request_stop(self) -> None:
        self._stop.set()

    async def stop(self) -> None:
        self.log.append(f"{self.name} stop")

    def readiness(self) -> tuple[bool, str]:
        return (not self._stop.is_set()), "ok"


def _runner(services) -> Runner:
    settings = Settings.from_env({"NEWSALERT_HTTP_PORT": "0", "NEWSALERT_HTTP_HOST": "127.0.0.1"})
    registry = new_registry()
    return Runner(settings, services, registry, KernelMetrics(registry))


async def test_shutdown_drains_before_closing_and_exits_zero():
    log: list[str] = []
    runner = _runner([FakeService("a", log), FakeService("b", log)])
    serving = asyncio.create_task(runner.serve())
    await asyncio.sleep(0.1)
    assert all(ok for ok, _ in runner.readiness().values())
    runner.request_shutdown()
    assert not any(ok for ok, _ in runner.readiness().values())
    assert await asyncio.wait_for(serving, 5) == 0
    assert log.index("a run done") < log.index("a stop")
    assert log.index("b run done") < log.index("a stop")


async def test_a_failed_service_stops_the_others_and_exits_nonzero():
    log: list[str] = []
    runner = _runner([FakeService("a", log), FakeService("b", log, fail=True)])
    assert await asyncio.wait_for(runner.serve(), 5) == 1
    assert "a stop" in log and "b stop" in log
