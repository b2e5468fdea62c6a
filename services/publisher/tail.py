"""``newsalert tail``: a subscriber's view of the alert topics, one line per alert.

    newsalert tail [TOPIC...] [--json] [--from-beginning] [--group G] [--limit N]

Without topics it follows every alert topic of the rules file. Lines are coloured when the output
is a terminal and ``NO_COLOR`` is not set (https://no-color.org). ``--json`` prints each message's
value as received, one per line, for piping into ``jq``. Without ``--group`` nothing is committed
and the tail starts at the end (or the beginning); with it, the group's position is kept, as a
real subscriber's would be.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Iterable
from typing import TextIO

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener

from services.kernel.errors import MalformedMessage
from services.kernel.kafka import new_consumer
from services.kernel.messages import Alert, decode
from services.kernel.settings import Settings
from services.publisher.alerts import Headlines
from services.publisher.rules import load_rules

RESET = "\033[0m"
DIM = "\033[2m"
BOLD = "\033[1m"
COLOURS = {"border": "\033[33m", "territory": "\033[31m", "armed": "\033[31m",
           "strike": "\033[31m", "military": "\033[35m", "protest": "\033[36m",
           "diplomatic": "\033[34m"}


def main(argv: list[str], settings: Settings, out: TextIO | None = None) -> int:
    """Run the tail until Ctrl-C (or ``--limit`` alerts); return the exit code."""
    args = _parser().parse_args(argv)
    out = out or sys.stdout
    topics = args.topics or list(load_rules(settings.rules_file, Headlines.load().types).topics)
    try:
        asyncio.run(_tail(settings, topics, args, out, use_colour(out, os.environ)))
    except KeyboardInterrupt:
        pass
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsalert tail", description="Print alerts as they arrive, one line each: time, "
        "type, place, headline, outlets, revision.")
    parser.add_argument("topics", nargs="*", metavar="TOPIC",
                        help="alert topics to follow (default: every topic of the rules file)")
    parser.add_argument("--json", action="store_true", help="print raw message values (JSON)")
    parser.add_argument("--from-beginning", action="store_true",
                        help="start at the oldest alert kept, not at the next one")
    parser.add_argument("--group", metavar="G",
                        help="consumer group: resume where G left off, and commit as you read")
    parser.add_argument("--limit", type=int, metavar="N", help="exit after N alerts")
    return parser


def use_colour(out: TextIO, environ: dict[str, str] | os._Environ[str]) -> bool:
    """ANSI colour only for a terminal, and never when NO_COLOR is set (to anything)."""
    return "NO_COLOR" not in environ and hasattr(out, "isatty") and out.isatty()


class _FromBeginning(ConsumerRebalanceListener):
    """With a group, ``--from-beginning`` overrides the group's committed position."""

    def __init__(self, consumer: AIOKafkaConsumer) -> None:
        self.consumer = consumer

    async def on_partitions_revoked(self, revoked: Iterable) -> None:
        return None

    async def on_partitions_assigned(self, assigned: Iterable) -> None:
        if assigned:
            await self.consumer.seek_to_beginning(*assigned)


async def _tail(settings: Settings, topics: list[str], args: argparse.Namespace, out: TextIO,
                colour: bool) -> None:
    consumer = new_consumer(settings, group=args.group,
                            auto_offset_reset="earliest" if args.from_beginning else "latest")
    if args.group and args.from_beginning:
        consumer.subscribe(topics, listener=_FromBeginning(consumer))
    else:
        consumer.subscribe(topics)
    shown = 0
    try:
        await consumer.start()
        while args.limit is None or shown < args.limit:
            batch = await consumer.getmany(timeout_ms=500)
            for records in batch.values():
                for record in records:
                    if args.limit is not None and shown >= args.limit:
                        break
                    shown += _show(record.value or b"", args.json, out, colour)
            out.flush()
            if args.group and batch:
                await consumer.commit()
    finally:
        await consumer.stop()


def _show(value: bytes, as_json: bool, out: TextIO, colour: bool) -> int:
    if as_json:
        out.write(value.decode("utf-8", "replace") + "\n")
        return 1
    try:
        alert = decode(Alert, value)
    except MalformedMessage as exc:
        print(f"newsalert tail: skipped a message that is not an alert: {exc}", file=sys.stderr)
        return 0
    out.write(format_line(alert, colour) + "\n")
    return 1


def format_line(alert: Alert, colour: bool = False) -> str:
    """One alert as one line: time, type, place, headline, outlets, revision."""
    place = alert.location.resolved or alert.location.name or "-"
    if alert.location.country and alert.location.country != place:
        place = f"{place} ({alert.location.country})"
    parts = [alert.last_seen, f"{alert.type:<20}", f"{place:<24}", alert.headline,
             f"[{alert.outlets} outlet{'s' if alert.outlets != 1 else ''}, "
             f"rev {alert.revision}]"]
    if not colour:
        return " ".join(parts)
    hue = COLOURS.get(alert.type.split(".")[0], "")
    rev = f"{BOLD}{parts[4]}{RESET}" if alert.revision > 1 else parts[4]
    return (f"{DIM}{parts[0]}{RESET} {hue}{parts[1]}{RESET} {parts[2]} {BOLD}{parts[3]}{RESET} "
            f"{rev}")
