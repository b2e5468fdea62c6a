"""What a worker sends back for an article page.

Kept apart from ``article`` (trafilatura, lxml, numpy and the language model): the event loop's
process unpickles every answer, and unpickling imports the module that defines its class. Defined
in ``article``, each page read would pull ~16 MB of libraries into the process that must stay
small.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PageText:
    """What an article page adds to its feed item."""

    text: str
    published: str | None
    title: str = ""
    language: str = ""
