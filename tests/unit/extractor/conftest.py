"""One extractor for the whole suite (loading the gazetteer takes a second) and a helper that
turns a few sentences into events."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from services.extractor.extract import Extractor
from services.kernel.messages import Article, Event


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


def make_article(text: str, published: str | None = "2024-06-14", language: str = "en",
                 article_id: str = "a1", country: str = "") -> Article:
    return Article(id=article_id, url="https://news.example/a1", outlet="example", outlet_name="Example",
                   feed="https://news.example/feed", title="A title", text=text, language=language,
                   country=country, published=published, fetched="2024-06-14T10:00:00Z")


@pytest.fixture
def events(extractor: Extractor) -> Callable[..., list[Event]]:
    def run(text: str, published: str | None = "2024-06-14", **kwargs) -> list[Event]:
        return extractor.extract(make_article(text, published, **kwargs)).events
    return run


def kinds(found: list[Event]) -> list[tuple[str, str | None]]:
    """(type, location name) pairs, for compact assertions."""
    return [(e.type, e.location.name) for e in found]
