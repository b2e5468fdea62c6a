"""Configuration from the environment, loaded once into a typed, frozen object.

Every variable is read here and nowhere else, so the README table and this module are the whole
story. A bad value fails at start naming the variable and what was expected. Secrets may come from
a file (``NAME_FILE``) as Kubernetes mounts them, and are masked in ``repr``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from services.kernel.errors import ConfigError

SECURITY_PROTOCOLS = ("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")
SASL_MECHANISMS = ("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")
LOG_FORMATS = ("text", "json")


@dataclass(frozen=True, slots=True)
class KafkaSecurity:
    """How to reach a secured cluster; PLAINTEXT with nothing else set is the default."""

    protocol: str = "PLAINTEXT"
    sasl_mechanism: str = "PLAIN"
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    ca_file: str | None = None
    cert_file: str | None = None
    key_file: str | None = None
    key_password: str | None = field(default=None, repr=False)
    check_hostname: bool = True


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a newsalert process is told by its environment (see README, Configuration)."""

    kafka_bootstrap_servers: str | None = None
    kafka_security: KafkaSecurity = field(default_factory=KafkaSecurity)
    kafka_idempotence: bool = True
    kafka_client_id: str = "newsalert"
    kafka_partitions: int = 6
    kafka_fetch_max_wait_ms: int = 100
    http_port: int = 8000
    http_host: str = "0.0.0.0"
    poll_interval: float = 30.0
    max_poll_interval: float = 1800.0
    allow_private_networks: bool = False
    allow_networks: tuple[str, ...] = ()
    user_agent_contact: str = ""
    log_format: str = "text"
    log_level: str = "INFO"
    group_prefix: str = "newsalert"
    outlets_file: str | None = None
    rules_file: str | None = None
    corroboration_window_hours: float = 72.0
    shutdown_timeout: float = 8.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        """Read and validate every variable; raise ConfigError naming the first bad one."""
        env = _Env(environ)
        return cls(
            kafka_bootstrap_servers=env.text("KAFKA_BOOTSTRAP_SERVERS"),
            kafka_security=_security(env),
            kafka_idempotence=env.flag("NEWSALERT_KAFKA_IDEMPOTENCE", True),
            kafka_client_id=env.text("KAFKA_CLIENT_ID") or "newsalert",
            kafka_partitions=env.integer("NEWSALERT_TOPIC_PARTITIONS", 6, minimum=1),
            kafka_fetch_max_wait_ms=env.integer("NEWSALERT_FETCH_MAX_WAIT_MS", 100, minimum=1,
                                                maximum=30000),
            http_port=env.integer("NEWSALERT_HTTP_PORT", 8000, minimum=0, maximum=65535),
            http_host=env.text("NEWSALERT_HTTP_HOST") or "0.0.0.0",
            poll_interval=env.number("NEWSALERT_POLL_INTERVAL", 30.0, minimum=0.1),
            max_poll_interval=env.number("NEWSALERT_MAX_POLL_INTERVAL", 1800.0, minimum=1.0),
            allow_private_networks=env.flag("NEWSALERT_ALLOW_PRIVATE_NETWORKS", False),
            allow_networks=env.networks("NEWSALERT_ALLOW_NETWORKS"),
            user_agent_contact=env.text("NEWSALERT_CONTACT") or "",
            log_format=env.choice("NEWSALERT_LOG_FORMAT", LOG_FORMATS, "text"),
            log_level=env.choice(
                "NEWSALERT_LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO"
            ),
            group_prefix=env.text("NEWSALERT_GROUP_PREFIX") or "newsalert",
            outlets_file=env.text("NEWSALERT_OUTLETS_FILE"),
            rules_file=env.text("NEWSALERT_RULES_FILE"),
            corroboration_window_hours=env.number(
                "NEWSALERT_CORROBORATION_WINDOW_HOURS", 72.0, minimum=1.0
            ),
            shutdown_timeout=env.number("NEWSALERT_SHUTDOWN_TIMEOUT", 8.0, minimum=1.0),
        )

    def replace(self, **changes: object) -> Settings:
        """A copy with ``changes`` applied (command-line options override the environment)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Settings(**values)  # type: ignore[arg-type]


def _security(env: _Env) -> KafkaSecurity:
    protocol = env.choice("KAFKA_SECURITY_PROTOCOL", SECURITY_PROTOCOLS, "PLAINTEXT")
    return KafkaSecurity(
        protocol=protocol,
        sasl_mechanism=env.choice("KAFKA_SASL_MECHANISM", SASL_MECHANISMS, "PLAIN"),
        username=env.secret("KAFKA_SASL_USERNAME"),
        password=env.secret("KAFKA_SASL_PASSWORD"),
        ca_file=env.path("KAFKA_SSL_CA_FILE"),
        cert_file=env.path("KAFKA_SSL_CERT_FILE"),
        key_file=env.path("KAFKA_SSL_KEY_FILE"),
        key_password=env.secret("KAFKA_SSL_KEY_PASSWORD"),
        check_hostname=env.flag("KAFKA_SSL_CHECK_HOSTNAME", True),
    )


class _Env:
    """Typed reads of environment variables, each failing with the variable's name."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._environ = environ

    def text(self, name: str) -> str | None:
        value = self._environ.get(name, "").strip()
        return value or None

    def secret(self, name: str) -> str | None:
        path = self.text(f"{name}_FILE")
        if path is None:
            return self.text(name)
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"{name}_FILE: cannot read {path}: {exc.strerror}") from exc

    def path(self, name: str) -> str | None:
        value = self.text(name)
        if value is not None and not Path(value).is_file():
            raise ConfigError(f"{name}: no such file: {value}")
        return value

    def flag(self, name: str, default: bool) -> bool:
        value = self.text(name)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{name}: expected true or false, got {value!r}")

    def number(self, name: str, default: float, minimum: float) -> float:
        value = self.text(name)
        if value is None:
            return default
        try:
            number = float(value)
        except ValueError:
            raise ConfigError(f"{name}: expected a number of seconds, got {value!r}") from None
        if number < minimum:
            raise ConfigError(f"{name}: must be at least {minimum}, got {value}")
        return number

    def integer(self, name: str, default: int, minimum: int, maximum: int | None = None) -> int:
        value = self.text(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise ConfigError(f"{name}: expected an integer, got {value!r}") from None
        if number < minimum or (maximum is not None and number > maximum):
            raise ConfigError(f"{name}: must be between {minimum} and {maximum}, got {value}")
        return number

    def choice(self, name: str, allowed: tuple[str, ...], default: str) -> str:
        value = self.text(name)
        if value is None:
            return default
        for option in allowed:
            if option.lower() == value.lower():
                return option
        raise ConfigError(f"{name}: expected one of {', '.join(allowed)}, got {value!r}")

    def networks(self, name: str) -> tuple[str, ...]:
        value = self.text(name)
        if value is None:
            return ()
        cidrs = []
        for part in value.split(","):
            try:
                cidrs.append(str(ipaddress.ip_network(part.strip(), strict=False)))
            except ValueError:
                raise ConfigError(f"{name}: not a CIDR network: {part.strip()!r}") from None
        return tuple(cidrs)
