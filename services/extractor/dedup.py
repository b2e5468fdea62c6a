"""One event per occurrence: candidates that tell the same occurrence are merged.

Two candidates of one type merge when their places are the same or one contains the other
(a country and a town in it; a border and a crossing on it) — keeping the most specific place,
or the city when the other is a site inside it — unless they are the same place on two different
explicit dates (two protests on two days), or were listed apart in one sentence (three towns).
Mentions of an occurrence already found to be background are background too.
"""

from __future__ import annotations

import re

from services.extractor.detect import Candidate
from services.extractor.gazetteer import key
from services.extractor.locate import contains

MERGE_BONUS = 0.05


def merge(candidates: list[Candidate]) -> list[Candidate]:
    """The distinct, non-background events among ``candidates``."""
    candidates = _one_reading(sorted(candidates, key=lambda c: (c.sentence, c.start)))
    candidates = [c for c in candidates if not _told_by_a_verb(c, candidates)]
    background = [c for c in candidates if c.background]
    merged: list[Candidate] = []
    for cand in candidates:
        if cand.background or (not cand.explicit and any(_same_occurrence(b, cand) for b in background)):
            continue
        for kept in merged:
            if _mergeable(kept, cand):
                _absorb(kept, cand)
                break
        else:
            merged.append(cand)
    return merged


#: Two readings of one verb: "have taken back X" is a capture ("taken") and a recapture
#: ("taken back"); the narrower reading is the event.
_NARROWER = {"territory.capture": "territory.recapture"}


#: Troops that reach a border town are the border's reinforcement, whichever verb says so
#: ("enviados a la frontera norte llegaron a Tijuana"), and a town whose fall one verb tells and
#: its retaking another ("the fall of Kherson to Ukrainian forces") was retaken: one event per
#: sentence, place and day.
_NARROWER_IN_SENTENCE = {"military.deployment": "border.reinforcement",
                         "territory.capture": "territory.recapture"}


#: The types that are a narrower reading of another (``_NARROWER``, ``_NARROWER_IN_SENTENCE``).
_NARROW_TYPES = frozenset(_NARROWER.values()) | frozenset(_NARROWER_IN_SENTENCE.values())


def _one_reading(candidates: list[Candidate]) -> list[Candidate]:
    """Drop a candidate that a narrower type tells at the same place: read off the same verb
    (same sentence, same start), or anywhere in the sentence for a deployment and a capture
    (``_NARROWER_IN_SENTENCE``). Only candidates of a narrower type are compared with the rest:
    most articles have few or none, and comparing every pair costs the square of the count."""
    narrow = [o for o in candidates if o.type in _NARROW_TYPES]
    if not narrow:
        return candidates
    return [c for c in candidates if not any(_narrower(o, c) for o in narrow)]


#: The two readings of a taking: "the fall of X" is whichever the article tells with a verb.
_TAKINGS = frozenset({"territory.capture", "territory.recapture"})


def _told_by_a_verb(cand: Candidate, candidates: list[Candidate]) -> bool:
    """Is ``cand`` a taking told by a noun ("the fall of Slavyansk was a blow") that the article
    also tells with a verb ("government troops regained control of Slavyansk")? Then it is that
    occurrence, whose verb says who took the place and so whether it was a recapture."""
    if not cand.refers_back or cand.type not in _TAKINGS or cand.place is None:
        return False
    return any(o is not cand and not o.refers_back and o.type in _TAKINGS and o.place is not None and
               _same_place(o, cand) and _days_agree(o, cand)
               for o in candidates)


def _narrower(other: Candidate, cand: Candidate) -> bool:
    """Is ``other`` the narrower reading of ``cand``'s occurrence? The types and sentences are
    compared before the places: most pairs of an article's candidates differ there already, and
    comparing places folds both names."""
    same_verb = other.type == _NARROWER.get(cand.type) and \
        (other.sentence, other.start) == (cand.sentence, cand.start)
    in_sentence = other.type == _NARROWER_IN_SENTENCE.get(cand.type) and other.sentence == cand.sentence
    if not (same_verb or in_sentence) or other.place is None or cand.place is None or \
            not _same_place(other, cand):
        return False
    return same_verb or _days_agree(other, cand)


def _days_agree(a: Candidate, b: Candidate) -> bool:
    """Can ``a`` and ``b`` be one occurrence by their dates: not two different explicit days
    (two protests on two days at one place are two)?"""
    return not (a.explicit and b.explicit and a.day != b.day)


def _same_occurrence(a: Candidate, b: Candidate) -> bool:
    return a.type == b.type and a.place is not None and b.place is not None and _same_place(a, b)


def _same_place(a: Candidate, b: Candidate) -> bool:
    ma, mb = a.place.mention, b.place.mention
    if key(ma.name) == key(mb.name):
        return True
    return ma.place is not None and ma.place is mb.place


def _mergeable(a: Candidate, b: Candidate) -> bool:
    if a.type != b.type:
        return False
    if a.type == "diplomatic.contact":   # the same parties, not just one of them
        first, second = _surnames(a.people), _surnames(b.people)
        return len(first & second) >= 2 or bool(first & second) and (first <= second or second <= first)
    if a.group == b.group or a.place is None or b.place is None:
        return False
    if _only_guessed(a) or _only_guessed(b):
        return a.type not in _EACH_ON_ITS_OWN
    if _same_place(a, b):
        return _days_agree(a, b)
    ma, mb = a.place.mention, b.place.mention
    if contains(ma, mb) or contains(mb, ma):
        return True
    return a.sentence == b.sentence and _days_agree(a, b) and \
        not _told_apart(a, b)


def _told_apart(a: Candidate, b: Candidate) -> bool:
    """Do two triggers of one sentence each name their own town after them ("marched in Durres,
    and hundreds blocked roads in Korca")? Then they are two occurrences, not one told twice. Only
    towns the gazetteer knows: a region, a country, a site or a name it lacks may be where the
    other lies ("took to the streets of Almaty and gathered in Republic Square")."""
    first, second = (a, b) if a.start <= b.start else (b, a)
    if not (_known_town(first) and _known_town(second)):
        return False
    return first.start < first.place.mention.end <= second.start < second.place.mention.start


def _known_town(cand: Candidate) -> bool:
    """Is the candidate's place a town the gazetteer knows, named near its trigger?"""
    return not cand.place.fallback and cand.place.mention.kind == "city" and cand.place.mention.place is not None


#: Types whose mentions with no place named are often occurrences of their own (a second call).
_EACH_ON_ITS_OWN = frozenset({"diplomatic.contact"})


def _only_guessed(cand: Candidate) -> bool:
    """Is the candidate's place only a guess at country level (no place named near it: "after
    two days of fighting", the lead's summary), or a guess for an occurrence named again by a
    definite noun ("artillery damaged in the shelling")? Then it is the occurrence the article
    tells with a place, when it tells one of that type."""
    return cand.place.fallback and (cand.place.mention.kind == "country" or cand.retold)


def _absorb(kept: Candidate, other: Candidate) -> None:
    if kept.place is not None and other.place is not None:
        _absorb_place(kept, other)
    kept.actors = list(dict.fromkeys(kept.actors + other.actors))
    kept.people = list(dict.fromkeys(kept.people + other.people))
    if other.explicit and not kept.explicit:
        kept.day, kept.explicit = other.day, True
    kept.confidence = max(kept.confidence, other.confidence) + MERGE_BONUS


def _absorb_place(kept: Candidate, other: Candidate) -> None:
    mk, mo = kept.place.mention, other.place.mention
    city_of_site = mk.kind == "site" and mo.kind in ("city", "place") and contains(mo, mk)
    better = (kept.place.fallback and not other.place.fallback) or city_of_site or (
        contains(mk, mo) and not (mo.kind == "site" and mk.kind in ("city", "place")))
    if better:
        old = kept.place
        kept.place = other.place
        kept.place.alternates = list(dict.fromkeys([*kept.place.alternates, old.mention.name, *old.alternates]))
    elif mo.name not in kept.place.alternates and key(mo.name) != key(mk.name):
        kept.place.alternates.append(mo.name)


#: The article an Arabic surname may carry ("el-Sissi", "al-Sharaa"): the same person without it.
_ARTICLE = re.compile(r"^(?:al|el)-")


def _surnames(people: list[str]) -> set[str]:
    return {_ARTICLE.sub("", p.split()[-1].casefold()) for p in people if p}
