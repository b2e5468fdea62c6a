import pytest

from services.kernel.errors import ConfigError
from services.kernel.settings import Settings


def test_defaults_when_environment_is_empty():
    settings = Settings.from_env({})
    assert settings.kafka_bootstrap_servers is None
    assert settings.http_port == 8000
    assert settings.allow_private_networks is False
    assert settings.kafka_idempotence is True


def test_reads_every_documented_variable():
    settings = Settings.from_env({
        "KAFKA_BOOTSTRAP_SERVERS": "kafka:9092",
        "NEWSALERT_HTTP_PORT": "9100",
        "NEWSALERT_POLL_INTERVAL": "1.5",
        "NEWSALERT_ALLOW_PRIVATE_NETWORKS": "true",
        "NEWSALERT_ALLOW_NETWORKS": "127.0.0.1/32, 10.1.2.0/24",
        "NEWSALERT_LOG_FORMAT": "JSON",
    })
    assert settings.kafka_bootstrap_servers == "kafka:9092"
    assert settings.http_port == 9100
    assert settings.poll_interval == 1.5
    assert settings.allow_private_networks is True
    assert settings.allow_networks == ("127.0.0.1/32", "10.1.2.0/24")
    assert settings.log_format == "json"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("NEWSALERT_HTTP_PORT", "eighty"),
        ("NEWSALERT_HTTP_PORT", "70000"),
        ("NEWSALERT_POLL_INTERVAL", "0"),
        ("NEWSALERT_ALLOW_PRIVATE_NETWORKS", "maybe"),
        ("NEWSALERT_ALLOW_NETWORKS", "10.0.0.0/33"),
        ("NEWSALERT_LOG_FORMAT", "xml"),
        ("KAFKA_SECURITY_PROTOCOL", "TLS"),
    ],
)
def test_bad_value_names_the_variable(name, value):
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({name: value})


def test_secret_is_read_from_file_and_masked(tmp_path):
    secret = tmp_path / "password"
    secret.write_text("s3cret\n")
    settings = Settings.from_env({
        "KAFKA_SASL_USERNAME": "alerts",
        "KAFKA_SASL_PASSWORD_FILE": str(secret),
    })
    assert settings.kafka_security.password == "s3cret"
    assert "s3cret" not in repr(settings)


def test_replace_overrides_one_field_only():
    settings = Settings.from_env({"NEWSALERT_HTTP_PORT": "9000"})
    changed = settings.replace(outlets_file="feeds.opml")
    assert changed.outlets_file == "feeds.opml"
    assert changed.http_port == 9000
    assert settings.outlets_file is None
