"""``newsalert feeds``: feed health and OPML.

    newsalert feeds check [FILE]           poll every feed once, print a health table
    newsalert feeds import OPML [-o YAML]  an OPML subscription list as an outlets file
    newsalert feeds export [FILE] [-o OPML] an outlets file (default: packaged) as OPML 2.0

``check`` uses the fetcher's own fetch, guard, politeness and parser, with settings from the
environment (NEWSALERT_ALLOW_PRIVATE_NETWORKS, NEWSALERT_CONTACT, ...), so what it reports is
what the service would see.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from services.fetcher import outlets as outlets_file
from services.fetcher import schedule
from services.fetcher.fetch import Limits, fetch, new_client
from services.fetcher.parse import epoch, parse_feed
from services.fetcher.polite import Politeness, registrable_domain
from services.kernel.errors import ConfigError
from services.kernel.settings import Settings

COLUMNS = ("outlet", "status", "items", "newest", "validators", "next poll", "error", "feed")


@dataclass(frozen=True, slots=True)
class Health:
    """One feed's row in the ``check`` table."""

    outlet: str
    url: str
    status: str
    items: int = 0
    newest_age: float | None = None
    validators: str = "-"
    next_poll: float | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def main(argv: list[str]) -> int:
    """Run a ``feeds`` subcommand; return the exit code."""
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except ConfigError as exc:
        print(f"newsalert feeds: {exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsalert feeds",
                                     description="Feed health and OPML import/export.")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")
    check = sub.add_parser("check", help="poll every feed once and print a health table")
    check.add_argument("file", nargs="?", help="outlets file (YAML or OPML); default: packaged")
    check.add_argument("--timeout", type=float, default=20.0, help="seconds per fetch")
    check.add_argument("--concurrency", type=int, default=16, help="fetches at once")
    check.set_defaults(run=_check)
    imp = sub.add_parser("import", help="convert an OPML file into an outlets YAML file")
    imp.add_argument("opml", help="OPML 2.0 file")
    imp.add_argument("-o", "--output", help="YAML file to write (default: stdout)")
    imp.set_defaults(run=_import)
    exp = sub.add_parser("export", help="write an outlets file as OPML 2.0")
    exp.add_argument("file", nargs="?", help="outlets file (YAML or OPML); default: packaged")
    exp.add_argument("-o", "--output", help="OPML file to write (default: stdout)")
    exp.set_defaults(run=_export)
    return parser


def _import(args: argparse.Namespace) -> int:
    outlets = outlets_file.parse_opml(_read(args.opml), args.opml)
    _write(args.output, outlets_file.to_yaml(outlets).encode("utf-8"))
    return 0


def _export(args: argparse.Namespace) -> int:
    _write(args.output, outlets_file.to_opml(outlets_file.load(args.file)))
    return 0


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from exc


def _write(path: str | None, data: bytes) -> None:
    if path:
        Path(path).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


def _check(args: argparse.Namespace) -> int:
    settings = Settings.from_env(os.environ)
    outlets = outlets_file.load(args.file)
    limits = Limits(connect_timeout=min(10.0, args.timeout), read_timeout=args.timeout,
                    total_timeout=args.timeout * 1.5)
    rows = asyncio.run(check_all(outlets, settings, limits, args.concurrency))
    print(format_table(rows))
    failed = sum(1 for r in rows if not r.ok)
    print(f"\n{len(rows) - failed} of {len(rows)} feeds healthy", file=sys.stderr)
    return 1 if failed else 0


async def check_all(outlets: list[outlets_file.Outlet], settings: Settings, limits: Limits,
                    concurrency: int = 16) -> list[Health]:
    """Poll each feed once (politely) and describe its health."""
    politeness = Politeness(per_domain=1, spacing=1.0)
    gate = asyncio.Semaphore(concurrency)
    bounds = {o.id: schedule.Bounds(max(settings.poll_interval, o.poll_interval or 0),
                                    settings.max_poll_interval) for o in outlets}
    async with new_client(settings, limits) as client:

        async def one(outlet: outlets_file.Outlet, url: str) -> Health:
            async with gate:
                domain = registrable_domain(url)
                await politeness.acquire(domain)
                try:
                    result = await fetch(client, url, "feed", limits)
                finally:
                    politeness.release(domain)
            return health(outlet.id, url, result, bounds[outlet.id])

        return list(await asyncio.gather(*(one(o, f.url) for o in outlets for f in o.feeds)))


def health(outlet: str, url: str, result, bounds: schedule.Bounds) -> Health:
    """A table row from one fetch result (parsing it when it has a body)."""
    validators = "".join(("E" if result.headers.get("etag") else "",
                          "L" if result.headers.get("last-modified") else "")) or "-"
    status = str(result.status or result.outcome)
    if not result.ok:
        return Health(outlet, url, status, validators=validators, error=result.reason)
    parsed = parse_feed(result.body, result.headers, result.url)
    times = [t for t in (epoch(i.published) for i in parsed.items) if t]
    hint = schedule.server_hint(result.headers, parsed.ttl)
    next_poll = max(schedule.publishing_interval(times, bounds), min(hint, bounds.upper))
    error = parsed.problem if parsed.bozo else ("no items" if not parsed.items else "")
    return Health(outlet, url, status, len(parsed.items),
                  max(0.0, time.time() - max(times)) if times else None, validators, next_poll, error)


def format_table(rows: list[Health]) -> str:
    """Rows as aligned text columns."""
    cells = [COLUMNS] + [(r.outlet, r.status, str(r.items), _age(r.newest_age), r.validators,
                          _age(r.next_poll), r.error[:60], r.url) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(COLUMNS) - 1)]
    return "\n".join("  ".join(c[i].ljust(widths[i]) for i in range(len(widths))) + "  " + c[-1]
                     for c in cells)


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds / size:.0f}{unit}"
    return f"{seconds:.0f}s"
