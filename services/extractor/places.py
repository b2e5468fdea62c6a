"""Places named in a sentence: gazetteer names, regions and sites by their designators
("Idlib Province", "the Aleppo Citadel", "the Torkham border crossing"), borders ("the Iraq-Syria
border", "its border with Syria"), and unknown names introduced as places ("in Natogyi").

Mentions keep every gazetteer candidate; ``resolve`` picks one with the article's context
(the countries it names, the outlet's country), so "Brest" in a Polish story is in Belarus.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from services.extractor import literals
from services.extractor.gazetteer import LEVEL, Gazetteer, Place, key
from services.extractor.rules import LanguageRules

MAX_WORDS = 6
_PARTICLES = ("al", "el", "ad", "ar", "as", "ash", "an", "at", "az", "ez", "es", "ed", "bin", "ibn")
_CAPITAL = "A-Z\u00C0-\u00DE\u0130"
_TOKEN = rf"(?:[{_CAPITAL}](?:[\w'’\-]|\.(?=\w))*|(?:{'|'.join(_PARTICLES)})-[A-Z][\w'’\-]*)"
_PHRASE = re.compile(_TOKEN + r"(?:\s+" + _TOKEN + r")*")
# Where a phrase can start: a capital, or a particle before a hyphen ("al-Sham"). One character
# class, which ``re`` skips through; ``_PHRASE`` itself opens with two alternatives and is tried
# at every position.
_PHRASE_HINT = re.compile(rf"[{_CAPITAL}-]")
_BEFORE_HYPHEN = sorted({len(p) for p in _PARTICLES}, reverse=True)
_WORD = re.compile(_TOKEN)
_ANY_WORD = re.compile(r"[^\W\d_]+")
_POSSESSIVE = re.compile(r"['’]s?$")
_SUFFIX = re.compile(r"^(?:['’]s)?\s+")
_NAME_BEFORE = re.compile(r"[A-Z][\w'’-]*\s*$")
_DESIGNATED = re.compile(r"\s+[a-z]")   # a lower-case word next: maybe a designator ("Sinjar district")
_ARTICLE_GAP = re.compile(r"\b(?:the|la|le|les|el|los|las|l')\b", re.IGNORECASE)
_NEXT_CAPITAL = re.compile(rf"[{_CAPITAL}]")


@dataclass(slots=True)
class Mention:
    """A place named in a sentence (offsets are within the sentence)."""

    name: str
    start: int
    end: int
    kind: str
    candidates: tuple[Place, ...] = ()
    countries: tuple[str, ...] = ()        # a border's countries, known or named
    own: bool = False                      # "its borders": the acting state's own borders
    place: Place | None = None
    country: str | None = None
    alternates: list[str] = field(default_factory=list)

    @property
    def level(self) -> int:
        """How specific the place is (country 0 … site 4)."""
        return LEVEL.get(self.kind, 3)

    def resolve(self, context: dict[str, float]) -> None:
        """Choose the candidate the article's countries make likeliest."""
        if self.place or not self.candidates:
            if not self.country and self.countries:
                self.country = self.countries[0]
            return
        self.place = max(self.candidates, key=lambda p: (p.rank >= 2, context.get(p.country, 0) > 0,
                                                         p.rank, context.get(p.country, 0), p.population))
        self.country = self.place.country


def find(text: str, rules: LanguageRules, gaz: Gazetteer, taken: list[tuple[int, int]] | None = None
         ) -> list[Mention]:
    """Every place mention in ``text``.

    ``taken`` are spans already known to be something else (actor names).
    """
    mentions = _borders(text, rules, gaz) + _linked(text, gaz)
    taken = [(m.start, m.end) for m in mentions] + (taken or [])
    if rules.uncased:
        mentions.extend(_uncased(text, gaz, rules, taken))
        mentions.sort(key=lambda m: m.start)
        return mentions
    last: Mention | None = None
    for phrase in _phrases(text):
        start = phrase.start()
        if taken and any(s <= start < e for s, e in taken):
            continue
        found = _phrase_mentions(text, phrase, rules, gaz) or _listed_unknown(text, phrase, last, rules, gaz)
        mentions.extend(found)
        last = found[-1] if found else last
    mentions.sort(key=lambda m: m.start)
    return mentions


def _listed_unknown(text: str, phrase: re.Match[str], last: Mention | None, rules: LanguageRules,
                    gaz: Gazetteer) -> list[Mention]:
    """An unknown name listed right after a place ("near Goris, Sotk and Jermuk") is a place
    too: a list names things of one kind. A bare comma could be an apposition ("Arbil, the
    Kurdish capital", "Venezuela, Delcy Rodríguez, said"): there the list must go on after it."""
    if last is None or last.end > phrase.start():
        return []
    gap = text[last.end:phrase.start()]
    if not rules.list_gap.match(gap) or _ARTICLE_GAP.search(gap):
        return []
    if gap.strip() == "," and not _list_goes_on(text, phrase.end(), rules):
        return []
    if not _may_name_place(text, phrase, rules, gaz):
        return []
    return [Mention(phrase.group(0), phrase.start(), phrase.end(), "place")]


def _list_goes_on(text: str, end: int, rules: LanguageRules) -> bool:
    """Is the phrase ending at ``end`` followed by a list gap and another name?"""
    capital = _NEXT_CAPITAL.search(text, end, end + 12)
    return capital is not None and rules.list_gap.match(text[end:capital.start()]) is not None


def _phrases(text: str, pattern: re.Pattern[str] = _PHRASE) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for ``_PHRASE`` or ``_WORD``, faster: the pattern is tried only
    where a hint says a name can start (no capital lies between a particle and its hyphen, so
    hints come in order)."""
    position = 0
    while (hint := _PHRASE_HINT.search(text, position)) is not None:
        at = hint.start()
        if text[at] == "-":     # a particle's hyphen: the name starts a particle's length before
            starts = [at - n for n in _BEFORE_HYPHEN if at - n >= position]
            phrase = next(filter(None, (pattern.match(text, start) for start in starts)), None)
        else:
            phrase = pattern.match(text, at)
        if phrase is None:
            position = at + 1
        else:
            yield phrase
            position = phrase.end()


def _uncased(text: str, gaz: Gazetteer, rules: LanguageRules, taken: list[tuple[int, int]]) -> list[Mention]:
    """Names in a script without capitals (Arabic): every run of up to four words is looked up,
    with a clitic prefix ("و", "ب", "ل") tried off when the word as written is unknown."""
    words = list(_ANY_WORD.finditer(text))
    found: list[Mention] = []
    i = 0
    while i < len(words):
        hit = None if any(s <= words[i].start() < e for s, e in taken) else _uncased_at(text, words, i, gaz, rules)
        if hit:
            found.append(hit[0])
            i = hit[1]
        else:
            i += 1
    return found


def _uncased_at(text: str, words: list[re.Match[str]], i: int, gaz: Gazetteer, rules: LanguageRules
                ) -> tuple[Mention, int] | None:
    for prefix in ("", *rules.clitics):
        first = words[i].group(0)
        if prefix and not (first.startswith(prefix) and len(first) > len(prefix) + 2):
            continue
        start = words[i].start() + len(prefix)
        if key(first[len(prefix):]) not in gaz.first_words:
            continue
        for j in range(min(len(words), i + 4), i, -1):
            name = text[start:words[j - 1].end()]
            candidates = gaz.index.get(key(name))
            if candidates and key(name) not in gaz.not_places and key(name) not in rules.stopwords:
                return Mention(name, start, words[j - 1].end(), candidates[0].kind, tuple(candidates)), j
    return None


def _linked(text: str, gaz: Gazetteer) -> list[Mention]:
    """Curated names with a lower-case link ("Line of Actual Control", "District of Columbia")."""
    if gaz.linked is None or (" of " not in text and " de" not in text and " du " not in text):
        return []
    if not literals.may_match(text, _needles(gaz.linked)):
        return []
    found = []
    for match in gaz.linked.finditer(text):
        candidates = tuple(gaz.candidates(match.group(0)))
        if candidates:
            best = candidates[0]
            countries = (best.country, best.other) if best.kind == "border" and best.other else ()
            found.append(Mention(match.group(0), match.start(), match.end(), best.kind, candidates, countries))
    return found


@lru_cache(maxsize=16)
def _needles(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """``literals.needles`` of a gazetteer pattern, worked out once."""
    return literals.needles(pattern)


def _borders(text: str, rules: LanguageRules, gaz: Gazetteer) -> list[Mention]:
    found: list[Mention] = []
    if not (literals.may_match(text, rules.class_needles.get("border")) and rules.classes["border"].search(text)):
        return found
    for pattern in rules.borders:
        for match in pattern.finditer(text):
            if any(m.start <= match.start() < m.end for m in found):
                continue
            groups = match.groupdict()
            if groups.get("own"):
                found.append(Mention(match.group(0), match.start(), match.end(), "border", own=True))
                continue
            isos = [gaz.demonym(_POSSESSIVE.sub("", groups[g])) for g in ("a", "b", "c") if groups.get(g)]
            if isos and all(isos) and not rules.classes.get("border", re.compile("x^")).search(groups.get("b") or ""):
                found.append(Mention(match.group(0).strip(), match.start(), match.end(), "border",
                                     countries=tuple(dict.fromkeys(i for i in isos if i))))
    return found


def _phrase_mentions(text: str, phrase: re.Match[str], rules: LanguageRules, gaz: Gazetteer) -> list[Mention]:
    names, starts, ends = _words(phrase.group(0))
    base = phrase.start()
    found: list[Mention] = []
    i = 0
    while i < len(names):
        hit = _longest(names, i, gaz, rules.stopwords)
        if hit is None:
            i += 1
            continue
        j, candidates = hit
        start, end = base + starts[i], base + ends[j - 1]
        mention = _mention(text, start, end, candidates, rules, i == 0 and start == 0, gaz)
        glued = (i > 0 and not found and key(names[i - 1]) not in rules.stopwords) or (mention is not None and mention.end < base + len(phrase.group(0))
                                          and _longest(names, j, gaz, rules.stopwords) is None
                                          and not _ends_within(ends, mention.end - base))
        if mention and not glued and not _is_calendar(mention.name, rules):
            found.append(mention)
        i = j
    if not found:
        unknown = _unknown(text, phrase, rules, gaz)
        if unknown:
            found.append(unknown)
    return found


@lru_cache(maxsize=100_000)
def _words(phrase: str) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]:
    """The words of a capitalised phrase (``_WORD``'s matches): their text, starts and ends.
    Cached: a pure function of the phrase, and the same names recur in every article."""
    words = list(_phrases(phrase, _WORD))
    return (tuple(w.group(0) for w in words), tuple(w.start() for w in words),
            tuple(w.end() for w in words))


def _ends_within(ends: tuple[int, ...], offset: int) -> bool:
    """True when ``offset`` (a designator's end) is past the phrase's last word."""
    return offset >= ends[-1]


def _is_calendar(name: str, rules: LanguageRules) -> bool:
    k = key(name)
    return k in rules.months or k in rules.weekdays


def _longest(names: tuple[str, ...], i: int, gaz: Gazetteer, stopwords: frozenset[str]
             ) -> tuple[int, tuple[Place, ...]] | None:
    """The longest run of ``names`` from ``i`` that names a place: where it ends, its places."""
    found = _longest_name(gaz, stopwords, names[i:i + MAX_WORDS])
    return None if found is None else (i + found[0], found[1])


@lru_cache(maxsize=100_000)
def _longest_name(gaz: Gazetteer, stopwords: frozenset[str], names: tuple[str, ...]
                  ) -> tuple[int, tuple[Place, ...]] | None:
    """How many of ``names`` from the first name a place, and its places. Cached: a pure function
    of gazetteer lookups, and the same names recur in every article."""
    if key(names[0]).split(" ", 1)[0] not in gaz.first_words and \
            key(_POSSESSIVE.sub("", names[0])) not in gaz.first_words:
        return None
    for j in range(len(names), 0, -1):
        k = key(" ".join(names[:j - 1] + (_POSSESSIVE.sub("", names[j - 1]),)))
        if k in gaz.not_places or k in stopwords:
            continue
        candidates = gaz.index.get(k)
        if candidates:
            return j, tuple(candidates)
    return None


def _mention(text: str, start: int, end: int, candidates: tuple[Place, ...], rules: LanguageRules,
             initial: bool, gaz: Gazetteer) -> Mention | None:
    name = _POSSESSIVE.sub("", text[start:end]) if text[start:end].endswith(("'s", "’s")) else text[start:end]
    best = candidates[0]
    if initial and " " not in name and best.kind == "city" and best.rank < 3 and best.population < 100_000:
        return None
    if name.isupper() and len(name) <= 4 and best.kind == "city" and best.rank < 3:
        return None
    after = text[end:]
    if rules.attributive.match(after) or after.startswith(("-backed", "-led", "-based", "-born")):
        return None
    mention = Mention(name, start, end, best.kind, candidates)
    _designate(text, mention, rules, gaz)
    return mention


def _designate(text: str, mention: Mention, rules: LanguageRules, gaz: Gazetteer) -> None:
    """Widen a mention by the designator around it: "Idlib Province", "province of Deraa"."""
    rest = text[mention.end:]
    gap = _SUFFIX.match(rest)
    if gap and _may_designate(rest, gap.end(), rules):
        for kind in ("crossing", "site", "district", "region"):
            match = rules.designators[kind].match(rest, gap.end())
            if match and (kind != "site" or mention.kind != "country"):
                if mention.kind not in ("crossing", "site") or kind in ("crossing", "site"):
                    mention.kind = mention.kind if mention.kind in ("crossing", "site") else kind
                mention.end += match.end()
                mention.name = text[mention.start:mention.end]
                known = gaz.index.get(key(mention.name))     # "Rafah crossing", "Aleppo Citadel"
                if known:
                    mention.candidates, mention.kind = tuple(known), known[0].kind
                return
    if mention.kind == "city" and rules.role("region_prefix").search(text, max(0, mention.start - 30), mention.start):
        mention.kind = "region"


def _may_designate(rest: str, at: int, rules: LanguageRules) -> bool:
    """Can a designator start at ``at``? Not where the next letters begin none of them (most
    names are followed by a verb or "of"): one set lookup instead of four patterns."""
    if rules.designator_heads is None:
        return True
    size, heads = rules.designator_heads
    head = rest[at:at + size]
    return not head.isascii() or head.lower() in heads


def _unknown(text: str, phrase: re.Match[str], rules: LanguageRules, gaz: Gazetteer) -> Mention | None:
    """An unknown name counts as a place after a place preposition or before a designator."""
    name = phrase.group(0)
    before = rules.place_prepositions.search(text, max(0, phrase.start() - 30), phrase.start())
    if not before and not _DESIGNATED.match(text, phrase.end()):
        return None
    if before and _NAME_BEFORE.search(text, max(0, before.start() - 25), before.start()):
        return None     # "Institute for Strategic Studies": a longer proper name, not a place
    mention = Mention(name, phrase.start(), phrase.end(), "place")
    _designate(text, mention, rules, gaz)
    if mention.kind == "place" and not before:
        return None     # without a preposition, only a designator makes a name a place
    return mention if _may_name_place(text, phrase, rules, gaz) else None


def _may_name_place(text: str, phrase: re.Match[str], rules: LanguageRules, gaz: Gazetteer) -> bool:
    """False for what a capitalised phrase after a preposition is more often: a function word,
    an acronym, a demonym, a date, a modifier ("in Pulwama terror attack")."""
    name = phrase.group(0)
    first = key(name.split()[0])
    if first in rules.stopwords or key(name) in gaz.not_places or (name.isupper() and len(name) <= 5):
        return False
    if any(key(w) in gaz.demonyms for w in name.split()) or not any(c.islower() for c in name):
        return False
    if any(key(w) in rules.months or key(w) in rules.weekdays for w in name.split()):
        return False
    return not rules.attributive.match(text[phrase.end():])


def unknown_after(text: str, pos: int, rules: LanguageRules, gaz: Gazetteer) -> Mention | None:
    """A capitalised name right after ``pos`` (the direct object of "stormed", "took")."""
    match = re.compile(r"\s*(?:the\s+(?:town|city|village|district|area|base|hamlet)\s+of\s+|all\s+of\s+)?").match(text, pos)
    phrase = _PHRASE.match(text, match.end() if match else pos)
    if not phrase:
        return None
    name = phrase.group(0)
    if key(name.split()[0]) in rules.stopwords or key(name) in gaz.not_places or key(name) in gaz.demonyms:
        return None
    if name.isupper() and len(name) <= 5:
        return None
    mention = Mention(_POSSESSIVE.sub("", name), phrase.start(), phrase.end(), "place")
    _designate(text, mention, rules, gaz)
    return mention
