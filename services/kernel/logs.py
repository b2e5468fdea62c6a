"""Logging set up once per process: key=value text for people, JSON lines for machines.

Modules log through ``logging.getLogger(__name__)`` and pass context as ``extra={...}`` with the
stable field names below; both formats print them, so an operator can grep ``outlet=rudaw`` in
text or filter ``.outlet`` in JSON.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

import orjson

#: Context fields a log line may carry (``extra=``), in the order text lines print them.
FIELDS = (
    "service", "outlet", "feed", "topic", "partition", "offset", "article_id", "event_id",
    "alert_id", "rule", "reason", "status", "url_host", "duration_s", "count",
)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and any context fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": _utc(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(_context(record))
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode()


class TextFormatter(logging.Formatter):
    """``time level logger: message key=value ...`` for a terminal."""

    def format(self, record: logging.LogRecord) -> str:
        context = " ".join(f"{k}={v}" for k, v in _context(record).items())
        text = f"{_utc(record.created)} {record.levelname:<7} {record.name}: {record.getMessage()}"
        if context:
            text = f"{text} {context}"
        if record.exc_info:
            text = f"{text}\n{self.formatException(record.exc_info)}"
        return text


def configure(log_format: str = "text", level: str = "INFO") -> None:
    """Install the chosen formatter on the root logger (idempotent)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("aiokafka", "kafka", "httpx", "httpcore", "trafilatura", "htmldate"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))


def _context(record: logging.LogRecord) -> dict[str, Any]:
    return {k: getattr(record, k) for k in FIELDS if getattr(record, k, None) is not None}


def _utc(created: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(created)) + f".{int(created % 1 * 1000):03d}Z"
