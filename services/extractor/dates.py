"""Dates in news prose, resolved against the article's publication date.

"On Monday", "last week", "Nov. 27", "the previous evening", "in 2014", "ten days ago" each
become a calendar date (when a reference date is known) and an age in days, which is what
decides whether an occurrence is the article's news or background.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import zip_longest
from functools import lru_cache

from services.extractor import literals
from services.extractor.rules import LanguageRules

BACKGROUND_DAYS = 8       # "more than about a week before publication"
_WORDS = re.compile(r"[^\W\d_]+")
# ASCII text with every character but a letter blanked: its pieces between spaces are
# ``_WORDS``' matches (in ASCII a letter is all ``[^\W\d_]`` takes), split off faster.
_LETTERS_ONLY = str.maketrans({c: " " for c in map(chr, range(128)) if not c.isalpha()})
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_YEAR_NEEDLES = literals.needles(_YEAR)
_BARE_YEAR = re.compile(r"\b(?:the|its|their|that)\s+((?:19|20)\d\d)\b")
_RELATIONS = frozenset({"ago", "earlier", "before", "after", "since", "later"})
# Words without which no relative expression can match (a fast exit for most sentences).
_DATE_WORDS = frozenset({"today", "tonight", "yesterday", "last", "previous", "before", "earlier",
                         "ago", "after", "since", "later", "year", "month", "week", "morning",
                         "afternoon", "evening", "night", "beginning", "start", "end", "day"})
_ASCII_DIGITS = "0123456789"
_WEEKDAY_LEADS = ("on", "last", "this", "late", "early", "by", "since")
_LEAD_REACH = max(len(lead) for lead in _WEEKDAY_LEADS)
_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30, "months": 30, "year": 365, "years": 365}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression: where it is, the date it names (if resolvable), its age in days."""

    start: int
    end: int
    day: date | None
    age: int | None          # days before the reference date (negative: after it)
    leads: bool = False      # "ten days after <clause>": dates the clause that follows


@dataclass(frozen=True, slots=True)
class _Patterns:
    full: re.Pattern[str]
    full_dmy: re.Pattern[str]
    month_year: re.Pattern[str]
    year: re.Pattern[str]
    weekday: re.Pattern[str]
    weekday_name: re.Pattern[str]   # a weekday's name alone: no leading \b, so ``re`` skips to it
    ago: re.Pattern[str]


_BY_RULES: dict[int, tuple[LanguageRules, _Patterns]] = {}


def _patterns_for(rules: LanguageRules) -> _Patterns:
    """``_patterns`` of a language's tables, kept per rules object: building the three tuples
    and hashing them for ``_patterns``' cache cost more, sentence after sentence, than the
    lookup they lead to. (The rules object is kept with its patterns, so its id is not reused.)"""
    entry = _BY_RULES.get(id(rules))
    if entry is None or entry[0] is not rules:
        entry = (rules, _patterns(tuple(rules.months), tuple(rules.weekdays), tuple(rules.numbers),
                                  rules.year_leads, rules.month_leads))
        _BY_RULES[id(rules)] = entry
    return entry[1]


@lru_cache(maxsize=8)
def _patterns(months: tuple[str, ...], weekdays: tuple[str, ...], numbers: tuple[str, ...],
              year_leads: tuple[str, ...], month_leads: tuple[str, ...]) -> _Patterns:
    month = r"(?P<month>" + "|".join(sorted(months, key=len, reverse=True)) + r")\.?"
    number = r"(?P<n>\d+|" + "|".join(sorted(numbers, key=len, reverse=True)) + r")"
    year_lead = "|".join(re.escape(w) for w in sorted(year_leads, key=len, reverse=True))
    month_lead = "|".join(re.escape(w) for w in sorted(month_leads, key=len, reverse=True))
    return _Patterns(
        full=re.compile(r"\b" + month + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d{2}))?"),
        full_dmy=re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + month + r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?\b"),
        month_year=re.compile(r"\b(?P<lead>" + month_lead + r")\s+(?:the\s+\w+\s+of\s+)?" + month + r"(?:\s+(?:de\s+)?(?P<year>(?:19|20)\d{2}))?\b"),
        year=re.compile(r"\b(?:" + year_lead + r")\s+(?:the\s+(?:summer|winter|spring|autumn|fall|beginning|end|start)\s+of\s+|(?:early|late|mid)[\s-]+)?(?P<year>(?:19|20)\d{2})\b"),
        weekday=re.compile(r"\b(?P<lead>" + "|".join(_WEEKDAY_LEADS) + r")?\s*(?P<wd>" + "|".join(weekdays) + r")\b"),
        weekday_name=re.compile("|".join(weekdays)),
        ago=re.compile(r"\b" + number + r"(?P<half>\s+and\s+a\s+half)?\s+(?P<unit>days?|weeks?|months?|years?)\s+(?P<rel>ago|earlier|before|after|since|later)\b"),
    )


def find(text: str, rules: LanguageRules, reference: date | None, low: str | None = None) -> list[DateMention]:
    """Every date expression in ``text`` (``low``: the same text lower-cased, if at hand).

    Each family of patterns is tried only when the sentence has a word it cannot match without
    (a month, a weekday, a year, "ago"), so most sentences cost a word set and a few lookups.
    """
    pats = _patterns_for(rules)
    original, text = text, (low if low is not None else text.lower())
    found: list[DateMention] = []
    words = _words(text)
    if words.isdisjoint(_DATE_WORDS) and words.isdisjoint(rules.months) and \
            words.isdisjoint(rules.weekdays) and not _has_digit(text) and \
            words.isdisjoint(rules.relative_words):
        return found
    if not words.isdisjoint(rules.months):
        _find_month_dates(found, original, text, pats, rules, reference)
    if literals.may_match(text, _YEAR_NEEDLES) and _YEAR.search(text):   # "the 2019 uprising" too
        _find_years(found, text, pats, reference)
    if not words.isdisjoint(rules.weekdays):
        found.extend(_weekday(match, rules, reference) for match in _weekday_matches(text, pats))
    if not words.isdisjoint(_RELATIONS) and not words.isdisjoint(_UNITS):
        found.extend(_ago(match, rules, reference) for match in pats.ago.finditer(text))
    first = rules.relative_any.search(text) if literals.may_match(text, rules.relative_needles) else None
    if first:
        _find_relative(found, text, first.start(), rules, reference)
    return sorted(found, key=lambda d: d.start)


def _words(text: str) -> set[str]:
    """The set of ``_WORDS.findall(text)``: in ASCII text (most news) the letters are kept and the
    rest blanked in one pass, and split on the blanks."""
    if text.isascii():
        return set(text.translate(_LETTERS_ONLY).split())
    return set(_WORDS.findall(text))


def _has_digit(text: str) -> bool:
    """Does ``text`` hold a character ``str.isdigit`` accepts? In ASCII text (most news) those are
    0-9, each found by a substring test; other text is read character by character."""
    if text.isascii():
        return any(map(text.__contains__, _ASCII_DIGITS))
    return any(c.isdigit() for c in text)


def _find_month_dates(found: list[DateMention], original: str, text: str, pats: _Patterns,
                      rules: LanguageRules, reference: date | None) -> None:
    """Dates that name a month: "Nov. 27", "27 November 2023", "in March"."""
    for match in pats.full.finditer(text):
        found.append(_absolute(match, rules, reference))
    for match in pats.full_dmy.finditer(text):
        if not _overlaps(found, match):
            found.append(_absolute(match, rules, reference))
    for match in pats.month_year.finditer(text):
        if not _overlaps(found, match) and (original[match.start("month")].isupper() or
                                            not rules.capitalised_months):
            found.append(_month(match, rules, reference))


def _weekday_matches(text: str, pats: _Patterns) -> Iterator[re.Match[str]]:
    """``pats.weekday.finditer(text)``, faster: that pattern opens with ``\\b`` and two optional
    parts, so ``re`` tries it at every position; a match ends with a weekday's name and starts at
    most a lead word and a run of spaces before it, so each search starts there."""
    position = 0
    while (name := pats.weekday_name.search(text, position)) is not None:
        start = name.start()
        while start > position and text[start - 1].isspace():
            start -= 1
        match = pats.weekday.search(text, max(position, start - _LEAD_REACH))
        if match is None:
            return
        yield match
        position = match.end()


def _find_years(found: list[DateMention], text: str, pats: _Patterns, reference: date | None) -> None:
    """Bare years: "in 2014", "since 2011", "the 2019 uprising", "its 2018 operation" (dated mid-year)."""
    for match in pats.year.finditer(text):
        if not _overlaps(found, match):
            found.append(_mention(match, date(int(match.group("year")), 7, 1), reference))
    for match in _BARE_YEAR.finditer(text):
        if not _overlaps(found, match):
            found.append(_mention(match, date(int(match.group(1)), 7, 1), reference))


def _find_relative(found: list[DateMention], text: str, first: int, rules: LanguageRules,
                   reference: date | None) -> None:
    """The language's fixed relative expressions ("yesterday", "last week"), none of which can
    start before ``first`` (where the first of them does). Each is searched only where one of its
    needles is past ``first``: a sentence holds one or two of the expressions, not all of them."""
    for (pattern, days), needles in zip_longest(rules.relative, rules.relative_each):
        if needles is not None and not literals.contains_any(text, needles, first):
            continue
        for match in pattern.finditer(text, first):
            if not _overlaps(found, match):
                day = reference - timedelta(days=days) if reference else None
                found.append(DateMention(match.start(), match.end(), day, days))


def latest_explicit(text: str, rules: LanguageRules) -> date | None:
    """The latest full date (with a year) in ``text``: a stand-in when publication is unknown."""
    pats = _patterns_for(rules)
    text = text.lower()
    days = []
    for pattern in (pats.full, pats.full_dmy):
        for match in pattern.finditer(text):
            if match.group("year"):
                mention = _absolute(match, rules, None)
                if mention.day:
                    days.append(mention.day)
    return max(days) if days else None


#: How many days before publication a dated dateline may be (a story filed, then published).
DATELINE_LAG_DAYS = 7


def dateline_reference(month_word: str, day: int, rules: LanguageRules, published: date | None
                       ) -> date | None:
    """The date of a dateline ("Nov 14"), the day the story was filed: relative dates in it
    ("today", "on Tuesday") count from that day, not from a publication a day later."""
    month = rules.months.get(month_word.casefold())
    if month is None or published is None:
        return None
    try:
        filed = date(published.year, month, day)
        if filed > published:
            filed = date(published.year - 1, month, day)
    except ValueError:
        return None
    return filed if (published - filed).days <= DATELINE_LAG_DAYS else None


def parse_published(value: str | None) -> date | None:
    """The date part of an ISO date or datetime, or ``None``."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _overlaps(found: list[DateMention], match: re.Match[str]) -> bool:
    return any(d.start < match.end() and match.start() < d.end for d in found)


def _mention(match: re.Match[str], day: date | None, reference: date | None, leads: bool = False) -> DateMention:
    age = (reference - day).days if (day and reference) else None
    return DateMention(match.start(), match.end(), day, age, leads)


def _absolute(match: re.Match[str], rules: LanguageRules, reference: date | None) -> DateMention:
    month = rules.months[match.group("month").casefold().rstrip(".")]
    year = int(match.group("year")) if match.group("year") else None
    try:
        if year is None:
            if reference is None:
                return DateMention(match.start(), match.end(), None, None)
            year = reference.year
            day = date(year, month, int(match.group("day")))
            if day > reference + timedelta(days=2):
                day = date(year - 1, month, int(match.group("day")))
        else:
            day = date(year, month, int(match.group("day")))
    except ValueError:
        return DateMention(match.start(), match.end(), None, None)
    return _mention(match, day, reference)


def _month(match: re.Match[str], rules: LanguageRules, reference: date | None) -> DateMention:
    month = rules.months[match.group("month").casefold().rstrip(".")]
    if match.group("year"):
        return _mention(match, date(int(match.group("year")), month, 15), reference)
    if reference is None:
        return DateMention(match.start(), match.end(), None, None)
    year = reference.year if month <= reference.month else reference.year - 1
    if match.group("lead").casefold() == "last" and month == reference.month:
        year -= 1
    day = date(year, month, 15 if month != reference.month or year != reference.year else 1)
    return _mention(match, day, reference)


def _weekday(match: re.Match[str], rules: LanguageRules, reference: date | None) -> DateMention:
    if reference is None:
        return DateMention(match.start(), match.end(), None, None)
    wanted = rules.weekdays[match.group("wd").casefold()]
    back = (reference.weekday() - wanted) % 7
    if match.group("lead") and match.group("lead").casefold() == "last" and back == 0:
        back = 7
    return _mention(match, reference - timedelta(days=back), reference)


def _ago(match: re.Match[str], rules: LanguageRules, reference: date | None) -> DateMention:
    raw = match.group("n").casefold()
    count = int(raw) if raw.isdigit() else rules.numbers.get(raw, 1)
    days = int((count + (0.5 if match.group("half") else 0)) * _UNITS[match.group("unit").casefold()])
    rel = match.group("rel").casefold()
    if rel == "later":
        days = -days
    day = reference - timedelta(days=days) if reference else None
    leads = rel in ("after", "since")
    return DateMention(match.start(), match.end(), day, days, leads)
