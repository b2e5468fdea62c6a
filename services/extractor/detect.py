"""Triggers to candidate events: one trigger match, checked for sense and modality, with its
roles bound (place, actors, date) and its family resolved to an event type.

A candidate is dropped when the wording is another sense ("captured on camera"), when the clause
before the trigger makes it unasserted (negation, denial, threat, plan, condition, attempt,
question), or when a role it needs is missing (a border for a closure, a place for "stormed").
A candidate dated more than a week before publication is kept, flagged as background, so that
later mentions of the same occurrence can be recognised as background too.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date

from services.extractor import actors as actor_lib
from services.extractor import boundary, literals, locate, places, roles
from services.extractor import rules as rules_lib
from services.extractor.dates import BACKGROUND_DAYS
from services.extractor.document import Document
from services.extractor.rules import Trigger

_CAPITAL = re.compile(r"[A-Z]")
_NAME_WORD = re.compile(r"\b[A-Z][a-z]+")
_NAME_REST = re.compile(r"[A-Z][a-z]+")     # ``_NAME_WORD`` without its opening ``\b`` (boundary.py)


@dataclass(slots=True)
class Candidate:
    """An event found at one trigger, before de-duplication."""

    type: str
    trigger: str
    sentence: int
    start: int
    place: locate.Place | None
    actors: list[str]
    day: date | None
    explicit: bool
    background: bool
    confidence: float
    group: int
    people: list[str] = field(default_factory=list)
    evidence: str = ""
    refers_back: bool = False       # told by a noun ("the fall of X"): see dedup
    retold: bool = False            # a definite noun with no place of its own ("in the shelling"): see dedup

def candidates(doc: Document) -> list[Candidate]:
    """Every candidate event in the document, in reading order."""
    found: list[Candidate] = []
    for index, triggers in _sentences_with_keys(doc):
        text, _start, _paragraph, heading = doc.sentences[index]
        if heading or text.endswith("?"):     # a sentence's text is stripped
            continue
        low = doc.lows[index]
        for trigger in triggers:
            if trigger.gates and not trigger.may_fire(text, low):
                continue
            for match in boundary.finditer(trigger.pattern, trigger.rest, text if trigger.case else low):
                if _plausible(doc, index, trigger, match):
                    found.extend(_candidate(doc, index, trigger, match, len(found)))
    _force_at_protest(found)
    return found


def _force_at_protest(found: list[Candidate]) -> None:
    """Force used on a crowd in a sentence that names no place ("police fired tear gas to
    disperse the crowd") was used where that crowd protested: the place of a protest told just
    before it (``PROTEST_REACH`` sentences), rather than a guess from the sentence before or the
    dateline. A guess that already names the protest's place or what contains it stays (a
    country is too coarse to). The crowd meant is the last one told, even where that protest's
    own place is a guess."""
    protest = None
    for cand in found:
        if cand.type == "protest" and cand.place is not None and not cand.background:
            protest = cand
        elif cand.type == "protest.violence" and protest is not None and cand.place is not None \
                and cand.place.fallback and cand.sentence - protest.sentence <= PROTEST_REACH:
            guess = cand.place.mention
            if guess.kind == "country" or guess.name not in (protest.place.mention.name, *protest.place.alternates):
                cand.place = protest.place


#: How many sentences after a protest force used on "the crowd" is still told of that protest
#: (a gathering, a chant, a ministry's statement, then "the gendarmes fired tear gas").
PROTEST_REACH = 3


def _sentences_with_keys(doc: Document) -> list[tuple[int, tuple[Trigger, ...]]]:
    """The sentences holding a trigger key word, with the triggers to try on each: each
    sentence's words are looked up as a set (the article's punctuation blanked once), so
    sentences without a key word cost a split and a set test."""
    rules = doc.rules
    blanked = rules_lib.blank(doc.low)
    words = [blanked[start:start + len(text)].split() for text, start, _paragraph, _heading in doc.sentences]
    hits = rules.key_hits_each(words)
    if rules_lib.has_symbols(blanked):
        _add_glued(doc, hits, [i for i, w in enumerate(words) if w and not "".join(w).isalnum()])
    return [(i, rules.keyed(found)) for i, found in enumerate(hits) if found]


def _add_glued(doc: Document, hits: list[set[str]], glued: list[int]) -> None:
    """A key word found in the article also counts in the ``glued`` sentences where a symbol
    outside the punctuation list is stuck to it ("$closed", "closed_"): a whole word there too."""
    found = set().union(*hits)
    for i in glued:
        hits[i] = hits[i] | {word for word in found if _positions(doc.lows[i], word)}


def _positions(low: str, word: str) -> list[int]:
    """Where ``word`` occurs as a whole word ("re" is not the one inside "were")."""
    found, position, size = [], low.find(word), len(word)
    while position != -1:
        if (position == 0 or not low[position - 1].isalnum()) and not low[position + size:position + size + 1].isalnum():
            found.append(position)
        position = low.find(word, position + size)
    return found


def _plausible(doc: Document, index: int, trigger: Trigger, match: re.Match[str]) -> bool:
    """Cheap checks first: the sense of the word, the classes it needs, a role it must have."""
    if not _sense_ok(doc, index, trigger, match):
        return False
    text, low = doc.sentences[index].text, doc.lower(index)
    if trigger.object == "border":
        return doc.rules.search("border", text, low, max(0, match.start() - 120), match.end() + 120)
    if trigger.object in ("place", "lost"):
        return (_CAPITAL.search(text, match.end(), match.end() + 45) is not None or
                doc.rules.anaphora_pattern.search(low, match.end(), match.end() + 30) is not None)
    return True


def _candidate(doc: Document, index: int, trigger: Trigger, match: re.Match[str], group: int
               ) -> list[Candidate]:
    text, low = doc.sentences[index].text, doc.lower(index)
    kind = trigger.type
    if kind == "diplomatic.contact":    # most "met" and "received" name no two parties: check that first
        contact = _contact(doc, index, trigger, match, group)
        return contact if contact and _asserted(doc, index, trigger, match) else []
    if not _asserted(doc, index, trigger, match):
        return []
    start, end = _clause(doc.clause_bounds(index), match.start(), len(text))
    subject = roles.subject(doc, index, match, start, trigger)
    chosen = roles.bind_places(doc, index, trigger, match, start, end, subject)
    if chosen is None:
        return []
    day, explicit, age = roles.date_of(doc, index, match.start(), start, end)
    if age is None:
        age = roles.trailing_age(doc, index, match.end())
    background = age is not None and age > BACKGROUND_DAYS
    out = []
    for place in chosen:
        resolved = roles.resolve_type(doc, kind, trigger, match, place, subject, text, end)
        if resolved is None:
            continue
        names = list(dict.fromkeys(([subject.name] if subject else []) +
                                   [a.name for a in doc.actors(index) if start <= a.start < end]))
        confidence = _confidence(doc, index, trigger, match, place, explicit)
        out.append(Candidate(resolved, trigger.id, index, match.start(), place, names, day, explicit,
                             background, confidence, group, evidence=text, refers_back=trigger.refers_back,
                             retold=_retold(doc, index, resolved, match, place)))
    return out


#: Types whose trigger, after a definite article, is a noun for the occurrence itself ("the
#: shelling", "the fighting"); a protest's is often its crowd ("los manifestantes llegaron").
_NAMED_BY_NOUN = frozenset({"strike", "armed.clash"})


def _retold(doc: Document, index: int, kind: str, match: re.Match[str], place: locate.Place) -> bool:
    """Is the occurrence named again by a definite noun, with no place of its own ("artillery
    damaged in the shelling")? Then it is the one told before (dedup)."""
    return place.fallback and kind in _NAMED_BY_NOUN and doc.role_before(index, "definite", match.start(), 8)


def _confidence(doc: Document, index: int, trigger: Trigger, match: re.Match[str], place: locate.Place,
                explicit: bool) -> float:
    """How strong the evidence is: the wording, a place the gazetteer knows, an explicit date,
    less for a place only guessed from context and for a claim hedged or contested nearby."""
    low = doc.lower(index)
    score = trigger.confidence + (0.1 if place.mention.place else 0) - (0.2 if place.fallback else 0)
    score += 0.05 if explicit else 0
    for hedge in doc.rules.hedges:
        window = (low[max(0, match.start() - hedge.before):match.start()] if hedge.before else "") + " " + \
                 (low[match.end():match.end() + hedge.after] if hedge.after else "")
        if hedge.search(window):
            score -= hedge.penalty
    return score


#: Characters before a trigger in which its subject is looked for (``not_after``).
SUBJECT_WINDOW = 40


def _sense_ok(doc: Document, index: int, trigger: Trigger, match: re.Match[str]) -> bool:
    """The word is used in the trigger's sense and the sentence has the classes it needs."""
    rules, low = doc.rules, doc.lower(index)
    if trigger.adjective and rules.role("adjective").search(low, max(0, match.start() - 5), match.start()):
        return False    # "a closed border gate": a state, not an act
    if trigger.blockers:
        after = low[match.end():]       # sliced only for a trigger with blockers
        for name in trigger.blockers:   # loops, not generators: most triggers have one or none
            if rules.blocker_tests[name](after):
                return False
    if trigger.not_after:
        before = low[max(0, match.start() - SUBJECT_WINDOW):match.start()]
        for name in trigger.not_after:  # "footage captured by", "protesters who stormed"
            if rules.subjects[name].search(before):
                return False
    for name in trigger.needs:
        if not _has(doc, index, name, trigger, match):
            return False
    return True


#: How far after a deployment verb its destination may begin and still come before the forces
#: sent ("envió el viernes a Culiacán 230 elementos", "a dépêché à Gao 300 soldats").
DESTINATION_FIRST = 16


#: How far before a deployment verb its forces may be named: a subject can be long ("More than
#: 1,000 Saudi soldiers and about 500 police officers from the United Arab Emirates crossed").
FORCE_SUBJECT_REACH = 90


def _has(doc: Document, index: int, name: str, trigger: Trigger, match: re.Match[str]) -> bool:
    """Is word class ``name`` where the trigger needs it? Forces must be the verb's subject or
    object ("troops were deployed", "deployed troops to"); the crowd a force was used against
    may be named in the sentence before ("Thousands marched. Police used tear gas on them."), and
    so may the fighters who "captured" a place."""
    rules, text, low = doc.rules, doc.sentences[index].text, doc.lower(index)
    if name == "force":
        destination = doc.rules.role("destination").search(low, match.end(), match.end() + 60)
        stop = destination.start() if destination else match.end() + 60
        return bool(rules.search(name, text, low, max(0, match.start() - FORCE_SUBJECT_REACH), match.start()) or
                    rules.search(name, text, low, match.end(), stop) or
                    (destination is not None and destination.start() - match.end() <= DESTINATION_FIRST
                     and _forces_after_place(rules, text, low, destination.end())))
    capture = name == "armed" and trigger.type == "capture"
    if rules.search(name, text, low) or (capture and doc.actors(index)):
        return True     # for a capture, a named force or group ("the Taliban", "M23") is armed
    if name == "person" and trigger.titled_before:
        return _titled_before(doc, index)
    if not (capture or name == "demonstrators") or index == 0:
        return False
    previous = index - 1
    return rules.search(name, doc.sentences[previous].text, doc.lower(previous)) or bool(
        capture and doc.actors(previous))


def _forces_after_place(rules: rules_lib.LanguageRules, text: str, low: str, start: int) -> bool:
    """Are forces named after the place a destination preposition opens at ``start``? The word
    there must be a name and no force itself ("desplegó al Ejército en la frontera" names the
    forces, not where they went; "arrived in gun trucks" names no place)."""
    word = places.name_word_at(text, start)
    if word is None or rules.search("force", text, low, start, word.end()):
        return False
    return rules.search("force", text, low, word.end(), word.end() + 60)


#: How far before a name its title may be ("Secretary of State Antony Blinken").
TITLE_REACH = 40


def _titled_before(doc: Document, index: int) -> bool:
    """Are the two or more people a sentence names without a title ("Blinken also held a
    separate call with Pashinyan") officials named with their titles earlier in the article?"""
    if doc.rules.uncased or not _two_name_words(doc.sentences[index].text):
        return False
    people = _officials(doc, index, False)
    return len(people) >= 2 and all(_was_titled(doc, index, person.split()[-1]) for person in people)


def _two_name_words(text: str) -> bool:
    """Does ``text`` hold two capitalised words after its first character (two matches of
    ``_NAME_WORD.findall(text, 1)``)? ``re`` tries a pattern opening with ``\\b`` at every
    position; ``_NAME_REST`` is skipped through to the capitals, and a match kept where the
    character before it is no word character, which is all the ``\\b`` asks there."""
    count, position = 0, 1
    while (match := _NAME_REST.search(text, position)) is not None:
        start = match.start()
        if text[start - 1].isalnum() or text[start - 1] == "_":
            position = start + 1
            continue
        count += 1
        if count == 2:
            return True
        position = match.end()
    return False


def _was_titled(doc: Document, index: int, surname: str) -> bool:
    """Was ``surname`` named before sentence ``index`` with an official's title just before it?"""
    for earlier in range(index):
        text = doc.sentences[earlier].text
        at = text.find(surname)
        if at > 0 and doc.rules.search("person", text, doc.lower(earlier), max(0, at - TITLE_REACH), at):
            return True
    return False


def _asserted(doc: Document, index: int, trigger: Trigger, match: re.Match[str]) -> bool:
    """No negation, denial, threat, plan, condition or attempt in the clause before the trigger,
    and no claim it was false (or a future) after it."""
    text, low = doc.sentences[index].text, doc.lower(index)
    start, _end = _clause(doc.clause_bounds(index), match.start(), len(text))
    before = low[max(0, match.start() - 40):match.start()]
    if doc.rules.role("infinitive").search(before) and not trigger.infinitive and not doc.rules.role("decision").search(before):
        return False
    return not (_cue_before(doc, index, trigger, match, start) or _cue_after(doc, index, match))


def _cue_before(doc: Document, index: int, trigger: Trigger, match: re.Match[str], start: int) -> bool:
    """Is a modality cue within its reach before the trigger (and in its clause)? One pattern
    joining the lower-case cues is tried first over the widest reach: most triggers have none,
    and one search costs less than one per cue."""
    rules, text, low = doc.rules, doc.sentences[index].text, doc.lower(index)
    near = rules.cue_near(low, max(start, match.start() - rules.cue_reach), match.start())
    for cue in rules.cues_before if near else rules.cues_unjoined:
        if cue.sentence and not literals.may_match(low, cue.needles):
            continue    # a sentence-wide cue is tried past the clause: its needles first
        first = 0 if cue.sentence else start
        found = cue.pattern.search(text if cue.case else low, max(first, match.start() - cue.before), match.start())
        if found and not _excused(doc, low, trigger, match, cue.name, found):
            return True
    return False


def _cue_after(doc: Document, index: int, match: re.Match[str]) -> bool:
    """Is a modality cue right after the trigger ("... was false", "advancing ... will")?"""
    gerund = match.group(0).casefold().endswith("ing")
    for cue in doc.rules.cues_after:
        if not gerund and cue.name.startswith("gerund_"):
            continue    # "closing ... will", "shutting ... is not excluded": said of a gerund only
        subject = doc.sentences[index].text if cue.case else doc.lower(index)
        if cue.search(subject[match.end():match.end() + cue.after]):
            return True
    return False


def _excused(doc: Document, low: str, trigger: Trigger, match: re.Match[str], cue: str,
             found: re.Match[str]) -> bool:
    """The exceptions EVENTS.md makes: a closure or reopening announced as taken and effective
    within days ("will close ... from midnight on Thursday"), and a continuing closure that is
    itself the news ("remained closed for a second week"); and, for a contact, discussing,
    which is what the officials did ("discussed the crisis in a telephone conversation")."""
    if trigger.type == "diplomatic.contact":
        return cue == "intention" and doc.rules.role("discussed").match(found.group(0)) is not None
    if not trigger.type.startswith("border.") or trigger.type == "border.reinforcement":
        return False
    if cue == "intention" and found.group(0) in ("will", "is to", "are to"):
        return doc.rules.role("effective").search(low, match.end()) is not None
    if cue == "stative":
        return doc.rules.role("continuing").match(low, match.end()) is not None
    return False


def _clause(bounds: list[int], position: int, length: int) -> tuple[int, int]:
    """The clause around ``position``: from the last bound at or before it to the next after it
    (``bounds`` ascend, as ``clause_bounds`` finds them, so a bisection finds both)."""
    after = bisect.bisect_right(bounds, position)
    start = bounds[after - 1] if after else 0
    end = bounds[after] if after < len(bounds) else length
    return start, end


def _officials(doc: Document, index: int, counterpart: bool) -> list[str]:
    """Officials named in a sentence: capitalised names after their titles, or, in a script
    without capitals, the names the language's ``person_name`` pattern picks out. ``counterpart``:
    the sentence names a party only by role ("his counterpart")."""
    text = doc.sentences[index].text
    if doc.rules.uncased:
        return list(dict.fromkeys(m.group("name") for m in doc.rules.role("person_name").finditer(text)))
    if not counterpart and not _two_name_words(text):
        return []       # two parties need two names, or "his counterpart"
    skip = {m.name.casefold() for m in doc.mentions(index)} | {a.name.casefold() for a in doc.actors(index)}
    skip |= doc.rules.calendar
    return actor_lib.people(text, skip, doc.actor_index.demonyms, doc.rules.role("titles"),
                            doc.rules.role("org_words"))


def _contact(doc: Document, index: int, trigger: Trigger, match: re.Match[str], group: int) -> list[Candidate]:
    text = doc.sentences[index].text
    counterpart = doc.rules.caseless_search(doc.rules.role("counterpart"), text) is not None
    people = _officials(doc, index, counterpart)
    if len(people) < 2 and counterpart:
        people = people + [m.group(0) for m in doc.rules.role("titled").finditer(text)][:2 - len(people)]
    if len(people) < 2:     # "the foreign ministers of Egypt and Qatar met"
        people = _paired_officials(doc, text) or people
    if len(people) == 1 and doc.rules.role("pronoun_subject").search(text, max(0, match.start() - 30), match.start()):
        people = _named_before(doc, index, people[0]) + people     # "A day earlier he signed a pact with ..."
    if len(people) == 1:    # "held talks with Taliban leaders": a named group's officials
        people = people + _other_party(doc, text, match, people[0])
    if trigger.summit and not people:
        people = _bodies(doc, index)
    if len(people) < 2 and not (trigger.summit and people):
        return []       # a summit's heads of state may be named only as their body ("la Cédéao")
    day, explicit, age = roles.date_of(doc, index, match.start(), 0, len(text))
    place = roles.meeting_place(doc, index, match)
    background = age is not None and age > BACKGROUND_DAYS
    return [Candidate("diplomatic.contact", trigger.id, index, match.start(), place, pair, day, explicit,
                      background, trigger.confidence, group, pair, evidence=text)
            for pair in _parties(doc, index, people)]


def _paired_officials(doc: Document, text: str) -> list[str]:
    """Officials named by one plural title and their countries ("the foreign ministers of Egypt
    and Qatar", "... of Turkey, Russia and Iran", "Egyptian and Qatari foreign ministers",
    "Rwandan and Ugandan border officials"): one from each, when two or more are states."""
    for role in ("paired_officials", "paired_officials_before"):
        if not literals.may_match_all(text, doc.rules.role_gates.get(role, ())):
            continue    # no plural title, "of" or "and" in the sentence: substring tests, not a scan
        found = doc.rules.role(role).search(text)
        if found:
            title = found.group("title").rstrip("s")
            states = [s for s in doc.rules.role("list_separator").split(found.group("list")) if s]
            if len({doc.gaz.demonym(s) for s in states} - {None}) >= 2:   # "Sunni and Shia leaders" are no states
                return [f"{state} {title}" for state in states]
    return []


def _named_before(doc: Document, index: int, other: str) -> list[str]:
    """Who "he" or "she" is: the first official named in the nearest sentence before that
    names one (the subject a report keeps following), if not the other party."""
    for previous in range(index - 1, max(-1, index - 3), -1):
        named = [p for p in _officials(doc, previous, False) if p != other]
        if named:
            return named[:1]
    return []


def _other_party(doc: Document, text: str, match: re.Match[str], person: str) -> list[str]:
    """The second party when one official is named: a named group's officials ("held talks with
    Taliban leaders"), else an official named only by title ("Abu Dhabi's crown prince")."""
    party = doc.rules.role("party_group").search(text, match.start())
    if party:
        return [party.group("party")]
    for title in doc.rules.role("titled").finditer(text):
        named = text[title.end():title.end() + len(person) + 8]
        if title.group(0) not in person and person not in named:     # "the UN envoy, Abdoulaye Bathily", "its ambassador, U Kyaw": one man
            return [title.group(0)]
    return []


def _bodies(doc: Document, index: int) -> list[str]:
    """The bodies a summit's sentence names ("les chefs d'État de la Cédéao"): capitalised names
    the gazetteer does not know as places."""
    return [m.name for m in doc.mentions(index) if m.place is None and m.kind == "place"]


def _parties(doc: Document, index: int, people: list[str]) -> list[list[str]]:
    """Who took part in each contact: one official phoning several titled counterparts ("spoke by
    phone with President A, President B and Secretary C") made as many calls, and so did one
    who held "a separate call" with each; a meeting of several is one contact."""
    if len(people) > 2 and doc.rules.role("separate_calls").search(doc.lower(index)):
        return [[people[0], other] for other in people[1:]]
    if len(people) > 2 and doc.rules.role("phone").search(doc.lower(index)):
        text = doc.sentences[index].text
        titled = [p for p in people[1:] if _titled(doc, text, p)]
        if len(titled) >= 2:
            return [[people[0], other] for other in titled]
    return [people]


def _titled(doc: Document, text: str, name: str) -> bool:
    """Is ``name`` preceded by an official's title ("French President Emmanuel Macron")?"""
    at = text.find(name)
    return at > 0 and doc.rules.role("titles").search(text, max(0, at - 30), at) is not None


