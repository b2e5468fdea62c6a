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

from services.extractor import boundary, literals
from services.extractor.gazetteer import LEVEL, Gazetteer, Place, key
from services.extractor.rules import NEVER, LanguageRules

MAX_WORDS = 6
_PARTICLES = ("al", "el", "ad", "ar", "as", "ash", "an", "at", "az", "ez", "es", "ed", "bin", "ibn")
# Capitals: ASCII, Latin-1 and the capitals of Latin Extended-A/B ("Šumskas", "Łódź", "Żytomyr").
_CAPITAL = "A-Z\u00C0-\u00DE" + "".join(c for c in map(chr, range(0x100, 0x250)) if c.isupper())
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
# A designator that ends in "de"/"du"/"d'": the name after it may be a town's ("pont de Gaya").
_OF = re.compile(r"(?:\bde|\bdu|d['’])\s*$")
# A name after a designator that comes first (Romance order): its words may be linked by "de",
# "del", "de la" ("el puente Francisco de Paula Santander").
_LINKED_NAME = re.compile(_TOKEN + r"(?:\s+(?:(?:de|del|de\s+la|des|du)\s+)?" + _TOKEN + r")*")
# Between names after a plural designator: "los puentes Simón Bolívar, Santander y Unión".
_NAME_LIST_GAP = re.compile(r"\s*,\s*|\s+(?:y|e|et|and)\s+|\s*,\s*(?:y|e|et|and)\s+")


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
    government: bool = False               # "Moscow's defence ministry": the state, not a place
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



def name_word_at(text: str, start: int) -> re.Match[str] | None:
    """The capitalised name word (or "al-" name) beginning at ``start``, if one does: what this
    module counts as a word of a place name."""
    return _WORD.match(text, start)

def find(text: str, rules: LanguageRules, gaz: Gazetteer, taken: list[tuple[int, int]] | None = None
         ) -> list[Mention]:
    """Every place mention in ``text``.

    ``taken`` are spans already known to be something else (actor names).
    """
    mentions = _borders(text, rules, gaz) + _linked(text, gaz) + _territories(text, rules, gaz)
    mentions += _designated_first(text, rules, gaz, [(m.start, m.end) for m in mentions])
    taken = [(m.start, m.end) for m in mentions] + (taken or [])
    if rules.uncased:
        mentions.extend(_uncased(text, gaz, rules, taken))
        mentions.sort(key=lambda m: m.start)
        return mentions
    last: Mention | None = None
    skip_to = -1
    people = _person_leads(text, rules)
    for phrase in _phrases(text):
        start = phrase.start()
        if start < skip_to or (taken and any(s <= start < e for s, e in taken)):
            continue
        if start in people and not any(p.kind == "country" for p in gaz.candidates(phrase.group(0))):
            continue
        joined = _joined_name(text, phrase, rules, gaz)
        if joined is not None:
            mentions.append(joined)
            last, skip_to = joined, joined.end
            continue
        found = _phrase_mentions(text, phrase, rules, gaz) or _listed_unknown(text, phrase, last, rules, gaz)
        mentions.extend(found)
        last = found[-1] if found else last
    mentions.sort(key=lambda m: m.start)
    mentions = _without_owners(text, mentions, rules)
    return _listed_borders(text, _shared_designators(text, mentions, rules, gaz), rules)


def _person_leads(text: str, rules: LanguageRules) -> set[int]:
    """Where a person's name would start: after a lower-case title or a noun that takes a
    person ("el expresidente Pedro Castillo", "el gobierno de Dina Boluarte"). A name there may
    be towns somewhere ("Pedro", "Castillo") but is nobody's location; a country there ("el
    gobierno de Colombia") is still a country. One scan per sentence, not one per name."""
    if "person_lead" not in rules.roles:
        return set()
    return {lead.end() for lead in rules.roles["person_lead"].finditer(text)}


#: A lower-case link inside a place's name ("Mocímboa da Praia", "Ciudad del Este").
_NAME_LINK = re.compile(r"\s+(?:da|do|dos|das|de|del|della|di|du|des|de\s+la|de\s+los)\s+|\s+d['’]")


def _joined_name(text: str, phrase: re.Match[str], rules: LanguageRules, gaz: Gazetteer
                 ) -> Mention | None:
    """Two capitalised phrases joined by a lower-case link that the gazetteer knows as one
    name ("Mocímboa da Praia" is not Praia, the capital of Cape Verde)."""
    link = _NAME_LINK.match(text, phrase.end())
    second = _PHRASE.match(text, link.end()) if link else None
    if second is None:
        return None
    candidates = gaz.index.get(key(text[phrase.start():second.end()]))
    if not candidates:
        return None
    return _mention(text, phrase.start(), second.end(), tuple(candidates), rules, phrase.start() == 0, gaz)


def _listed_borders(text: str, mentions: list[Mention], rules: LanguageRules) -> list[Mention]:
    """Countries listed after a one-sided border are borders too: "les frontières avec
    l'Algérie, le Burkina Faso et le Mali" names three (each completed with the acting state)."""
    listed: list[Mention] = []
    for mention in mentions:
        last = listed[-1] if listed else None
        if mention.kind == "country" and last is not None and last.kind == "border" and \
                len(last.countries) == 1 and rules.list_gap.match(text[last.end:mention.start]):
            mention = Mention(mention.name, mention.start, mention.end, "border",
                              countries=(mention.country or (mention.candidates[0].country if mention.candidates else ""),))
        listed.append(mention)
    return listed


#: Names listed before the last one of a plural designator: "the Šumskas and Tverečius checkpoints".
_LISTED_BEFORE = re.compile(rf"((?:{_TOKEN}(?:\s+{_TOKEN})*\s*,\s*)*{_TOKEN}(?:\s+{_TOKEN})*)\s+(?:and|or|et|ou|y|o)\s+$")


def _shared_designators(text: str, mentions: list[Mention], rules: LanguageRules, gaz: Gazetteer
                        ) -> list[Mention]:
    """Names listed before a place whose designator is plural share it, so each is a place of
    that kind: "the Šumskas and Tverečius checkpoints" names two crossings."""
    added: list[Mention] = []
    for mention in mentions:
        last = mention.name.rsplit(None, 1)[-1]
        if mention.kind not in ("crossing", "site", "district", "region") or not last.endswith("s") \
                or " " not in mention.name or not rules.designators[mention.kind].fullmatch(last):
            continue
        listed = _LISTED_BEFORE.search(text, max(0, mention.start - 120), mention.start)
        if listed is None:
            continue
        for name in _phrases(listed.group(1)):
            start = listed.start(1) + name.start()
            for word in _phrases(name.group(0), _WORD):     # "The Šumskas": not "The"
                if key(word.group(0)) not in rules.stopwords:
                    start += word.start()
                    break
            phrase = _PHRASE.match(text, start)
            known = [m for m in mentions if m.start <= start < m.end]
            if known and known[0].kind in ("city", "place") and known[0].start == start:
                known[0].kind = mention.kind    # "the Nogales and Naco crossings": the crossing named after the town
            elif phrase and not known and _may_name_place(text, phrase, rules, gaz):
                added.append(Mention(phrase.group(0), start, phrase.end(), mention.kind))
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


def _designated_first(text: str, rules: LanguageRules, gaz: Gazetteer, taken: list[tuple[int, int]]
                      ) -> list[Mention]:
    """Sites and crossings whose designator comes first ("el puente internacional Simón Bolívar",
    "l'aéroport Diori-Hamani"): the name is the place even when no gazetteer knows it. A known
    town after "de" ("le poste-frontière de Goumois") is left to name the place itself."""
    found: list[Mention] = []
    if rules.designator_before is NEVER:
        return found    # a language without designators before names: no scan of the sentence
    for match in rules.designator_before.finditer(text):
        name = _LINKED_NAME.match(text, match.end())
        if name is None or any(s <= match.start() < e for s, e in taken):
            continue
        known = gaz.index.get(key(name.group(0)))
        if _OF.search(match.group(0)) and known and known[0].kind != "country":
            continue
        kind = "crossing" if match.group("crossing") else "site"
        designator = match.group(kind)
        start = match.start(kind)
        found.append(Mention(text[start:name.end()], start, name.end(), kind))
        if designator.endswith("s"):    # plural: every name listed after it is one of them
            found += _listed_after(text, name.end(), kind)
    return found


def _listed_after(text: str, end: int, kind: str) -> list[Mention]:
    """The names listed after a plural designator's first one, each a place of ``kind``."""
    found = []
    while (gap := _NAME_LIST_GAP.match(text, end)) and (name := _LINKED_NAME.match(text, gap.end())):
        found.append(Mention(name.group(0), name.start(), name.end(), kind))
        end = name.end()
    return found


def _without_owners(text: str, mentions: list[Mention], rules: LanguageRules) -> list[Mention]:
    """Drop countries that own what is named ("stormed the embassies of Rwanda, Belgium and
    Kenya"), with the countries listed after them: the event was not in those countries."""
    kept: list[Mention] = []
    owner: Mention | None = None
    for mention in mentions:
        if mention.kind == "country" and (
                rules.owner_of.search(text, max(0, mention.start - 40), mention.start) or
                (owner is not None and rules.list_gap.match(text[owner.end:mention.start]))):
            owner = mention
            continue
        owner = None
        kept.append(mention)
    return kept


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
    if gaz.linked_hint is not None and gaz.linked_hint.search(text) is None:
        return []
    found = []
    for match in gaz.linked.finditer(text):
        candidates = tuple(gaz.candidates(match.group(0)))
        if candidates:
            best = candidates[0]
            countries = (best.country, best.other) if best.kind == "border" and best.other else ()
            found.append(Mention(match.group(0), match.start(), match.end(), best.kind, candidates, countries))
    return found


def _borders(text: str, rules: LanguageRules, gaz: Gazetteer) -> list[Mention]:
    found: list[Mention] = []
    if not (literals.may_match(text, rules.class_needles.get("border")) and rules.classes["border"].search(text)):
        return found
    for pattern, rest, needles in rules.border_scans:
        if not literals.may_match(text, needles):
            continue    # a text without the pattern's needles: no match to scan for
        for match in boundary.finditer(pattern, rest, text):
            if any(m.start <= match.start() < m.end for m in found):
                continue
            groups = match.groupdict()
            if groups.get("own"):
                found.append(Mention(match.group(0), match.start(), match.end(), "border", own=True))
                continue
            isos = [gaz.demonym(_POSSESSIVE.sub("", groups[g])) for g in ("a", "b", "c") if groups.get(g)]
            if isos and all(isos) and not rules.classes.get("border", re.compile("x^")).search(groups.get("b") or ""):
                span = "span" if groups.get("span") else 0   # "A and B reopened <their border>"
                found.append(Mention(match.group(span).strip(), match.start(span), match.end(span), "border",
                                     countries=tuple(dict.fromkeys(i for i in isos if i))))
    return found


def _territories(text: str, rules: LanguageRules, gaz: Gazetteer) -> list[Mention]:
    """A country named by its people's adjective and the word for its land ("Gambian
    territory", "territoire malien"): troops that entered it were in that country."""
    found: list[Mention] = []
    if not literals.may_match(text, rules.role_needles.get("territory", ())):
        return found    # most sentences name no land: one substring test each
    for match in rules.role("territory").finditer(text):
        iso = gaz.demonym(match.group("people"))
        country = gaz.country(iso) if iso else None
        if country:
            found.append(Mention(country.name, match.start(), match.end(), "country", (country,), country=iso))
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
    if initial and " " not in name and best.kind == "city" and best.rank < 3 and \
            best.population < 100_000 and not rules.place_apposition.match(text, end):
        return None     # a small town's name opening a sentence is more often a word ("Said")
    if name.isupper() and len(name) <= 4 and best.kind == "city" and best.rank < 3:
        return None
    if best.kind != "country" and key(name) in gaz.demonyms:
        return None     # "Thai and Cambodian troops": a people's name, not the town it also is
    after = text[end:]
    if rules.caseless_match(rules.attributive, after) or after.startswith(("-backed", "-led", "-based", "-born")):
        return None
    mention = Mention(name, start, end, best.kind, candidates)
    mention.government = name != text[start:end] and best.kind in ("country", "city", "region") and \
        rules.caseless_match(rules.role("possessed"), text, end) is not None
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
    if mention.kind == "city" and rules.caseless_search(rules.role("region_prefix"), text, max(0, mention.start - 30),
                                                        mention.start):
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
    """An unknown name counts as a place after a place preposition, before a designator, or
    described as one by the apposition after it ("Mahaday, a town on the main road north")."""
    name = phrase.group(0)
    if not _words_may_name_place(gaz, rules.stopwords, rules.name_articles, rules.calendar, name):
        return None     # what ``_may_name_place`` would say at the end, known from the words alone
    before = rules.caseless_search(rules.place_prepositions, text, max(0, phrase.start() - 30), phrase.start())
    described = rules.place_apposition.match(text, phrase.end()) is not None
    if not before and not described and not _DESIGNATED.match(text, phrase.end()):
        return None
    if before and not described and _longer_name_before(text, before.start(), rules):
        return None     # "Institute for Strategic Studies": a longer proper name, not a place
    mention = Mention(name, phrase.start(), phrase.end(), "place")
    _designate(text, mention, rules, gaz)
    if mention.kind == "place" and not before and not described:
        return None     # without a preposition, only a designator makes a name a place
    return mention if _may_name_place(text, phrase, rules, gaz) else None


def _longer_name_before(text: str, end: int, rules: LanguageRules) -> bool:
    """Does a capitalised word (not a day or a month: "on Friday at Hantoub") end at ``end``?"""
    word = _NAME_BEFORE.search(text, max(0, end - 25), end)
    return word is not None and not _is_calendar(word.group(0).strip(), rules)


def _may_name_place(text: str, phrase: re.Match[str], rules: LanguageRules, gaz: Gazetteer) -> bool:
    """False for what a capitalised phrase after a preposition is more often: a function word,
    an acronym, a demonym, a date, a modifier ("in Pulwama terror attack")."""
    if not _words_may_name_place(gaz, rules.stopwords, rules.name_articles, rules.calendar, phrase.group(0)):
        return False
    return not rules.caseless_match(rules.attributive, text[phrase.end():])


@lru_cache(maxsize=100_000)
def _words_may_name_place(gaz: Gazetteer, stopwords: frozenset[str], articles: frozenset[str],
                          calendar: frozenset[str], name: str) -> bool:
    """``_may_name_place`` as far as the name's own words tell (``calendar``: the weekdays and
    months; ``articles``: those that open place names, "El Plateado"). Cached: a pure function of
    the name and tables that do not change once loaded, and the same capitalised words ("The",
    "Police") open sentence after sentence."""
    first = key(name.split()[0])
    if first in stopwords and not (first in articles and " " in name):
        return False
    if key(name) in gaz.not_places or (name.isupper() and len(name) <= 5):
        return False
    if any(key(w) in gaz.demonyms for w in name.split()) or not any(c.islower() for c in name):
        return False
    if any(key(_POSSESSIVE.sub("", w)) in calendar for w in name.split()):
        return False    # "Saturday's assault": a day, not a place
    return True


def opening_name(text: str, end: int, rules: LanguageRules, gaz: Gazetteer) -> Mention | None:
    """An unknown name that is all the sentence says before ``end`` ("Jarinje was reopened"):
    the subject of a passive verb, read as a place (with its designator, if any)."""
    opening = rules.role("opening_article").match(text)     # "The town of", "La localité de"
    phrase = _PHRASE.match(text, opening.end() if opening else 0)
    if phrase is None or text[phrase.end():end].strip() or not _may_name_place(text, phrase, rules, gaz):
        return None
    mention = Mention(_POSSESSIVE.sub("", phrase.group(0)), phrase.start(), phrase.end(), "place")
    _designate(text, mention, rules, gaz)
    return mention


#: Between a verb and the unknown name it takes: a quotation closing round the verb ('had
#: "liberated" Kozinka'), "the town of", "all of", "the whole of".
def unknown_after(text: str, pos: int, rules: LanguageRules, gaz: Gazetteer) -> Mention | None:
    """A capitalised name right after ``pos`` (the direct object of "stormed", "took")."""
    lead = rules.role("unknown_object_lead").match(text, pos)   # "the town of", "the centre of"
    phrase = _PHRASE.match(text, lead.end() if lead else pos)
    if not phrase:
        return None
    name = phrase.group(0)
    first = key(name.split()[0])
    if (first in rules.stopwords and not (first in rules.name_articles and " " in name)) or \
            key(name) in gaz.not_places or key(name) in gaz.demonyms:
        return None
    if _is_calendar(name, rules) or (name.isupper() and len(name) <= 5):
        return None
    mention = Mention(_POSSESSIVE.sub("", name), phrase.start(), phrase.end(), "place")
    _designate(text, mention, rules, gaz)
    return mention
