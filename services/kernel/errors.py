"""Errors by what the caller should do about them.

    NewsalertError
     ├── RetryableError(retry_after)   transient: back off, pause, try again later
     │    └── BrokerUnavailable        Kafka cannot be reached right now
     ├── PermanentError                this input will never succeed: count, log, dead-letter, move on
     │    ├── MalformedMessage         a Kafka value that is not the message it should be
     │    └── UnreadableInput          a file or page that cannot be read as what it claims to be
     └── ConfigError                   bad settings or data file: stop at start, say why
          └── DataFileError(path, line) a rules, lexicon or outlets file that does not validate

The consume loop (``services.kernel.consume``) is the one place that decides what happens to a
failed message; everything else raises the type that says what kind of failure it is.
"""

from __future__ import annotations


class NewsalertError(Exception):
    """Base of every error newsalert raises on purpose."""


class RetryableError(NewsalertError):
    """A failure that may pass: wait ``retry_after`` seconds (if known) and try again."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class BrokerUnavailable(RetryableError):
    """Kafka cannot be reached or refused the request for a reason that may pass."""


class PermanentError(NewsalertError):
    """This input will never be processed: count it, log it, dead-letter it, carry on."""

    reason = "permanent"


class MalformedMessage(PermanentError):
    """A Kafka message whose value is not a valid message of the expected kind."""

    reason = "malformed"


class UnreadableInput(PermanentError):
    """A file, feed or page that cannot be read as what it claims to be."""

    reason = "unreadable"


class ConfigError(NewsalertError):
    """Settings or data files that do not validate: the service must not start."""


class DataFileError(ConfigError):
    """A data file (rules, lexicon, outlets, gazetteer supplement) with an invalid entry."""

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem
