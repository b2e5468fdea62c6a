"""The one place that builds aiokafka clients, so every service talks to Kafka the same way.

Security (TLS, SASL PLAIN/SCRAM), client ids, serialisation-free bytes in and out, topic
creation, and reading a compacted topic back into a table all live here.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError
from aiokafka.helpers import create_ssl_context

from services.kernel.errors import BrokerUnavailable, ConfigError, RetryableError
from services.kernel.settings import Settings

log = logging.getLogger(__name__)

#: Topics whose value per key is all that matters: Kafka may compact them.
COMPACTED = ("news.feed-state",)


def connection_options(settings: Settings) -> dict[str, Any]:
    """Bootstrap servers, client id and security options shared by every client."""
    if not settings.kafka_bootstrap_servers:
        raise ConfigError("KAFKA_BOOTSTRAP_SERVERS: not set")
    sec = settings.kafka_security
    options: dict[str, Any] = {
        "bootstrap_servers": settings.kafka_bootstrap_servers,
        "client_id": settings.kafka_client_id,
        "security_protocol": sec.protocol,
    }
    if sec.protocol in ("SSL", "SASL_SSL"):
        options["ssl_context"] = _ssl_context(settings)
    if sec.protocol.startswith("SASL"):
        if not (sec.username and sec.password):
            raise ConfigError("KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD: required for SASL")
        options.update(
            sasl_mechanism=sec.sasl_mechanism,
            sasl_plain_username=sec.username,
            sasl_plain_password=sec.password,
        )
    return options


def _ssl_context(settings: Settings) -> ssl.SSLContext:
    """TLS that verifies the brokers (given CA, else the system's) and presents a client cert.

    A CA or key that cannot be loaded is a configuration error, not an outage: ``ssl.SSLError``
    is an ``OSError``, which the runner would otherwise retry for ever.
    """
    sec = settings.kafka_security
    try:
        context = create_ssl_context(cafile=sec.ca_file)
    except (ssl.SSLError, OSError) as exc:
        raise ConfigError(f"KAFKA_SSL_CA_FILE: cannot load {sec.ca_file}: {exc}") from exc
    if sec.cert_file:
        try:
            context.load_cert_chain(sec.cert_file, sec.key_file, sec.key_password)
        except (ssl.SSLError, OSError) as exc:
            raise ConfigError(
                f"KAFKA_SSL_CERT_FILE/KAFKA_SSL_KEY_FILE: cannot load the client certificate "
                f"{sec.cert_file} with key {sec.key_file or '(in the same file)'}: {exc}"
            ) from exc
    elif sec.key_file:
        raise ConfigError("KAFKA_SSL_KEY_FILE: set without KAFKA_SSL_CERT_FILE")
    context.check_hostname = sec.check_hostname
    return context


def new_producer(settings: Settings, **overrides: Any) -> AIOKafkaProducer:
    """A producer that waits for every in-sync replica (acks=all), idempotent where allowed."""
    options: dict[str, Any] = {
        "acks": "all",
        "enable_idempotence": settings.kafka_idempotence,
        "linger_ms": 5,
        "compression_type": "gzip",
        "max_request_size": 4 * 1024 * 1024,
        "request_timeout_ms": 30000,
        # A topic recreated by another client (after a broker came back empty, whichever
        # service reconnects first recreates them all) makes Tansu answer requests sent with
        # older metadata with UnknownError until the producer refreshes it: keep that to seconds.
        "metadata_max_age_ms": 5000,
    }
    options.update(overrides)
    return AIOKafkaProducer(**connection_options(settings), **options)


def new_consumer(settings: Settings, *topics: str, group: str | None, **overrides: Any
                 ) -> AIOKafkaConsumer:
    """A consumer that commits by hand, after what it produced is acknowledged."""
    options: dict[str, Any] = {
        "group_id": group,
        "enable_auto_commit": False,
        "auto_offset_reset": "earliest",
        "max_partition_fetch_bytes": 4 * 1024 * 1024,
        "session_timeout_ms": 10000,
        "heartbeat_interval_ms": 1000,
        "isolation_level": "read_uncommitted",
        # How long a fetch that found nothing waits at the broker. Kafka answers as soon as a
        # record arrives; Tansu (the embedded broker) waits the whole time, which at aiokafka's
        # 500 ms default added ~0.2 s a hop (measured): each service's input is one hop.
        "fetch_max_wait_ms": settings.kafka_fetch_max_wait_ms,
        # A broker that restarted empty recreates topics; notice them within seconds.
        "metadata_max_age_ms": 5000,
    }
    options.update(overrides)
    return AIOKafkaConsumer(*topics, **connection_options(settings), **options)


async def ensure_topics(settings: Settings, topics: Iterable[str]) -> None:
    """Create ``topics`` if missing (partitions from settings; state topics compacted)."""
    admin = AIOKafkaAdminClient(**connection_options(settings))
    try:
        await admin.start()
        existing = set(await admin.list_topics())
        wanted = [t for t in dict.fromkeys(topics) if t not in existing]
        if not wanted:
            return
        new = [NewTopic(t, settings.kafka_partitions, 1, topic_configs=_configs(t)) for t in wanted]
        try:
            await admin.create_topics(new)
        except TopicAlreadyExistsError:
            pass
        log.info("topics created", extra={"topic": ",".join(wanted)})
    except KafkaError as exc:
        raise BrokerUnavailable(f"cannot create topics: {exc}") from exc
    finally:
        await admin.close()


def _configs(topic: str) -> dict[str, str]:
    return {"cleanup.policy": "compact"} if topic in COMPACTED else {}


async def read_table(settings: Settings, topic: str, timeout: float = 30.0
                     ) -> dict[bytes, bytes]:
    """Read ``topic`` from the beginning to its current end; the last value per key wins.

    Used to restore state from compacted topics. Brokers that never compact (Tansu) are handled
    the same way: keeping the last value per key is the reader's job. A ``None`` value is a
    tombstone and removes the key.
    """
    consumer = new_consumer(settings, group=None, enable_auto_commit=False)
    await consumer.start()
    try:
        return await asyncio.wait_for(_read_to_end(consumer, topic), timeout)
    finally:
        await consumer.stop()


async def _read_to_end(consumer: AIOKafkaConsumer, topic: str) -> dict[bytes, bytes]:
    partitions = await _partitions(consumer, topic)
    if not partitions:
        return {}
    consumer.assign(partitions)
    await consumer.seek_to_beginning(*partitions)
    ends = await consumer.end_offsets(partitions)
    table: dict[bytes, bytes] = {}
    pending = {tp for tp in partitions if ends[tp] > 0}
    while pending:
        batch = await consumer.getmany(*pending, timeout_ms=500)
        for tp, records in batch.items():
            for record in records:
                _apply(table, record.key, record.value)
        pending = {tp for tp in pending if await consumer.position(tp) < ends[tp]}
    return table


def _apply(table: dict[bytes, bytes], key: bytes | None, value: bytes | None) -> None:
    if key is None:
        return
    if value is None:
        table.pop(key, None)
    else:
        table[key] = value


async def _partitions(consumer: AIOKafkaConsumer, topic: str) -> list[TopicPartition]:
    if topic not in await consumer.topics():  # refreshes cluster metadata
        return []
    parts = consumer.partitions_for_topic(topic)
    return [TopicPartition(topic, p) for p in sorted(parts or ())]


class ConnectivityWatch:
    """Asks the cluster for its metadata every few seconds: what ``/readyz`` calls connected.

    A consumer keeps returning empty batches while the brokers are gone, so readiness cannot be
    read off the consume loop; a cheap metadata request on the producer's connections can.

    ``epoch`` counts the transitions (lost, then regained once ``on_reconnect`` succeeded): work
    begun in one epoch and finished in another may have straddled a broker that came back empty
    (the embedded one does), whose offsets mean nothing to the old ones. After reconnecting, the
    producer's metadata is refreshed at once: a broker that recreated its topics answers
    requests made with the old metadata with ``UnknownError`` until then (seen with Tansu).
    """

    def __init__(self, producer: AIOKafkaProducer, on_reconnect: Callable[[], Awaitable[None]],
                 interval: float = 3.0, timeout: float = 2.0) -> None:
        self._producer = producer
        self._on_reconnect = on_reconnect
        self._interval = interval
        self._timeout = timeout
        self.connected = True
        self.epoch = 0
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._watch(), name="kafka-watch")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            ok = await self._reachable()
            if ok and not self.connected:
                ok = await self._reconnected()
                if ok:
                    log.warning("Kafka reachable again")
            elif not ok and self.connected:
                log.warning("Kafka unreachable")
            if ok != self.connected:
                self.epoch += 1
            self.connected = ok

    async def _reachable(self) -> bool:
        try:
            await asyncio.wait_for(self._producer.client.fetch_all_metadata(), self._timeout)
        except (KafkaError, OSError, TimeoutError):
            return False
        return True

    async def _reconnected(self) -> bool:
        """Run the service's reconnect work; stay disconnected (and retry) if it fails."""
        try:
            await self._on_reconnect()
            await asyncio.wait_for(self._producer.client.force_metadata_update(), self._timeout)
        except (KafkaError, RetryableError, OSError, TimeoutError) as exc:
            log.warning("Kafka answers, but reconnecting failed (will retry): %s", exc)
            return False
        return True
