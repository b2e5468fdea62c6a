"""The ``newsalert`` command.

    newsalert run                  the whole pipeline in one process (embedded broker if no Kafka)
    newsalert fetcher|extractor|publisher
                                   one service, as each Kubernetes Deployment runs it
    newsalert extract FILE...      the extractor offline: JSON lines out
    newsalert tail [TOPIC...]      a subscriber's view of the alert topics
    newsalert feeds check|import|export
                                   feed health and OPML

Service modules are imported only by the commands that need them, so ``newsalert extract``
does not pay for Kafka or HTTP clients, and a service's bad data file fails only that service.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from collections.abc import Callable, Sequence

from services.kernel import logs
from services.kernel.errors import ConfigError
from services.kernel.metrics import KernelMetrics, new_registry
from services.kernel.settings import Settings

log = logging.getLogger("newsalert")

SERVICES = ("fetcher", "extractor", "publisher")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in PASSTHROUGH:
        # These commands parse their own arguments, so `newsalert tail --json` reaches them.
        args = argparse.Namespace(command=PASSTHROUGH[argv[0]], rest=argv[1:])
    else:
        args = _parser().parse_args(argv)
    try:
        return args.command(args)
    except ConfigError as exc:
        print(f"newsalert: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsalert",
        description="News feeds in, structured and corroborated event alerts out, on Kafka.",
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    run = commands.add_parser(
        "run", help="run fetcher, extractor and publisher in one process",
        description="Run the whole pipeline in one process. Without KAFKA_BOOTSTRAP_SERVERS an "
                    "embedded broker (Tansu, memory only) is started on a free loopback port.",
    )
    _add_file_options(run)
    run.set_defaults(command=_run_pipeline)
    for name in SERVICES:
        one = commands.add_parser(
            name, help=f"run the {name} service alone",
            description=f"Run the {name} service alone (needs KAFKA_BOOTSTRAP_SERVERS).",
        )
        _add_file_options(one)
        one.set_defaults(command=_run_one, service=name)
    for name, summary in PASSTHROUGH_HELP.items():
        commands.add_parser(name, help=summary, add_help=False)
    return parser


def _add_file_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--outlets", metavar="FILE",
                        help="outlets file (YAML or OPML); default: the packaged outlets")
    parser.add_argument("--rules", metavar="FILE",
                        help="alert rules file (YAML); default: the packaged rules")


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env(os.environ)
    logs.configure(settings.log_format, settings.log_level)
    changes = {}
    if getattr(args, "outlets", None):
        changes["outlets_file"] = args.outlets
    if getattr(args, "rules", None):
        changes["rules_file"] = args.rules
    return settings.replace(**changes) if changes else settings


def _run_pipeline(args: argparse.Namespace) -> int:
    settings = _settings(args)
    broker = None
    if not settings.kafka_bootstrap_servers:
        from services.kernel.broker import EmbeddedBroker

        broker = EmbeddedBroker.start()
        idempotence = os.environ.get("NEWSALERT_KAFKA_IDEMPOTENCE") is not None
        settings = settings.replace(
            kafka_bootstrap_servers=broker.bootstrap,
            kafka_idempotence=settings.kafka_idempotence and idempotence,
        )
        print(f"newsalert: embedded Kafka broker (Tansu, memory only) at {broker.bootstrap}",
              file=sys.stderr, flush=True)
    try:
        return _serve(settings, SERVICES)
    finally:
        if broker is not None:
            broker.stop()


def _run_one(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if not settings.kafka_bootstrap_servers:
        raise ConfigError("KAFKA_BOOTSTRAP_SERVERS: not set (only `newsalert run` embeds a broker)")
    return _serve(settings, (args.service,))


def _serve(settings: Settings, names: Sequence[str]) -> int:
    from services.kernel.runner import Runner

    registry = new_registry()
    kernel_metrics = KernelMetrics(registry)
    services = [_build(name, settings, registry, kernel_metrics) for name in names]
    _announce(settings, names)

    async def serve() -> int:
        return await Runner(settings, services, registry, kernel_metrics).serve()

    code = asyncio.run(serve())
    # The drain is over: a late second signal must not kill us before the broker is stopped.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, signal.SIG_IGN)
    return code


def _build(name: str, settings: Settings, registry, kernel_metrics: KernelMetrics):
    if name == "fetcher":
        from services.fetcher.app import build
    elif name == "extractor":
        from services.extractor.app import build
    else:
        from services.publisher.app import build
    return build(settings, registry, kernel_metrics)


def _announce(settings: Settings, names: Sequence[str]) -> None:
    if settings.http_port:
        where = f"http://{settings.http_host}:{settings.http_port}/metrics"
    else:  # NEWSALERT_HTTP_PORT=0: the port is known once bound, and logged then
        where = f"a free port of {settings.http_host} (logged once bound)"
    print(f"newsalert: running {', '.join(names)}; Kafka at {settings.kafka_bootstrap_servers}; "
          f"metrics at {where}, probes at /healthz and /readyz", file=sys.stderr)
    if "fetcher" in names:
        print(f"newsalert: outlets from {settings.outlets_file or _packaged('fetcher')}",
              file=sys.stderr)
    if "publisher" in names:
        print(f"newsalert: alert rules from {settings.rules_file or _packaged('publisher')}",
              file=sys.stderr)
    print("newsalert: Ctrl-C or SIGTERM stops cleanly", file=sys.stderr, flush=True)


def _packaged(service: str) -> str:
    name = "outlets.yaml" if service == "fetcher" else "rules.yaml"
    return os.path.join(os.path.dirname(__file__), service, name)


def _extract(args: argparse.Namespace) -> int:
    from services.extractor.offline import main as extract_main

    return extract_main(args.rest)


def _tail(args: argparse.Namespace) -> int:
    from services.publisher.tail import main as tail_main

    return tail_main(args.rest, _settings(args))


def _feeds(args: argparse.Namespace) -> int:
    from services.fetcher.feeds_cmd import main as feeds_main

    return feeds_main(args.rest)


#: Commands whose own module parses their arguments (so their --help is their own).
PASSTHROUGH: dict[str, Callable[[argparse.Namespace], int]] = {
    "extract": _extract, "tail": _tail, "feeds": _feeds,
}
PASSTHROUGH_HELP = {
    "extract": "extract events from article files (JSON lines out)",
    "tail": "print alerts as they arrive",
    "feeds": "check feeds, import or export OPML",
}
