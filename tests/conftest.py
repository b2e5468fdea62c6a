"""Fixtures shared by the whole suite: the real broker and settings that point at it.

Integration tests talk to the embedded Tansu broker, or to a real cluster when
``KAFKA_BOOTSTRAP_SERVERS`` is set. Tansu is ready in milliseconds and keeps everything in memory,
so each test gets a broker of its own on a free loopback port: the pipeline's topics start empty
for every test. Each test also gets its own consumer-group prefix.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from services.kernel.broker import EmbeddedBroker
from services.kernel.settings import Settings


@pytest.fixture
def kafka_bootstrap() -> Iterator[str]:
    """Bootstrap address of a running broker: a fresh embedded one unless a cluster is given."""
    external = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if external:
        yield external
        return
    broker = EmbeddedBroker.start()
    try:
        yield broker.bootstrap
    finally:
        broker.stop()


@pytest.fixture
def settings(kafka_bootstrap: str) -> Settings:
    """Settings for one test: the session broker, a unique group prefix, fast polling."""
    return Settings.from_env({
        "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "NEWSALERT_KAFKA_IDEMPOTENCE": "false",
        "NEWSALERT_HTTP_PORT": "0",
        "NEWSALERT_HTTP_HOST": "127.0.0.1",
        "NEWSALERT_POLL_INTERVAL": "1",
        "NEWSALERT_ALLOW_PRIVATE_NETWORKS": "true",
        "NEWSALERT_GROUP_PREFIX": f"test-{uuid.uuid4().hex[:8]}",
        "NEWSALERT_TOPIC_PARTITIONS": "3",
    })
