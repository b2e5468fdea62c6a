"""Binding an event's roles at its trigger: who acted (the subject, or the actor a pronoun
refers back to), where (the object place, a back-reference, the sentence's places, a fallback),
when (the nearest date of the clause), and the type a family resolves to (deployment:
border.reinforcement or military.deployment; capture: territory.capture or recapture).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from services.extractor import locate, places
from services.extractor.actors import Actor
from services.extractor.dates import DateMention
from services.extractor.document import Document
from services.extractor.gazetteer import key
from services.extractor.places import Mention
from services.extractor.rules import LanguageRules, Trigger

#: How far after a deployment verb a border may be named as where the forces went: a list of
#: them can come between ("dépêché des centaines de soldats, des véhicules blindés et des drones
#: le long de la frontière").
BORDER_DESTINATION_REACH = 120

#: How far after a trigger whose agent follows it ("fell to") that agent may begin.
AGENT_REACH = 30

# An actor named only as someone's backer or ally is not the one acting ("forces backed by militia").


def subject(doc: Document, index: int, match: re.Match[str], start: int, trigger: Trigger) -> Actor | None:
    acts = doc.actors(index)
    text = doc.sentences[index].text
    after = [a for a in acts if a.start >= match.end() and doc.rules.role("passive_by").match(text[match.end():a.start])]
    if trigger.agent_after:     # "had fallen to the Iran-aligned Houthis"
        after += [a for a in acts if match.end() <= a.start <= match.end() + AGENT_REACH]
    if after:
        return after[0]
    if trigger.object == "lost":
        target = [a for a in acts if a.start > match.end() and re.search(r"\bto\s+$", text[:a.start])]
        return target[0] if target else None
    named = [a for a in acts if a.end <= match.start()]
    states = [Actor(m.name, "state", m.country, m.start, m.end) for m in doc.mentions(index)
              if m.kind == "country" and m.end <= match.start()]
    for before in (named, states):
        before = [a for a in before if not doc.role_before(index, "modifier", a.start, 30)]
        in_clause = [a for a in before if a.start >= start]
        owners = states + [a for a in named if a.kind == "state" and a.country]
        if in_clause:
            return _owned(_lead_actor(text, in_clause), owners)
        if before:      # the phrase it ends ("a rebel army ... says it has seized"), not its last word
            return _owned(_lead_actor(text, before), owners)
    return _memory(doc, index) if trigger.type in ("capture", "protest.violence") else None


def _owned(actor: Actor, owners: list[Actor]) -> Actor:
    """A state actor named without its country takes the country named before it (a country,
    or a state's forces named with theirs): in "Russia's defence ministry said its forces had
    taken the town" the forces are Russia's, and in "Ukrainian soldiers raised the flag and the
    command said its forces had entered Lyman" Ukraine's, not the country the article is mostly
    about (which would make a capture a recapture, or the other way round)."""
    if actor.country or actor.kind != "state":
        return actor
    before = [s for s in owners if s.end <= actor.start]
    return replace(actor, country=max(before, key=lambda s: s.end).country) if before else actor


def _lead_actor(text: str, actors: list[Actor]) -> Actor:
    """The last actor before the verb, or, when two act together ("the army and Wagner
    fighters retook"), the state: a government's operation with auxiliaries is the government's."""
    phrases: list[Actor] = []
    for actor in actors:            # "Wagner" + "fighters" is one actor
        if phrases and not text[phrases[-1].end:actor.start].strip():
            actor = Actor(text[phrases[-1].start:actor.end], phrases[-1].kind, phrases[-1].country,
                          phrases[-1].start, actor.end)
            phrases.pop()
        phrases.append(actor)
    last = phrases[-1]
    if len(phrases) > 1 and last.kind == "non-state" and phrases[-2].kind == "state" and \
            re.fullmatch(r"\s*(?:,|and|,\s*and)\s*(?:the\s+)?", text[phrases[-2].end:last.start], re.I):
        return phrases[-2]
    return last


def _relative_antecedent(doc: Document, index: int, match: re.Match[str]) -> list[locate.Place]:
    """The place a relative clause's trigger is about: "the Lok Ma Chau control point, which
    reopened on Sunday" (the clause boundary at "which" would otherwise hide it), and a place
    joined to it after the verb ("which reopened alongside the Sha Tau crossing")."""
    text, relative = doc.sentences[index].text, doc.rules.role("relative_subject")
    before = [m for m in doc.mentions(index) if m.end <= match.start()]
    if not before or not relative.match(text, before[-1].end, match.start()):
        return []
    joined = doc.rules.role("joined_with")
    after = next((m for m in doc.mentions(index) if m.start >= match.end()), None)
    if after is not None and joined.search(text, match.end(), after.start):
        return [locate.Place(before[-1]), locate.Place(after)]
    return [locate.Place(before[-1])]


_APPOSITIVE = re.compile(r"\s*,[^,]*,\s*(?:(?:had|has|have)\s+)?")   # ", the capital of Nimroz, (had) been"
#: Event types whose passive subject is a place when nothing else names one.
_PLACE_SUBJECTS = frozenset({"border.closure", "border.reopening", "capture", "strike"})


def _passive_subject(doc: Document, index: int, match: re.Match[str], trigger: Trigger
                     ) -> list[locate.Place] | None:
    """The place a passive trigger is about: its subject, right before it or before an
    apposition ("Zaranj, the capital of Nimroz on the Iranian border, was overrun"), or, for
    borders and captures, an unknown name that opens the sentence ("Jarinje was reopened")."""
    text = doc.sentences[index].text
    aux = doc.rules.caseless_search(doc.rules.role("passive"), text, max(0, match.start() - 30), match.end())
    if aux is None:
        return None
    before = [m for m in doc.mentions(index) if m.end <= aux.start()
              and not _named_as_origin(doc.rules, text, m)]
    for mention in reversed(before):
        gap = text[mention.end:aux.start()]
        if not gap.strip():     # the subject, and the places listed with it
            return locate.choose(text, before, aux.start(), doc.rules)
        if _APPOSITIVE.fullmatch(gap) and doc.rules.place_apposition.match(text, mention.end):
            return [locate.Place(mention)]
        if _APPOSITIVE.fullmatch(gap) and mention.kind in ("crossing", "site"):
            listed = [m for m in before if m.end <= mention.end]   # "the A and B crossings, its only links with Libya, were closed"
            return locate.choose(text, listed, mention.end, doc.rules)
    named_before = bool(doc.mentions(index)) and doc.mentions(index)[0].end <= aux.start()
    if trigger.type not in _PLACE_SUBJECTS or named_before:
        return None
    unknown = places.opening_name(text, aux.start(), doc.rules, doc.gaz)
    if unknown is None or any(a.start <= unknown.start < a.end for a in doc.actors(index)):
        return None
    unknown.country = doc.main_country
    return [locate.Place(unknown)]


def _memory(doc: Document, index: int) -> Actor | None:
    """The last actor named before sentence ``index`` (who "they" or "its fighters" are)."""
    for i in range(index - 1, max(-1, index - 4), -1):
        acts = doc.actors(i)
        if acts:
            return acts[0]
    return None


def bind_places(doc: Document, index: int, trigger: Trigger, match: re.Match[str], start: int, end: int,
                subject: Actor | None) -> list[locate.Place] | None:
    """The places an event at ``match`` is about, or ``None`` when a required place is missing."""
    text = doc.sentences[index].text
    named = _before_aside(doc, index, match)
    if trigger.type in _PROTESTS:
        named = [m for m in named if not _protested_against(doc, index, m)]
    scope = [m for m in named if m.start >= start and m.end <= end]
    if trigger.object in ("place", "lost"):
        passive = _passive_subject(doc, index, match, trigger) if trigger.object == "place" else None
        return passive or _object_places(doc, index, trigger, match, scope, subject)
    if trigger.object == "border" and not doc.rules.search(
            "border", text, doc.lower(index), max(0, match.start() - 120), match.end() + 120):
        return None
    if trigger.object == "border" or trigger.type == "capture":
        # "OUAGADOUGOU (Wire) - The junta closed the borders": the country's; "ALGIERS (Wire) -
        # Special forces stormed a gas complex": a place the dateline is not
        named = [m for m in named if not locate.is_dateline(doc, index, m)]
        scope = [m for m in scope if not locate.is_dateline(doc, index, m)]
    if trigger.type == "capture" or trigger.object == "border":   # "took the town", "closed the crossing"
        referred = _referred(doc, index, match, _lead(doc.rules, doc.lower(index), match.end()))
        if referred:
            return referred
    if trigger.type == "deployment":
        pointed = _destination_referred(doc, index, match) or _unknown_destination(doc, index, match, subject)
        if pointed:
            return pointed
        scope = _destination_scope(doc.rules, text, match, scope)
    antecedent = _relative_antecedent(doc, index, match)
    subject_places = antecedent or _passive_subject(doc, index, match, trigger)
    if subject_places:
        return subject_places
    there = _there(doc, index, start, end, scope, match.end() if trigger.type == "capture" else -1)
    if there:
        return there
    chosen = locate.choose(text, scope, match.end(), doc.rules)
    if len(scope) < len(named):   # the whole sentence can only add to a narrower scope
        whole = locate.choose(text, named, match.end(), doc.rules)
        if not chosen or _extends(whole, chosen):
            chosen = whole  # a list that runs past the clause ("avec l'Algérie, le Mali et le Tchad")
    chosen = [place for place in chosen if not _a_persons_name(doc, place.mention)]
    if not chosen and trigger.type == "capture":
        return _object_places(doc, index, trigger, match, scope, subject)
    if not chosen:
        return _fallback(doc, index, subject, border=trigger.object == "border")
    for place in chosen:
        _anchor_border(doc, place.mention, subject)
        if place.mention.place is None and not place.mention.country:
            place.mention.country = _country_nearby(doc, index, subject)
    return chosen


def _before_aside(doc: Document, index: int, match: re.Match[str]) -> list[Mention]:
    """The sentence's places that can be the event's: not those in a clause set off after the
    trigger that tells of something else (``aside_after``: "..., accusing Kigali of", "...,
    forcing flights to divert to Misrata"), whose places are that clause's; nor a capital or
    country named as who speaks or leads (``speaker``: "what Islamabad called", "selon Phnom
    Penh") or owning a state's organ ("Moscow's defence ministry"), which stands for its
    government; nor one where a road runs (``on_route``), that another faces (``facing``) or that a
    distance is measured from (``distance_from``), nor where a source was reached
    (``source_place``: "an officer reached in Bujumbura"), nor
    one in a quotation the trigger is not in (a slogan, a name for the push), nor a
    city of a joint dateline."""
    text, rules = doc.sentences[index].text, doc.rules
    aside = rules.role("aside_after").search(text, match.end())
    cut = aside.start() if aside else len(text)
    return [m for m in doc.mentions(index) if m.start < cut and not (
        m.government or m.kind in ("city", "country") and doc.role_before(index, "speaker", m.start, 30))
        and not doc.role_before(index, "on_route", m.start, 70)
        and not doc.role_before(index, "facing", m.start, 40)
        and not doc.role_before(index, "distance_from", m.start, 50)
        and not doc.role_before(index, "source_place", m.start, 40)
        and not _quoted_apart(text, m.start, match.start())
        and not _joint_dateline(text, m)]


#: Event types whose "against <country>" names who is opposed, not where.
_PROTESTS = frozenset({"protest", "protest.violence"})


def _protested_against(doc: Document, index: int, mention: Mention) -> bool:
    """Is ``mention`` a country a crowd protests against ("chanting slogans against Israel")?
    The state opposed, not where the crowd was."""
    return mention.kind == "country" and doc.role_before(index, "opposed", mention.start, 20)


def _quoted_apart(text: str, position: int, trigger: int) -> bool:
    """Is ``position`` inside a quotation that the trigger at ``trigger`` is outside of
    ("chanting \"No, no to Turkey\"", "the start of \"the liberation of Marib\"")? Those words
    are a slogan's or a speaker's, not the place of what the sentence tells outside them."""
    opener = _open_quote(text, position)
    return opener is not None and (trigger < opener or _open_quote(text, trigger) != opener)


def _open_quote(text: str, position: int) -> int | None:
    """Where the quotation ``position`` is inside opens, if it is inside one."""
    straight = text.rfind('"', 0, position)
    if straight >= 0 and text.count('"', 0, position) % 2 == 1:
        return straight
    for opening, closing in (("“", "”"), ("«", "»")):
        found = text.rfind(opening, 0, position)
        if found >= 0 and text.rfind(closing, 0, position) < found:
            return found
    return None


def _joint_dateline(text: str, mention: Mention) -> bool:
    """Is ``mention`` one city of a dateline naming two ("BISHKEK/DUSHANBE, Sept 17 —")? Where
    two bureaus filed the story, not where anything in it happened."""
    if not mention.name.isupper() or mention.start > 40:
        return False
    return text[mention.end:mention.end + 1] == "/" or text[max(0, mention.start - 1):mention.start] == "/"


#: What a locative adverb ("there", "allí") can point back to: a place smaller than a country.
_THERE_KINDS = ("city", "place", "site", "district", "region")


def _a_persons_name(doc: Document, mention: Mention) -> bool:
    """Is an unknown name the article's name for a person ("Blaise Compaoré" where it also
    writes "M. Compaoré")? Only names the gazetteer lacks are asked: a town is a town."""
    return mention.place is None and mention.kind == "place" and \
        key(mention.name.split()[-1]) in doc.surnames


def _there(doc: Document, index: int, start: int, end: int, scope: list[Mention], verb_end: int
           ) -> list[locate.Place] | None:
    """The place "there" in the trigger's clause refers back to ("Riot police there fired tear
    gas"), when the clause itself names no place smaller than a country (a country in it is
    most often an organisation's, "Iran Human Rights"). Right after a capture verb
    (``verb_end``) it says where people were taken ("fighters captured there"), not a place."""
    if any(m.kind in _THERE_KINDS for m in scope):
        return None
    low = doc.lower(index)
    adverb = doc.rules.role("there").search(low, start, end)
    if adverb is None or (verb_end >= 0 and not low[verb_end:adverb.start()].strip()):
        return None
    return _back_to(doc, index, _THERE_KINDS, adverb.start())


def _back_to(doc: Document, index: int, kinds: tuple[str, ...], before: int
             ) -> list[locate.Place] | None:
    """The last place of ``kinds`` named before offset ``before`` of sentence ``index``, as the
    place a back-reference points to ("there", "the town", "into the city's airport")."""
    found = locate.last_of_kind(doc, index, kinds, before)
    return [locate.Place(found, fallback=True)] if found else None


def _object_places(doc: Document, index: int, trigger: Trigger, match: re.Match[str], scope: list[Mention],
                   subject: Actor | None) -> list[locate.Place] | None:
    """The direct object of "stormed", "took", "lost ... to": a place right after the verb."""
    text = doc.sentences[index].text
    direct = [m for m in scope if m.start >= match.end() and doc.rules.role("object_gap").match(text[match.end():m.start])]
    if not direct:
        referred = _referred(doc, index, match, "")
        if referred or doc.rules.anaphora_pattern.match(doc.lower(index), match.end() + 1):
            return referred
        unknown = places.unknown_after(text, match.end(), doc.rules, doc.gaz)
        if unknown is None or any(a.start <= unknown.start < a.end for a in doc.actors(index)):
            return None
        unknown.country = _country_nearby(doc, index, subject)
        direct = [unknown]
    if trigger.object == "lost" and not re.match(r"^\s*to\s+", text[direct[0].end:]):
        return None
    return locate.choose(text, direct + [m for m in scope if m.start >= direct[0].end], match.end(), doc.rules)


def _referred(doc: Document, index: int, match: re.Match[str], lead: str) -> list[locate.Place] | None:
    """The place a back-reference right after the verb points to ("took control of the city")."""
    low = doc.lower(index)
    anaphor = doc.rules.anaphora_pattern.match(low, match.end() + 1 + len(lead))
    if not anaphor or doc.rules.role("named_after").match(doc.sentences[index].text, anaphor.end()):
        return None     # "the town of Snihurivka" names its place: no back-reference
    return _back_to(doc, index, doc.rules.anaphora[anaphor.group(0).casefold()], match.start())


def _destination_referred(doc: Document, index: int, match: re.Match[str]) -> list[locate.Place] | None:
    """Troops sent to a place named by a back-reference ("flew reinforcements into the city's
    airport", "sent troops to the town") go to the last place of that kind named before."""
    destination = doc.rules.role("destination").search(doc.sentences[index].text, match.end(),
                                                         match.end() + 60)
    if destination is None:
        return None
    anaphor = doc.rules.anaphora_pattern.match(doc.lower(index), destination.end())
    if anaphor is None or any(m.end > anaphor.start() and m.start < anaphor.end() + 25
                              for m in doc.mentions(index)):
        return None     # "the border with Kenya", "the town of Gao" name their place
    return _back_to(doc, index, doc.rules.anaphora[anaphor.group(0).casefold()], match.start())


def _destination_scope(rules: LanguageRules, text: str, match: re.Match[str], scope: list[Mention]
                       ) -> list[Mention]:
    """Troops go where the destination phrase says ("to Sinjar"); with none named there, the
    clause's places before the verb ("drills around Taiwan, deploying warships")."""
    destination = rules.role("destination").search(text, match.end(), match.end() + 60)
    if destination:
        named = [m for m in scope if m.start >= destination.end() and
                 rules.role("destination_gap").match(text[destination.end():m.start])]
        if named:
            return [m for m in scope if m.start >= named[0].start]
    scope = [m for m in scope if not _named_as_origin(rules, text, m)]
    reinforced = [m for m in scope if m.kind == "border" and match.start() < m.start <= match.end() + 2]
    if reinforced:
        return reinforced   # the border that is the verb's object ("bolstered its border with Turkey")
    before = [m for m in scope if m.end <= match.start()]
    return before or scope


def _unknown_destination(doc: Document, index: int, match: re.Match[str], subject: Actor | None
                         ) -> list[locate.Place] | None:
    """Troops sent to a place the gazetteer lacks ("sent to Yeonpyeong", "rushed to its
    frontline island of Baengnyeong"): the capitalised name after the destination, when the
    sentence names no known place there."""
    text, rules = doc.sentences[index].text, doc.rules
    destination = rules.role("destination").search(text, match.end(), match.end() + 60)
    if destination is None or any(m.end > destination.start() for m in doc.mentions(index)):
        return None
    unknown = places.unknown_after(text, destination.end(), rules, doc.gaz)
    if unknown is None or any(a.start <= unknown.start < a.end for a in doc.actors(index)):
        return None
    unknown.country = _country_nearby(doc, index, subject)
    return [locate.Place(unknown)]


def _named_as_origin(rules: LanguageRules, text: str, mention: Mention) -> bool:
    """Is ``mention`` where troops come from ("soldiers from Botswana"), not where they go?"""
    return rules.role("origin").search(text, max(0, mention.start - 30), mention.start) is not None


def _extends(longer: list[locate.Place], shorter: list[locate.Place]) -> bool:
    """Is ``longer`` the list ``shorter`` belongs to, with more places in it?"""
    named = {id(p.mention) for p in longer}
    return len(longer) > len(shorter) and all(id(p.mention) in named for p in shorter)


def _fallback(doc: Document, index: int, subject: Actor | None, border: bool = False
              ) -> list[locate.Place] | None:
    """A place for an event whose sentence names none. Bare borders ("the borders were
    closed") are the acting state's or the article's country, not the dateline's city, even in
    the sentence the dateline opens."""
    mention = None
    if border and all(locate.is_dateline(doc, index, m) or (m.kind == "border" and not m.countries)
                      for m in doc.mentions(index)):
        mention = locate.referred(doc, index) or _country_of(doc, subject)
    mention = mention or locate.fallback(doc, index) or _country_of(doc, subject)
    if mention is None:
        return None
    _anchor_border(doc, mention, subject)
    return [locate.Place(mention, fallback=True)]


def _lead(rules: LanguageRules, low: str, position: int) -> str:
    """The words between a verb and its object that name no place ("control of", "all of")."""
    match = rules.role("object_lead").match(low, position)
    return match.group(0) if match else ""


def _country_nearby(doc: Document, index: int, subject: Actor | None) -> str | None:
    """The country an unknown place is likeliest in: one named in its sentence that is not the
    actor's own (a foreign army takes a town abroad), else the article's main country."""
    own = subject.country if subject else None
    for mention in doc.mentions(index):
        if mention.kind == "country" and mention.country and mention.country != own:
            return mention.country
    return doc.main_country


def _anchor_border(doc: Document, mention: Mention, subject: Actor | None) -> None:
    """Complete a one-sided border ("the Syrian border", "its borders") with the acting state."""
    if mention.kind != "border":
        return
    anchor = subject.country if subject and subject.country else doc.main_country
    if mention.own:
        if anchor:
            country = doc.gaz.country(anchor)
            mention.kind, mention.country = "country", anchor
            mention.name = country.name if country else anchor
            mention.place = country
        return
    if anchor in mention.countries and len(mention.countries) == 1:
        anchor = next((iso for iso in sorted(doc.context, key=doc.context.__getitem__, reverse=True)
                       if iso not in mention.countries), None)
    if anchor and anchor not in mention.countries:
        mention.countries = (anchor, *mention.countries)
    mention.country = mention.countries[0] if mention.countries else None


def _country_of(doc: Document, subject: Actor | None) -> Mention | None:
    iso = (subject.country if subject and subject.country else None) or doc.main_country
    country = doc.gaz.country(iso) if iso else None
    if country is None:
        return None
    return Mention(country.name, 0, 0, "country", (country,), place=country, country=country.country)


def date_of(doc: Document, index: int, position: int, start: int, end: int) -> tuple[date | None, bool, int | None]:
    mentions = [d for d in doc.dates(index) if not _aside(doc, index, d, position)]
    inside = [d for d in mentions if start <= d.start < end and not d.leads]
    leading = [d for d in mentions if d.leads and d.start < start and start - d.end < 12]
    sentence = [d for d in mentions if not d.leads and d.end <= position]
    chosen = _nearest(inside, position) or (leading[-1] if leading else None) or (sentence[-1] if sentence else None)
    if chosen is None:
        return None, False, None
    return chosen.day, True, chosen.age


def _aside(doc: Document, index: int, mention: DateMention, position: int) -> bool:
    """Is ``mention`` inside a relative clause that closes before the trigger ("The government,
    which took power in April, sent troops on Sunday"): that date is the clause's, not the act's."""
    if mention.end > position:
        return False
    text = doc.sentences[index].text
    opener = None
    for opener in doc.rules.role("aside_open").finditer(text, 0, mention.start):
        pass
    if opener is None or "," in text[opener.end():mention.start]:
        return False
    return "," in text[mention.end:position] or ")" in text[mention.end:position]


def trailing_age(doc: Document, index: int, position: int) -> int | None:
    """The age of the first date after the trigger in its sentence, for a trigger whose clause
    has none: "sealed the frontier after a car bomb in 2016", "shut its border after the 2022
    invasion" date the act by what follows it. A date the act runs from ("closed since 2019",
    "the first time since 1998") is not its date, nor is one after a quotation or a new sentence
    part (``trailing_stop``)."""
    text, stop = doc.sentences[index].text, doc.rules.role("trailing_stop")
    for mention in doc.dates(index):
        if mention.start <= position or mention.leads:
            continue
        if doc.rules.role("since_lead").search(text, max(position, mention.start - 12), mention.start) or \
                stop.search(text, position, mention.start):
            return None
        return mention.age
    return None


def _nearest(mentions: list[DateMention], position: int) -> DateMention | None:
    return min(mentions, key=lambda d: abs(d.start - position)) if mentions else None


def resolve_type(doc: Document, kind: str, trigger: Trigger, match: re.Match[str], place: locate.Place,
                  subject: Actor | None, text: str, end: int) -> str | None:
    if kind == "deployment":
        return _deployment_type(doc.rules, text, match, end, place, trigger)
    if kind == "capture":
        return _capture_type(doc, trigger, place, subject)
    if kind == "protest.violence":
        if subject and subject.kind == "non-state":
            return None
        if not (doc.rules.search("security", text, text.lower()) or doc.rules.role("instrument").search(text)):
            return None
    return kind


def _deployment_type(rules: LanguageRules, text: str, match: re.Match[str], end: int, place: locate.Place,
                     trigger: Trigger) -> str | None:
    """Troops sent to or along a border reinforce it; sent anywhere else, they deploy."""
    if place.mention.kind in ("border", "crossing") and not place.fallback:
        return "border.reinforcement"       # a crossing is a point of the border
    if rules.role("border_object").match(match.group(0)) or rules.role("border_object").match(text, match.end()):
        return "border.reinforcement"
    if rules.role("border_purpose").search(text, match.end(), end):
        return "border.reinforcement"       # sent to a town "to tighten border controls": at the border
    destination = rules.role("destination").search(text, match.end(), min(end, match.end() + 60))
    if destination is None:
        if _sent_along_a_border(rules, text, match.end(), end):
            return "border.reinforcement"
        return None if trigger.needs else "military.deployment"
    if destination.group("prep").casefold().startswith(("near", "close")):
        return "military.deployment"
    if rules.role("border_object").match(text, destination.end()):
        return "border.reinforcement"
    return "military.deployment"


def _sent_along_a_border(rules: LanguageRules, text: str, start: int, end: int) -> bool:
    """Is a border the destination of forces listed at length after the verb ("dépêché des
    centaines de soldats, des véhicules blindés et des drones le long de la frontière")?"""
    for destination in rules.role("destination").finditer(text, start, min(end, start + BORDER_DESTINATION_REACH)):
        if rules.role("border_object").match(text, destination.end()):
            return True
    return False


def _capture_type(doc: Document, trigger: Trigger, place: locate.Place, subject: Actor | None) -> str | None:
    mention = place.mention
    if mention.kind in ("country", "border"):
        return None
    if subject is None or doc.actor_index.kind_on(subject, doc.reference) == "non-state":
        return "territory.capture"
    home = subject.country or doc.main_country
    if trigger.retake or (home and home == mention.country):
        return "territory.recapture"
    return "territory.capture"


def _meeting_referred(doc: Document, index: int, match: re.Match[str]) -> locate.Place | None:
    """Officials who met at a place named by a back-reference ("met on the bridge", "on the
    frontier at the crossing") met at the last place of that kind named before: the article's
    own crossing or site, the narrowest one the clause names."""
    low, text = doc.lower(index), doc.sentences[index].text
    found = None
    for lead in doc.rules.role("meeting_on").finditer(low, match.end(), match.end() + 60):
        anaphor = doc.rules.anaphora_pattern.match(low, lead.end())
        if anaphor is None or doc.rules.role("named_after").match(text, anaphor.end()):
            continue
        kinds = doc.rules.anaphora[anaphor.group(0).casefold()]
        found = _back_to(doc, index, kinds, match.start()) or found
        if found and not set(kinds) & _WIDE_KINDS:
            break
    return found[0] if found else None


#: Back-references too wide to place a meeting when the clause also names a narrower one.
_WIDE_KINDS = {"border", "country", "region"}


def meeting_place(doc: Document, index: int, match: re.Match[str]) -> locate.Place | None:
    """Where officials met, when the sentence says so ("met ... in Cairo"); calls have no place."""
    near = doc.lower(index)[max(0, match.start() - 40):match.end() + 60]
    if "phone" in match.group(0).casefold() or "phone" in near:
        return None     # a call; a call told later in the sentence ("and later spoke by phone") is its own
    text, at, arrival = doc.sentences[index].text, doc.rules.role("meeting_at"), doc.rules.role("arrival")
    for mention in doc.mentions(index):
        if mention.start > match.start() and mention.kind in ("city", "site", "place") and (
                at.search(text, max(0, mention.start - 45), mention.start) or (  # "flew to Mecca for talks with"
                    mention.end <= match.end() and arrival.search(text, max(0, mention.start - 20), mention.start))):
            return locate.Place(mention)
    referred = _meeting_referred(doc, index, match)
    if referred:
        return referred
    where = doc.rules.role("meeting_where")   # "travelled to Niamey, where he met ..."
    before = [m for m in doc.mentions(index) if m.end <= match.start() and m.kind in ("city", "site", "place")]
    for mention in before:
        if where.match(text, mention.end, match.start()):
            return locate.Place(mention)
    if before and doc.rules.role("fronted_place").fullmatch(text, 0, before[0].start):
        return locate.Place(before[0])      # "In Cairo, the director met ..."
    if before and doc.rules.role("arrival").search(text, max(0, before[-1].start - 20), before[-1].start) \
            and doc.rules.role("then_met").match(text, before[-1].end, match.start()):
        return locate.Place(before[-1])     # "flew into Kabul on Saturday and held talks"
    if doc.dateline is not None and not any(m.kind != "country" and m.place is not None for m in doc.mentions(index)):
        return locate.Place(doc.dateline, fallback=True)   # a meeting told where the story was filed
    return None
