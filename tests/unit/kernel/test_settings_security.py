"""Kafka security settings: what the environment says, and the client options built from it.

Every protocol (PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL), every SASL mechanism (PLAIN,
SCRAM-SHA-256, SCRAM-SHA-512), secrets from ``*_FILE``, CA and client certificates. The options
are also handed to real aiokafka constructors, so a key aiokafka does not know fails here.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient

from services.kernel.errors import ConfigError
from services.kernel.kafka import connection_options, new_consumer, new_producer
from services.kernel.settings import SASL_MECHANISMS, SECURITY_PROTOCOLS, Settings

BOOTSTRAP = {"KAFKA_BOOTSTRAP_SERVERS": "kafka-0:9093,kafka-1:9093"}


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> dict[str, Path]:
    """A throwaway self-signed certificate and its key (EC P-256: generated in milliseconds)."""
    if shutil.which("openssl") is None:
        pytest.fail("the openssl command is needed to make test certificates")
    folder = tmp_path_factory.mktemp("pki")
    cert, key = folder / "client.pem", folder / "client.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1",
         "-subj", "/CN=newsalert-client"],
        check=True, capture_output=True,
    )
    encrypted = folder / "client-encrypted.key"
    subprocess.run(
        ["openssl", "pkey", "-in", str(key), "-out", str(encrypted), "-aes256",
         "-passout", "pass:k3ypass"],
        check=True, capture_output=True,
    )
    combined = folder / "client-combined.pem"
    combined.write_text(cert.read_text() + key.read_text())
    return {"ca": cert, "cert": cert, "key": key, "encrypted": encrypted, "combined": combined}


def settings(**env: str) -> Settings:
    return Settings.from_env({**BOOTSTRAP, **env})


# --- settings ------------------------------------------------------------------------------

def test_security_defaults_to_plaintext_without_credentials():
    sec = settings().kafka_security
    assert sec.protocol == "PLAINTEXT"
    assert sec.username is None and sec.password is None
    assert sec.ca_file is None and sec.cert_file is None and sec.key_file is None
    assert sec.check_hostname is True


@pytest.mark.parametrize("protocol", SECURITY_PROTOCOLS)
def test_every_security_protocol_is_accepted_in_any_case(protocol):
    assert settings(KAFKA_SECURITY_PROTOCOL=protocol.lower()).kafka_security.protocol == protocol


@pytest.mark.parametrize("mechanism", SASL_MECHANISMS)
def test_every_sasl_mechanism_is_accepted_in_any_case(mechanism):
    sec = settings(KAFKA_SASL_MECHANISM=mechanism.lower()).kafka_security
    assert sec.sasl_mechanism == mechanism


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("KAFKA_SECURITY_PROTOCOL", "SASL_TLS"),
        ("KAFKA_SASL_MECHANISM", "GSSAPI"),
        ("KAFKA_SASL_MECHANISM", "SCRAM-SHA-1"),
        ("KAFKA_SSL_CHECK_HOSTNAME", "sometimes"),
    ],
)
def test_unsupported_security_value_names_the_variable(name, value):
    with pytest.raises(ConfigError, match=name):
        settings(**{name: value})


@pytest.mark.parametrize("name", ["KAFKA_SSL_CA_FILE", "KAFKA_SSL_CERT_FILE", "KAFKA_SSL_KEY_FILE"])
def test_missing_certificate_file_fails_at_start_naming_the_variable(name, tmp_path):
    with pytest.raises(ConfigError, match=f"{name}: no such file"):
        settings(**{name: str(tmp_path / "absent.pem")})


def test_sasl_credentials_are_read_from_files_and_stripped(tmp_path):
    (tmp_path / "user").write_text("newsalert\n")
    (tmp_path / "password").write_text("  s3cret-from-file\n")
    sec = settings(
        KAFKA_SASL_USERNAME_FILE=str(tmp_path / "user"),
        KAFKA_SASL_PASSWORD_FILE=str(tmp_path / "password"),
    ).kafka_security
    assert (sec.username, sec.password) == ("newsalert", "s3cret-from-file")


def test_file_variant_wins_over_the_plain_variable(tmp_path):
    (tmp_path / "password").write_text("from-file")
    sec = settings(
        KAFKA_SASL_PASSWORD="from-env", KAFKA_SASL_PASSWORD_FILE=str(tmp_path / "password")
    ).kafka_security
    assert sec.password == "from-file"


def test_unreadable_secret_file_names_the_file_variable(tmp_path):
    with pytest.raises(ConfigError, match="KAFKA_SASL_PASSWORD_FILE: cannot read"):
        settings(KAFKA_SASL_PASSWORD_FILE=str(tmp_path / "absent"))


def test_passwords_never_appear_in_repr(tmp_path):
    (tmp_path / "key-password").write_text("k3y-s3cret")
    configured = settings(
        KAFKA_SECURITY_PROTOCOL="SASL_SSL",
        KAFKA_SASL_USERNAME="newsalert",
        KAFKA_SASL_PASSWORD="sasl-s3cret",
        KAFKA_SSL_KEY_PASSWORD_FILE=str(tmp_path / "key-password"),
    )
    assert configured.kafka_security.key_password == "k3y-s3cret"
    text = repr(configured)
    assert "sasl-s3cret" not in text and "k3y-s3cret" not in text
    assert "newsalert" in text  # the user name is not a secret


# --- connection options --------------------------------------------------------------------

def test_plaintext_options_carry_no_tls_and_no_sasl():
    options = connection_options(settings(KAFKA_CLIENT_ID="newsalert-test"))
    assert options == {
        "bootstrap_servers": "kafka-0:9093,kafka-1:9093",
        "client_id": "newsalert-test",
        "security_protocol": "PLAINTEXT",
    }


def test_options_require_bootstrap_servers():
    with pytest.raises(ConfigError, match="KAFKA_BOOTSTRAP_SERVERS"):
        connection_options(Settings.from_env({}))


def test_ssl_verifies_the_broker_against_the_given_ca(pki):
    options = connection_options(
        settings(KAFKA_SECURITY_PROTOCOL="SSL", KAFKA_SSL_CA_FILE=str(pki["ca"]))
    )
    context = options["ssl_context"]
    assert options["security_protocol"] == "SSL"
    assert "sasl_mechanism" not in options
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname is True
    subjects = [dict(item[0] for item in ca["subject"]) for ca in context.get_ca_certs()]
    assert {"commonName": "newsalert-client"} in subjects


def test_ssl_without_ca_file_trusts_the_system_store():
    context = connection_options(settings(KAFKA_SECURITY_PROTOCOL="SSL"))["ssl_context"]
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname is True


def test_hostname_check_can_be_turned_off_but_verification_stays(pki):
    context = connection_options(settings(
        KAFKA_SECURITY_PROTOCOL="SSL", KAFKA_SSL_CA_FILE=str(pki["ca"]),
        KAFKA_SSL_CHECK_HOSTNAME="false",
    ))["ssl_context"]
    assert context.check_hostname is False
    assert context.verify_mode == ssl.CERT_REQUIRED


@pytest.mark.parametrize(
    ("cert", "key", "password"),
    [("cert", "key", None), ("combined", None, None), ("cert", "encrypted", "k3ypass")],
)
def test_client_certificate_is_loaded_for_mutual_tls(pki, cert, key, password):
    env = {"KAFKA_SECURITY_PROTOCOL": "SSL", "KAFKA_SSL_CA_FILE": str(pki["ca"]),
           "KAFKA_SSL_CERT_FILE": str(pki[cert])}
    if key:
        env["KAFKA_SSL_KEY_FILE"] = str(pki[key])
    if password:
        env["KAFKA_SSL_KEY_PASSWORD"] = password
    assert isinstance(connection_options(settings(**env))["ssl_context"], ssl.SSLContext)


def test_wrong_key_password_is_a_config_error_not_a_retry(pki):
    bad = settings(
        KAFKA_SECURITY_PROTOCOL="SSL", KAFKA_SSL_CERT_FILE=str(pki["cert"]),
        KAFKA_SSL_KEY_FILE=str(pki["encrypted"]), KAFKA_SSL_KEY_PASSWORD="wrong",
    )
    with pytest.raises(ConfigError, match="KAFKA_SSL_CERT_FILE/KAFKA_SSL_KEY_FILE"):
        connection_options(bad)


def test_unparseable_ca_file_is_a_config_error(tmp_path):
    garbage = tmp_path / "ca.pem"
    garbage.write_text("not a certificate\n")
    with pytest.raises(ConfigError, match="KAFKA_SSL_CA_FILE"):
        connection_options(settings(KAFKA_SECURITY_PROTOCOL="SSL", KAFKA_SSL_CA_FILE=str(garbage)))


def test_key_without_certificate_is_a_config_error(pki):
    lonely = settings(KAFKA_SECURITY_PROTOCOL="SSL", KAFKA_SSL_KEY_FILE=str(pki["key"]))
    with pytest.raises(ConfigError, match="KAFKA_SSL_KEY_FILE"):
        connection_options(lonely)


@pytest.mark.parametrize("mechanism", SASL_MECHANISMS)
def test_sasl_plaintext_passes_mechanism_and_credentials(mechanism):
    options = connection_options(settings(
        KAFKA_SECURITY_PROTOCOL="SASL_PLAINTEXT", KAFKA_SASL_MECHANISM=mechanism,
        KAFKA_SASL_USERNAME="newsalert", KAFKA_SASL_PASSWORD="s3cret",
    ))
    assert options["security_protocol"] == "SASL_PLAINTEXT"
    assert options["sasl_mechanism"] == mechanism
    assert options["sasl_plain_username"] == "newsalert"
    assert options["sasl_plain_password"] == "s3cret"
    assert "ssl_context" not in options


def test_sasl_ssl_carries_both_tls_and_credentials(pki):
    options = connection_options(settings(
        KAFKA_SECURITY_PROTOCOL="SASL_SSL", KAFKA_SASL_MECHANISM="SCRAM-SHA-512",
        KAFKA_SASL_USERNAME="newsalert", KAFKA_SASL_PASSWORD="s3cret",
        KAFKA_SSL_CA_FILE=str(pki["ca"]),
    ))
    assert options["security_protocol"] == "SASL_SSL"
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert options["ssl_context"].verify_mode == ssl.CERT_REQUIRED


@pytest.mark.parametrize("protocol", ["SASL_PLAINTEXT", "SASL_SSL"])
@pytest.mark.parametrize("missing", ["KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD"])
def test_sasl_without_credentials_fails_naming_them(protocol, missing):
    env = {"KAFKA_SECURITY_PROTOCOL": protocol, "KAFKA_SASL_USERNAME": "newsalert",
           "KAFKA_SASL_PASSWORD": "s3cret"}
    del env[missing]
    with pytest.raises(ConfigError, match=missing):
        connection_options(settings(**env))


@pytest.mark.parametrize("protocol", SECURITY_PROTOCOLS)
async def test_aiokafka_clients_accept_the_options_of_every_protocol(protocol, pki):
    configured = settings(
        KAFKA_SECURITY_PROTOCOL=protocol, KAFKA_SASL_MECHANISM="SCRAM-SHA-256",
        KAFKA_SASL_USERNAME="newsalert", KAFKA_SASL_PASSWORD="s3cret",
        KAFKA_SSL_CA_FILE=str(pki["ca"]),
    )
    producer = new_producer(configured, enable_idempotence=False)
    consumer = new_consumer(configured, "news.articles", group="newsalert-test")
    admin = AIOKafkaAdminClient(**connection_options(configured))
    assert isinstance(producer, AIOKafkaProducer) and isinstance(consumer, AIOKafkaConsumer)
    assert producer.client._security_protocol == protocol
    assert consumer._client._security_protocol == protocol
    assert admin._client._security_protocol == protocol


async def test_consumers_wait_at_the_broker_no_longer_than_the_setting():
    assert new_consumer(settings(), "news.articles", group="g")._fetch_max_wait_ms == 100
    tuned = new_consumer(settings(NEWSALERT_FETCH_MAX_WAIT_MS="40"), "news.articles", group="g")
    assert tuned._fetch_max_wait_ms == 40
    with pytest.raises(ConfigError, match="NEWSALERT_FETCH_MAX_WAIT_MS"):
        settings(NEWSALERT_FETCH_MAX_WAIT_MS="0")
