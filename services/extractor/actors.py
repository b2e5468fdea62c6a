"""Who acted: named armed groups (``data/actors.yaml``), a state's forces ("the Iraqi Army",
"regime forces"), unnamed non-state fighters, and officials by name for diplomatic contacts.

An actor's ``kind`` (state / non-state) and country decide capture vs recapture.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from services.extractor import datafile, literals
from services.extractor.gazetteer import Gazetteer, key
from services.kernel.errors import DataFileError

DEFAULT_ADJECTIVES = os.path.join(os.path.dirname(__file__), "data", "demonyms.yaml")
DEFAULT_ACTORS = os.path.join(os.path.dirname(__file__), "data", "actors.yaml")
KINDS = ("state", "non-state")
_POSSESSIVE = re.compile(r"['’]s?$")
_OPENERS = frozenset({"The", "A", "An", "Its", "Their", "His", "Her", "Our", "Local", "Regime", "Government",
                      "State", "Junta", "Federal", "National", "Rebel", "Opposition"})
_NOT_AFTER_WORD = r"(?<![\w-])"   # a group's name starts a word
_NAME = re.compile(r"[A-Z][\w'’-]+(?:\s+(?:al-|el-|bin\s+|ibn\s+|de\s+|van\s+)?[A-Z][\w'’-]+){0,3}")


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor mention: as written, its kind and (for states) its country; offsets in sentence."""

    name: str
    kind: str
    country: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ActorIndex:
    """Compiled actor patterns."""

    groups: re.Pattern[str]
    group_kinds: dict[str, tuple[str, str | None]]
    state: re.Pattern[str]
    non_state: re.Pattern[str]
    demonyms: dict[str, str]
    adjectives: dict[str, str] = field(default_factory=dict)   # "malienne", "venezolano" -> ISO
    governs_from: dict[str, date] = field(default_factory=dict)   # de facto governments, by alias
    names: re.Pattern[str] | None = None    # ``groups`` without its opening look-behind
    state_needles: tuple[str, ...] | None = None        # literals.needles of ``state``
    non_state_needles: tuple[str, ...] | None = None    # and of ``non_state``

    def kind_on(self, actor: Actor, day: date | None) -> str:
        """``actor``'s kind on ``day``: a group that became a de facto government ("Taliban",
        from 15 August 2021) was a non-state group before it."""
        name = actor.name.casefold()
        since = next((d for alias, d in self.governs_from.items()
                      if name == alias or name.startswith(alias + " ")), None)   # "Taliban fighters"
        return "non-state" if since and day and day < since else actor.kind

    def find(self, text: str, low: str | None = None) -> list[Actor]:
        """Every actor mention in ``text`` (``low``: it lower-cased), in order, longest first."""
        low = text.lower() if low is None or len(low) != len(text) else low
        found = [self._group(m) for m in self._group_matches(text)]
        if _may_match(low, self.state_needles):
            found += [self._generic(text, m, "state") for m in self.state.finditer(low)]
        if _may_match(low, self.non_state_needles):
            found += [Actor(text[m.start():m.end()], "non-state", None, m.start(), m.end())
                      for m in self.non_state.finditer(low)]
        found.sort(key=lambda a: (a.start, -(a.end - a.start)))
        kept: list[Actor] = []
        for actor in found:
            if not kept or actor.start >= kept[-1].end:
                kept.append(actor)
        return kept

    def _group_matches(self, text: str) -> list[re.Match[str]]:
        """What ``groups.finditer(text)`` yields. ``re`` tries a pattern that opens with a
        look-behind at every position, but skips through one that opens with the names (to where
        a name's first letter is): so ``names`` is searched, and a match kept where the character
        before it is no word character or hyphen, which is all the look-behind asks."""
        if self.names is None:
            return list(self.groups.finditer(text))
        found, position = [], 0
        while (match := self.names.search(text, position)) is not None:
            start = match.start()
            if start and (text[start - 1].isalnum() or text[start - 1] in "_-"):
                position = start + 1
            else:
                found.append(match)
                position = match.end()
        return found

    def _group(self, match: re.Match[str]) -> Actor:
        kind, country = self.group_kinds[match.group(0).casefold()]
        return Actor(match.group(0), kind, country, match.start(), match.end())

    def _generic(self, text: str, match: re.Match[str], kind: str) -> Actor:
        start, country = match.start(), None
        groups = match.re.groupindex      # the groups the data's patterns define (no dict built)
        if "adjective" in groups and match.group("adjective"):    # "l'armée malienne": noun first
            country = self.adjectives.get(key(match.group("adjective")))
        elif "demonym" in groups and match.group("demonym"):
            word = text[match.start("demonym"):match.end("demonym")]
            country = self.demonyms.get(key(_POSSESSIVE.sub("", word))) if word[:1].isupper() else None
            if country is None and word[:1].isupper() and word not in _OPENERS and \
                    text[match.start():match.end()].endswith("Army"):
                kind = "non-state"      # "Arakan Army": a group named "<Name> Army", not a state's
            elif country is None:
                start = match.end("demonym") + 1
        return Actor(text[start:match.end()], kind, country, start, match.end())


@lru_cache(maxsize=4)
def load(gaz: Gazetteer, path: str = DEFAULT_ACTORS) -> ActorIndex:
    """Compile the actors file against the gazetteer's demonyms (built once)."""
    data = datafile.load(path)
    kinds: dict[str, tuple[str, str | None]] = {}
    governs_from: dict[str, date] = {}
    names: list[str] = []
    for row in datafile.need(path, data, "groups", list):
        kind = datafile.need(path, row, "kind", str)
        if kind not in KINDS:
            raise DataFileError(path, datafile.line_of(row), f"kind must be one of {KINDS}")
        country = row.get("country")
        since = _state_from(path, row)
        for alias in [datafile.need(path, row, "name", str), *datafile.strings(path, row, "aliases")]:
            kinds[alias.casefold()] = (kind, country)
            names.append(alias)
            if since:
                governs_from[alias.casefold()] = since
    generic = datafile.need(path, data, "generic", dict)
    demonyms = _demonym_table(gaz)
    # A whole word, checked against the demonym table on a match; possessive (``*+``), since a
    # shorter piece of a word is never a demonym followed by a space: no backtracking into it.
    word = r"[^\W\d_][\w.'’-]*+"
    # Only the listed forms: a plain word after "forces" is a verb as often as not ("police fired").
    adjective = r"(?:" + datafile.alternation(list(adjective_forms())) + r")(?![\w-])"
    state = _generic(path, generic, "state", word, adjective)
    non_state = _generic(path, generic, "non-state", word, adjective)
    alternation = r"(?:" + _by_first_character(names) + r")(?![\w-])"
    groups = re.compile(_NOT_AFTER_WORD + alternation)
    return ActorIndex(groups, kinds, state, non_state, demonyms, adjectives(), governs_from,
                      re.compile(alternation), literals.needles(state), literals.needles(non_state))


def _by_first_character(names: list[str]) -> str:
    """``datafile.alternation(names)`` with the names that open with the same character grouped
    behind it ("M(?:23|arch\\s+23\\s+Movement)|H(?:ayat...)"): ``re`` tries a branch's alternatives
    one after another, a hundred names at each capital; grouped, it tries one per first
    character, then that character's names. The same matches: names that open differently never
    match at the same place (the pattern does not ignore case), and within a group they keep
    their order (longest first), so the same name wins where several could."""
    parts = sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True)
    groups: dict[str, list[str]] = {}
    for part in parts:
        groups.setdefault(part[0], []).append(re.escape(part[1:]).replace(r"\ ", r"\s+"))
    return "|".join(re.escape(first) + ("(?:" + "|".join(rests) + ")" if rests != [""] else "")
                    for first, rests in groups.items())


def _may_match(low: str, needles: tuple[str, ...] | None) -> bool:
    """Can a pattern with these needles match ``low``? Not without one of them in it: a few
    substring tests instead of a pattern tried at every word."""
    return needles is None or any(map(low.__contains__, needles))


def _state_from(path: str, row: dict) -> date | None:
    """The ``state_from`` date of a group that became a de facto government, if any."""
    value = row.get("state_from")
    if value is None:
        return None
    try:
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError as exc:
        raise DataFileError(path, datafile.line_of(row), f"state_from {value!r} is not a date") from exc


@lru_cache(maxsize=1)
def adjective_forms(path: str = DEFAULT_ADJECTIVES) -> dict[str, str]:
    """Every form (both genders, both numbers) of the French and Spanish adjectives of
    nationality in ``data/demonyms.yaml``, as written in lower case, to the country's ISO code."""
    data = datafile.load(path)
    forms: dict[str, str] = {}
    for language, inflect in (("fr", _french_forms), ("es", _spanish_forms)):
        for iso, word in datafile.need(path, data, language, dict).items():
            if iso == datafile.LINE:
                continue
            for form in inflect(str(word)):
                forms[form.lower()] = iso
    return forms


def adjectives(path: str = DEFAULT_ADJECTIVES) -> dict[str, str]:
    """``adjective_forms`` by normalised key ("venezolanas", "vénézuélienne" as "venezuelienne")."""
    return {key(form): iso for form, iso in adjective_forms(path).items()}


def _french_forms(word: str) -> list[str]:
    """malien -> malienne, maliens, maliennes; turc/turque as written; russe stays."""
    masculine, _, feminine = word.partition("/")
    if not feminine:
        feminine = masculine + ("ne" if masculine.endswith(("ien", "éen", "on")) else
                                "" if masculine.endswith("e") else "e")
    return [masculine, feminine, *(w if w.endswith(("s", "x")) else w + "s" for w in (masculine, feminine))]


def _spanish_forms(word: str) -> list[str]:
    """venezolano -> venezolana, venezolanos, venezolanas; francés -> francesa, franceses."""
    if word.endswith("o"):
        return [word, word[:-1] + "a", word + "s", word[:-1] + "as"]
    for ending, stem in (("és", "es"), ("án", "an")):
        if word.endswith(ending):
            base = word[:-len(ending)] + stem
            return [word, base + "a", base + "es", base + "as"]
    return [word, word + ("s" if word.endswith("e") else "es")]


def _demonym_table(gaz: Gazetteer) -> dict[str, str]:
    table = {}
    for word, iso in gaz.demonyms.items():
        table[word] = iso
    return table


def _generic(path: str, generic: dict, kind: str, demonyms: str, adjectives: str) -> re.Pattern[str]:
    patterns = datafile.strings(path, generic, kind)
    body = "|".join(p.replace("{demonym}", rf"(?P<demonym{i}>{demonyms})(?:['’]s)?")
                    .replace("{adjective}", rf"(?P<adjective{i}>{adjectives})") for i, p in enumerate(patterns))
    for group in ("demonym", "adjective"):     # one named group each; the others plain groups
        body = re.sub(rf"\(\?P<{group}\d+>", f"(?P<{group}>", body, count=1)
        body = re.sub(rf"\(\?P<{group}\d+>", "(?:", body)
    return datafile.regex(path, datafile.line_of(generic), r"\b(?:" + body + r")\b")


def _credit(text: str, match: re.Match[str]) -> bool:
    """A dateline or an agency credit, not a person: "VOSTOCHNY COSMODROME", "(Wire)"."""
    name = match.group(0).strip()
    if name.isupper() and len(name) > 3:
        return True
    return text[:match.start()].rstrip().endswith("(") and text[match.end():].lstrip().startswith(")")


def people(text: str, skip: set[str], demonyms: dict[str, str], titles: re.Pattern[str],
           org_words: re.Pattern[str]) -> list[str]:
    """Officials named in a sentence ("Syrian President Bashar al-Assad" -> "Bashar al-Assad")."""
    names = []
    cleaned = titles.sub(",", text)
    for match in _NAME.finditer(cleaned):
        name = match.group(0).strip()
        if not name or org_words.search(name):
            continue
        name = re.sub(r"['’]s$", "", name)
        folded = name.casefold()
        if folded in skip or folded in demonyms or len(name) < 3 or _credit(cleaned, match):
            continue
        if name not in names:
            names.append(name)
    return names
