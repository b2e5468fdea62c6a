"""``newsalert extract FILE...``: the extractor offline, JSON lines out.

Each argument is a path, or ``-`` for standard input. A ``.json`` file holds one article object
(``text`` required; ``title``, ``published``, ``url``, ``outlet``, ``language`` optional; other
keys such as a corpus's gold ``events`` are ignored), a ``.jsonl`` file one article per line, and
any other file is plain text. Every event is printed as one JSON object with the path it came
from under ``source``. An unreadable input is reported on stderr and makes the exit code 1,
after the other inputs were processed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import Any

import orjson

from services.extractor.extract import Extractor
from services.kernel.errors import NewsalertError, UnreadableInput
from services.kernel.messages import Article, stable_id, to_dict

_ARTICLE_KEYS = ("title", "url", "outlet", "language", "published")


def main(argv: list[str]) -> int:
    """Run the extractor over ``argv``'s inputs; 0 when every input was read, else 1."""
    args = _parser().parse_args(argv)
    try:
        extractor = Extractor(args.rules)
    except NewsalertError as exc:
        print(f"newsalert extract: {exc}", file=sys.stderr)
        return 2
    status = 0
    out = sys.stdout.buffer
    for source in args.inputs:
        try:
            for article in _articles(source):
                for event in extractor.extract(article).events:
                    row = _row(event)
                    row["source"] = source
                    out.write(orjson.dumps(row) + b"\n")
        except (UnreadableInput, OSError) as exc:
            print(f"newsalert extract: {source}: {exc}", file=sys.stderr)
            status = 1
    out.flush()
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsalert extract", description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", metavar="FILE", help="article files (.json, .jsonl, text) or -")
    parser.add_argument("--rules", default=None, help="rules directory (default: the packaged rules)")
    return parser


def _row(event: Any) -> dict[str, Any]:
    row = to_dict(event)
    row.pop("schema", None)
    return row


def _articles(source: str) -> Iterator[Article]:
    raw = _read(source)
    if source.endswith(".jsonl"):
        for number, line in enumerate(raw.splitlines(), start=1):
            if line.strip():
                yield _article(_json(line, f"{source}:{number}"), f"{source}:{number}")
    elif source.endswith(".json"):
        yield _article(_json(raw, source), source)
    else:
        yield Article(id=stable_id(source, raw), url="", outlet="", outlet_name="", feed="", title="", text=raw)


def _read(source: str) -> str:
    if source == "-":
        return _decode(sys.stdin.buffer.read(), source)
    with open(source, "rb") as handle:
        return _decode(handle.read(), source)


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableInput(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def _json(raw: str, where: str) -> dict[str, Any]:
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise UnreadableInput(f"not JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise UnreadableInput("expected a JSON object with a 'text' string")
    return data


def _article(data: dict[str, Any], source: str) -> Article:
    fields = {k: data[k] for k in _ARTICLE_KEYS if isinstance(data.get(k), str)}
    article_id = data["id"] if isinstance(data.get("id"), str) else stable_id(source, data["text"])
    return Article(id=article_id, url=fields.get("url", ""), outlet=fields.get("outlet", ""),
                   outlet_name=fields.get("outlet", ""), feed="", title=fields.get("title", ""),
                   text=data["text"], language=fields.get("language", ""),
                   published=fields.get("published"))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
