"""Article in, events out: the extractor's pure entry point.

``Extractor`` loads and validates every data file once (rules per language, gazetteer
supplement, actors, codes); ``extract`` is pure, does no I/O and keeps no state between calls,
so one instance serves every thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from services.extractor import actors, codes, dates, dedup, detect, document, gazetteer, language, rules
from services.extractor.detect import Candidate
from services.kernel.messages import Article, ArticleRef, Event, Location, stable_id

SKIP_EMPTY = "empty"
MAX_CHARS = 100_000     # a news article's events are in its first 100 KB; bounds the cost of junk
SKIP_LANGUAGE = "language"


@dataclass(frozen=True, slots=True)
class Extraction:
    """What one article yielded: its events, or why it was skipped, and its language."""

    events: list[Event]
    skipped: str | None
    language: str


class Extractor:
    """Finds asserted events in articles with the rules under ``rules_dir``."""

    def __init__(self, rules_dir: str | None = None) -> None:
        self.rules = rules.load_all(rules_dir)
        self.gaz = gazetteer.load()
        self.actors = actors.load(self.gaz)
        self.codes = codes.load()

    def extract(self, article: Article) -> Extraction:
        """The events of ``article`` (skipped when empty or in a language without rules)."""
        text = article.text or ""
        if not text.strip():
            return Extraction([], SKIP_EMPTY, article.language or "")
        lang = language.choose(article.language, text)
        lang_rules = self.rules.get(lang)
        if lang_rules is None:
            return Extraction([], SKIP_LANGUAGE, lang)
        doc = document.read(text[:MAX_CHARS], article.published, article.country, lang_rules, self.gaz,
                            self.actors)
        found = dedup.merge(detect.candidates(doc))
        if not found:
            return Extraction([], None, lang)
        # Undated: the publication date, else the fetch date (so a replay keeps its ids), else today.
        fallback_day = doc.published or dates.parse_published(article.fetched) or _today()
        ref = ArticleRef(article.id, article.url, article.title, article.outlet, article.published,
                         article.outlet_name, article.fetched)      # one for all its events: frozen
        events = [self._event(article, ref, c, fallback_day, doc.main_country) for c in found]
        return Extraction(_unique(events), None, lang)

    def _event(self, article: Article, ref: ArticleRef, cand: Candidate, fallback_day: date,
               main: str | None) -> Event:
        location = _location(self.gaz, cand, main)
        occurred = (cand.day or fallback_day).isoformat()
        place_id = location.resolved or location.name or "|".join(sorted(cand.people))
        return Event(
            id=stable_id(article.id, cand.type, place_id, occurred),
            type=cand.type,
            location=location,
            actors=tuple(cand.people or cand.actors),
            occurred=occurred,
            evidence=cand.evidence,
            confidence=round(min(0.99, max(0.05, cand.confidence)), 2),
            article=ref,
            codes=self.codes[cand.type],
        )


def _location(gaz: gazetteer.Gazetteer, cand: Candidate, main: str | None) -> Location:
    if cand.place is None:
        return Location(name=None)
    mention = cand.place.mention
    alternates = tuple(a for a in cand.place.alternates if a != mention.name)
    if mention.kind == "border":
        names = [gaz.country_names.get(c, c) for c in mention.countries]
        resolved = "–".join(names) + " border" if names else None
        return Location(mention.name, resolved, mention.country, None, None, "border", alternates)
    place = mention.place
    if place is None:   # a name the gazetteer lacks: most often a town or village
        kind = "city" if mention.kind == "place" else mention.kind
        return Location(mention.name, None, mention.country or main, None, None, kind, alternates)
    kind = mention.kind if mention.kind != "place" else place.kind
    if kind in ("site", "crossing") and place.kind not in ("site", "crossing"):
        # "Pushkin Square", "Kilis airport": named after a town, not the town itself
        return Location(mention.name, None, place.country, None, None, kind, alternates)
    return Location(mention.name, place.name, place.country, place.lat, place.lon, kind, alternates)


def _unique(events: list[Event]) -> list[Event]:
    seen, out = set(), []
    for event in events:
        if event.id not in seen:
            seen.add(event.id)
            out.append(event)
    return out


def _today() -> date:
    return datetime.now(timezone.utc).date()
