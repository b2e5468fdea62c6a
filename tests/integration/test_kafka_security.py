"""Kafka over TLS, end to end: a throwaway CA, a broker certificate for 127.0.0.1/localhost, and
the kernel's own producer and consumer (``new_producer``/``new_consumer``) configured only through
``KAFKA_SECURITY_PROTOCOL=SSL`` and the ``KAFKA_SSL_*`` variables.

Tansu 0.6.0 cannot serve TLS itself: its ``--cert`` and ``--key`` options are declared as one
mutually exclusive group (``the argument '--cert <CERT>' cannot be used with '--key <KEY>'``), and
either one alone leaves the listener in plain TCP. So the test puts a TLS terminator in front of
the embedded broker, as a load balancer or stunnel would: the broker listens in plain TCP on one
loopback port and advertises the terminator's port, so every connection the client makes,
bootstrap and partition leader alike, goes through TLS. The client side under test is unchanged.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import subprocess
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiokafka.errors import KafkaConnectionError

from services.kernel.broker import free_port, tansu_binary
from services.kernel.kafka import ensure_topics, new_consumer, new_producer
from services.kernel.settings import Settings

pytestmark = pytest.mark.integration


@dataclass
class Pki:
    ca: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path
    other_ca: Path
    misnamed_cert: Path
    misnamed_key: Path


def _openssl(*args: str | Path) -> None:
    subprocess.run(["openssl", *map(str, args)], check=True, capture_output=True)


def _issue(folder: Path, name: str, subject: str, ca: Path, ca_key: Path, ext: str) -> None:
    key, csr, cert = (folder / f"{name}.{s}" for s in ("key", "csr", "pem"))
    _openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
             "-keyout", key, "-out", csr, "-subj", subject)
    (folder / f"{name}.ext").write_text(ext)
    _openssl("x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial",
             "-out", cert, "-days", "1", "-extfile", folder / f"{name}.ext")


def _make_ca(folder: Path, name: str) -> tuple[Path, Path]:
    cert, key = folder / f"{name}.pem", folder / f"{name}.key"
    _openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
             "-keyout", key, "-out", cert, "-days", "1", "-subj", f"/CN={name}",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    return cert, key


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> Pki:
    """A CA, a server certificate for 127.0.0.1 and localhost, a client certificate."""
    folder = tmp_path_factory.mktemp("kafka-pki")
    ca, ca_key = _make_ca(folder, "newsalert-test-ca")
    other_ca, _ = _make_ca(folder, "some-other-ca")
    _issue(folder, "server", "/CN=localhost", ca, ca_key,
           "basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n"
           "keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n")
    _issue(folder, "client", "/CN=newsalert-fetcher", ca, ca_key,
           "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n")
    _issue(folder, "misnamed", "/CN=kafka.example", ca, ca_key,
           "basicConstraints=CA:FALSE\nsubjectAltName=DNS:kafka.example\n"
           "keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n")
    return Pki(ca=ca, server_cert=folder / "server.pem", server_key=folder / "server.key",
               client_cert=folder / "client.pem", client_key=folder / "client.key",
               other_ca=other_ca, misnamed_cert=folder / "misnamed.pem",
               misnamed_key=folder / "misnamed.key")


@dataclass
class TlsBroker:
    bootstrap: str
    handshakes_refused: list[str]


@contextlib.asynccontextmanager
async def tls_broker(pki: Pki, require_client_cert: bool = False, misnamed: bool = False
                     ) -> AsyncIterator[TlsBroker]:
    """Tansu on a plain loopback port behind a TLS terminator whose port it advertises."""
    inner, outer = free_port(), free_port()
    process = subprocess.Popen(
        [str(tansu_binary()), "broker", "--listener-url", f"tcp://127.0.0.1:{inner}",
         "--advertised-listener-url", f"tcp://127.0.0.1:{outer}",
         "--storage-engine", "memory://tansu/"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    if misnamed:
        context.load_cert_chain(pki.misnamed_cert, pki.misnamed_key)
    else:
        context.load_cert_chain(pki.server_cert, pki.server_key)
    if require_client_cert:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(pki.ca)
    refused: list[str] = []
    server = await asyncio.start_server(
        lambda r, w: _forward(r, w, inner), "127.0.0.1", outer, ssl=context,
        ssl_handshake_timeout=5,
    )
    loop = asyncio.get_running_loop()
    default_handler = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, ctx: refused.append(str(ctx.get("exception"))))
    try:
        await _wait_port(inner, process)
        yield TlsBroker(bootstrap=f"127.0.0.1:{outer}", handshakes_refused=refused)
    finally:
        server.close()
        await server.wait_closed()
        loop.set_exception_handler(default_handler)
        process.terminate()
        process.wait(timeout=5)


async def _wait_port(port: int, process: subprocess.Popen) -> None:
    for _ in range(250):
        assert process.poll() is None, "embedded broker exited"
        with contextlib.suppress(OSError):
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        await asyncio.sleep(0.02)
    raise AssertionError("embedded broker did not listen")


async def _forward(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter,
                   port: int) -> None:
    try:
        broker_r, broker_w = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        client_w.close()
        return
    await asyncio.gather(_pipe(client_r, broker_w), _pipe(broker_r, client_w))


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, ssl.SSLError, OSError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()


def tls_settings(bootstrap: str, **env: str) -> Settings:
    return Settings.from_env({
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "KAFKA_SECURITY_PROTOCOL": "SSL",
        "NEWSALERT_KAFKA_IDEMPOTENCE": "false",
        "NEWSALERT_TOPIC_PARTITIONS": "2",
        **env,
    })


async def round_trip(settings: Settings) -> list[tuple[bytes, bytes]]:
    """Create a topic, produce three records with acks=all, consume them in a group."""
    topic = f"tls-{uuid.uuid4().hex[:8]}"
    await ensure_topics(settings, [topic])
    producer = new_producer(settings)
    await producer.start()
    try:
        for n in range(3):
            await producer.send_and_wait(topic, f"article {n}".encode(), key=f"k{n}".encode())
    finally:
        await producer.stop()
    consumer = new_consumer(settings, topic, group=f"tls-{uuid.uuid4().hex[:8]}",
                            session_timeout_ms=2000, heartbeat_interval_ms=500)
    await consumer.start()
    try:
        received: list[tuple[bytes, bytes]] = []
        async with asyncio.timeout(20):
            while len(received) < 3:
                batch = await consumer.getmany(timeout_ms=500)
                received += [(r.key, r.value) for records in batch.values() for r in records]
        await consumer.commit()
        return sorted(received)
    finally:
        await consumer.stop()


EXPECTED = [(b"k0", b"article 0"), (b"k1", b"article 1"), (b"k2", b"article 2")]


async def test_produce_and_consume_over_tls_with_the_test_ca(pki):
    async with tls_broker(pki) as broker:
        settings = tls_settings(broker.bootstrap, KAFKA_SSL_CA_FILE=str(pki.ca))
        assert await round_trip(settings) == EXPECTED
        assert broker.handshakes_refused == []


async def test_client_certificate_is_presented_when_the_broker_requires_one(pki):
    async with tls_broker(pki, require_client_cert=True) as broker:
        settings = tls_settings(
            broker.bootstrap, KAFKA_SSL_CA_FILE=str(pki.ca),
            KAFKA_SSL_CERT_FILE=str(pki.client_cert), KAFKA_SSL_KEY_FILE=str(pki.client_key),
        )
        assert await round_trip(settings) == EXPECTED


async def _refused(settings: Settings) -> None:
    producer = new_producer(settings, request_timeout_ms=3000)
    with pytest.raises(KafkaConnectionError):
        await producer.start()
    await producer.stop()


async def test_client_without_the_ca_refuses_the_broker(pki):
    async with tls_broker(pki) as broker:
        await _refused(tls_settings(broker.bootstrap))  # the system store only


async def test_client_trusting_another_ca_refuses_the_broker(pki):
    async with tls_broker(pki) as broker:
        await _refused(tls_settings(broker.bootstrap, KAFKA_SSL_CA_FILE=str(pki.other_ca)))


async def test_plaintext_client_cannot_talk_to_a_tls_listener(pki):
    async with tls_broker(pki) as broker:
        plain = Settings.from_env({"KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap,
                                   "NEWSALERT_KAFKA_IDEMPOTENCE": "false"})
        await _refused(plain)


async def test_broker_refuses_a_client_without_its_certificate(pki):
    async with tls_broker(pki, require_client_cert=True) as broker:
        await _refused(tls_settings(broker.bootstrap, KAFKA_SSL_CA_FILE=str(pki.ca)))


async def test_broker_certificate_must_name_the_host_it_is_reached_by(pki):
    async with tls_broker(pki, misnamed=True) as broker:
        await _refused(tls_settings(broker.bootstrap, KAFKA_SSL_CA_FILE=str(pki.ca)))


async def test_hostname_check_can_be_turned_off_for_a_misnamed_broker(pki):
    async with tls_broker(pki, misnamed=True) as broker:
        settings = tls_settings(broker.bootstrap, KAFKA_SSL_CA_FILE=str(pki.ca),
                                KAFKA_SSL_CHECK_HOSTNAME="false")
        assert await round_trip(settings) == EXPECTED


def test_embedded_tansu_still_cannot_serve_tls_itself(pki):
    """Why the terminator above exists. If this fails, Tansu learnt TLS: start it with --cert
    and --key (EmbeddedBroker.start(cert=..., key=...)) and drop the terminator."""
    port = free_port()
    done = subprocess.run(
        [str(tansu_binary()), "broker", "--listener-url", f"tcp://127.0.0.1:{port}",
         "--advertised-listener-url", f"tcp://127.0.0.1:{port}",
         "--storage-engine", "memory://tansu/",
         "--cert", str(pki.server_cert), "--key", str(pki.server_key)],
        capture_output=True, text=True, timeout=10,
    )
    assert done.returncode == 2
    assert "cannot be used with" in done.stderr
