"""Per-language rules: triggers (``rules/<lang>/events.yaml``) and word classes, modality cues,
place and date vocabulary (``rules/<lang>/lexicon.yaml``), compiled and validated once at start.

A language the extractor can read is a directory under ``rules/`` with both files; every error
names the file and line of the entry at fault (``DataFileError``).

Speed: patterns are written in lower case and matched on lower-cased text (case-insensitive
matching is several times slower in ``re``), and each trigger lists ``keys`` — words one of which
must be in a sentence before its pattern is tried — so most sentences cost a few dict lookups.
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field
from typing import Any

from services.extractor import boundary, branches, caseless, datafile, literals
from services.extractor.gazetteer import key
from services.kernel.errors import DataFileError

RULES_DIR = os.path.join(os.path.dirname(__file__), "rules")
TYPES = ("border.closure", "border.reopening", "border.reinforcement", "military.deployment",
         "territory.capture", "territory.recapture", "armed.clash", "strike", "protest",
         "protest.violence", "diplomatic.contact")
FAMILIES = ("deployment", "capture")
OBJECTS = ("any", "place", "border", "none", "lost")
FLAGS = re.IGNORECASE
REQUIRED_CLASSES = frozenset({"border", "force", "armed", "crowd", "demonstrators", "security", "person"})
# Classes a trigger ``needs`` that may be met outside its sentence (detect._has): the crowd a force
# was used on, named the sentence before; for a capture, the fighters, there or as a named group;
# for a trigger with ``titled_before``, officials named by title earlier in the article.
_NEEDS_ELSEWHERE = frozenset({"demonstrators"})
_NEEDS_ELSEWHERE_IN_CAPTURE = frozenset({"armed"})
WORDS = re.compile(r"\w+")
# Splitting on whitespace after blanking punctuation is several times faster than a regex.
_PUNCTUATION = str.maketrans({c: " " for c in ".,;:!?\"'()[]{}“”‘’«»—–-/|…*#@&+=<>"})
_ASCII_SYMBOLS = [c for c in map(chr, range(128)) if not (c.isalnum() or c.isspace() or ord(c) in _PUNCTUATION)]
_UPPER = re.compile(r"(?<!\\)(?<!\\[pPN]\{)[A-Z]")
_CACHE_LIMIT = 200_000
_NEVER = re.compile(r"(?!)")
NEVER = _NEVER      # what a pattern a language lacks is: it never matches, so it need not be tried
_ALWAYS = re.compile(r"")
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")


@dataclass(frozen=True, slots=True)
class Trigger:
    """One trigger pattern and the roles and checks that come with it."""

    id: str
    type: str
    pattern: re.Pattern[str]
    keys: tuple[str, ...]
    case: bool = False
    object: str = "any"
    needs: tuple[str, ...] = ()
    blockers: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()         # lexicon ``subjects`` that, right before, mean another sense
    retake: bool = False
    infinitive: bool = False
    adjective: bool = False                 # after "a"/"the" the participle is an adjective
    titled_before: bool = False             # the persons it needs may be titled earlier (detect._has)
    summit: bool = False                    # a summit: its parties are the bodies named (detect._contact)
    refers_back: bool = False               # a noun for a taking ("the fall of X"): the occurrence told with a verb, if any (dedup)
    agent_after: bool = False               # the actor right after it acted ("had fallen to the Houthis")
    confidence: float = 0.7
    rest: re.Pattern[str] | None = None     # ``pattern`` without its opening ``\b`` (boundary.py)
    # Needles one of each of which a sentence must hold for the trigger to yield an event there,
    # with whether they are looked for in its text (else in its lower case): see ``may_fire``.
    gates: tuple[tuple[tuple[str, ...], bool], ...] = ()

    def may_fire(self, text: str, low: str) -> bool:
        """Can the trigger yield an event in this sentence (``low``: lower-cased), one holding
        one of its key words? Not without its pattern's literal words, a border word when it
        acts on a border, or a word of each class it needs in the sentence; a substring test
        each, cheaper than the pattern."""
        for found, on_text in self.gates:
            if not any(map((text if on_text else low).__contains__, found)):   # no Python loop
                return False
        return True

    def finditer(self, text: str) -> list[re.Match[str]]:
        """The pattern's matches in ``text`` (a sentence, lower-cased unless ``case``)."""
        return boundary.finditer(self.pattern, self.rest, text)


@dataclass(frozen=True, slots=True)
class Cue:
    """A modality cue: a pattern looked for ``before`` chars ahead of, or ``after`` a trigger."""

    name: str
    pattern: re.Pattern[str]
    before: int = 0
    after: int = 0
    case: bool = False
    penalty: float = 0.0
    needles: tuple[str, ...] | None = None      # literals.needles of ``pattern``
    sentence: bool = False      # reaches past clause bounds ("Unconfirmed reports said ... entered")

    def search(self, window: str) -> re.Match[str] | None:
        """``pattern.search(window)``, passed over when the window lacks the needles."""
        if self.needles is not None and not any(map(window.__contains__, self.needles)):
            return None
        return self.pattern.search(window)


@dataclass(slots=True)
class LanguageRules:
    """Everything one language needs, compiled."""

    language: str
    triggers: list[Trigger]
    classes: dict[str, re.Pattern[str]]
    class_case: frozenset[str]
    blockers: dict[str, re.Pattern[str]]
    subjects: dict[str, re.Pattern[str]]
    cues: list[Cue]
    hedges: list[Cue]
    clause_boundary: re.Pattern[str]
    anaphora: dict[str, tuple[str, ...]]
    anaphora_pattern: re.Pattern[str]
    attributive: re.Pattern[str]
    place_prepositions: re.Pattern[str]
    place_apposition: re.Pattern[str]
    owner_of: re.Pattern[str]
    designator_before: re.Pattern[str]
    list_gap: re.Pattern[str]
    examples: re.Pattern[str]
    container_gap: re.Pattern[str]
    designators: dict[str, re.Pattern[str]]
    borders: list[re.Pattern[str]]
    abbreviations: frozenset[str]
    stopwords: frozenset[str]
    roles: dict[str, re.Pattern[str]]
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    #: Words before a bare year or a month ("in 2014", "en juin 2014", "desde agosto de 2015").
    year_leads: tuple[str, ...] = ("in", "since", "of", "during", "from", "until", "by")
    month_leads: tuple[str, ...] = ("in", "since", "by", "last", "early", "late", "mid-", "of", "until")
    #: Months are written with a capital (English): a lower-case "may" or "march" is a word.
    capitalised_months: bool = True
    relative: list[tuple[re.Pattern[str], int]] = field(default_factory=list)
    relative_words: frozenset[str] = frozenset()
    relative_any: re.Pattern[str] = _ALWAYS   # matches wherever one of ``relative`` would
    relative_needles: tuple[str, ...] | None = None   # literals.needles of ``relative_any``
    relative_each: tuple[tuple[str, ...] | None, ...] = ()   # literals.needles of each ``relative``
    cue_any: re.Pattern[str] = _ALWAYS        # matches wherever a lower-case ``before`` cue would
    cue_scan: boundary.AnyOf | None = None    # ``cue_any``'s cues, searched faster (None: cannot be)
    clause_scan: branches.Branches | None = None   # ``clause_boundary`` split into its branches
    # Each of ``borders`` with what makes it cheaper to scan: ``boundary.rest`` of it and its
    # needles (``literals.needles``), so a sentence without them is not scanned for it.
    border_scans: tuple[tuple[re.Pattern[str], re.Pattern[str] | None, tuple[str, ...] | None], ...] = ()
    # ``cues`` split once at load, in their order: those looked for before a trigger and those
    # after it (most cues are one or the other, so each candidate skips the rest unread).
    cues_before: tuple[Cue, ...] = ()
    cues_after: tuple[Cue, ...] = ()
    # Those of ``cues_before`` that ``cue_any`` does not stand for (case-sensitive or sentence-wide
    # cues), in their order: all a trigger with no ``cue_any`` match before it needs to try.
    cues_unjoined: tuple[Cue, ...] = ()
    calendar: frozenset[str] = frozenset()     # the names of the weekdays and months, joined once
    #: Articles that open place names ("El Plateado", "La Guajira"): a stopword first word does
    #: not stop such a name when another capitalised word follows.
    name_articles: frozenset[str] = frozenset()
    cue_reach: int = 0                        # the widest ``before`` of those cues
    uncased: bool = False                  # a script without capitals: names found by lookup
    clitics: tuple[str, ...] = ()          # prefixes glued to words ("و", "ب") tried off names
    class_needles: dict[str, tuple[str, ...] | None] = field(default_factory=dict)  # literals.needles
    role_needles: dict[str, tuple[str, ...] | None] = field(default_factory=dict)   # of each role
    role_gates: dict[str, tuple[tuple[str, ...], ...] | None] = field(default_factory=dict)  # literals.requirements
    # The first ``designator_heads[0]`` letters, lower-cased, of every designator ("pro" for
    # "province"): a name followed by none of them has no designator (None: not known).
    designator_heads: tuple[int, frozenset[str]] | None = None
    # Each blocker's test of the text after a trigger: its ``match`` where every match starts
    # there (``boundary.anchored``: "^\\s*(?:on\\s+camera|...)"), else its ``search``.
    blocker_tests: dict[str, Any] = field(default_factory=dict)
    _exact: dict[str, frozenset[int]] = field(default_factory=dict)
    _prefix: dict[str, frozenset[int]] = field(default_factory=dict)
    _cache: dict[str, tuple[int, ...]] = field(default_factory=dict)   # a key word's triggers, in order
    _seen: set[str] = field(default_factory=set)
    _hits: set[str] = field(default_factory=set)
    _plain: set[str] = field(default_factory=set)      # ``_seen`` less ``_hits``
    _keyed: dict[frozenset[str], tuple[Trigger, ...]] = field(default_factory=dict)
    # The case-sensitive twins (``caseless.twin``) of the patterns here that ignore case, by the
    # pattern's id: each pattern is held by these rules, so its id stays its own.
    _twins: dict[int, re.Pattern[str]] = field(default_factory=dict)

    def caseless_search(self, pattern: re.Pattern[str], text: str, pos: int = 0,
                        endpos: int | None = None) -> re.Match[str] | None:
        """``pattern.search(text, pos, endpos)`` for a pattern of these rules, found faster in
        ASCII text where it ignores case (``caseless``)."""
        return caseless.search(pattern, self._twins.get(id(pattern)), text, pos, endpos)

    def caseless_match(self, pattern: re.Pattern[str], text: str, pos: int = 0,
                       endpos: int | None = None) -> re.Match[str] | None:
        """``pattern.match(text, pos, endpos)``, as ``caseless_search``."""
        return caseless.match(pattern, self._twins.get(id(pattern)), text, pos, endpos)

    def pair_twins(self) -> None:
        """Find the twins of the role and place patterns that ignore case."""
        patterns = [*self.roles.values(), *self.designators.values(), self.attributive,
                    self.place_prepositions, self.place_apposition, self.list_gap, self.examples,
                    self.container_gap, self.owner_of, self.designator_before]
        self._twins = {id(p): found for p in patterns if (found := caseless.twin(p)) is not None}

    def key_hits(self, words: list[str]) -> set[str]:
        """Which of ``words`` (a sentence's, split from ``blank``'s text) are trigger key words: a set
        test for the words seen before, so only new words cost a lookup. A sentence of words seen
        and known to be no key word (most sentences) costs one pass over its words."""
        if self._plain.issuperset(words):
            return set()
        return self._hits_of(words)

    def key_hits_each(self, sentences: list[list[str]]) -> list[set[str]]:
        """``key_hits`` of each sentence's words, the common case (only plain words) inlined."""
        plain = self._plain.issuperset
        return [set() if plain(words) else self._hits_of(words) for words in sentences]

    def _hits_of(self, words: list[str]) -> set[str]:
        if not self._seen.issuperset(words):
            unseen = set(words) - self._seen
            if len(self._seen) + len(unseen) > _CACHE_LIMIT:
                self._clear_caches()    # bounded memory; what a sentence yields never depends on it
                unseen = set(words)     # its words seen before the clear are unknown again too
            for word in unseen:
                self._lookup(word)
        return self._hits.intersection(words)

    def _clear_caches(self) -> None:
        self._cache, self._seen, self._hits, self._plain, self._keyed = {}, set(), set(), set(), {}

    def keyed(self, hits: set[str]) -> tuple[Trigger, ...]:
        """The triggers of the key words ``hits``, in rule order; kept per set of key words,
        since the same few ("close", "met") come together sentence after sentence."""
        words = frozenset(hits)
        found = self._keyed.get(words)
        if found is None:
            if len(hits) == 1:
                ids = self._ids(next(iter(hits)))
            else:
                ids = sorted(set().union(*[self._ids(word) for word in hits]))
            found = tuple(self.triggers[i] for i in ids)
            if len(self._keyed) < _CACHE_LIMIT:
                self._keyed[words] = found
        return found

    def _ids(self, word: str) -> tuple[int, ...]:
        """The triggers keyed by ``word``, looked up again if a clear since its sentence was
        read (a later sentence of the same article filled the cache) forgot them."""
        found = self._cache.get(word)
        if found is None:
            self._lookup(word)
            found = self._cache.get(word, ())
        return found

    def _lookup(self, word: str) -> None:
        found = set(self._exact.get(word, ()))
        for end in range(2, len(word) + 1):
            found |= self._prefix.get(word[:end], frozenset())
        self._seen.add(word)
        if found:
            self._hits.add(word)
            self._cache[word] = tuple(sorted(found))
        else:
            self._plain.add(word)

    def index_keys(self) -> None:
        """Build the word and stem indexes of the trigger keys."""
        exact: dict[str, set[int]] = {}
        prefix: dict[str, set[int]] = {}
        for number, trigger in enumerate(self.triggers):
            for k in trigger.keys:
                table, word = (prefix, k[:-1]) if k.endswith("*") else (exact, k)
                table.setdefault(word, set()).add(number)
        self._exact = {k: frozenset(v) for k, v in exact.items()}
        self._prefix = {k: frozenset(v) for k, v in prefix.items()}
        self._clear_caches()

    def cue_near(self, low: str, start: int, end: int) -> bool:
        """Does ``cue_any`` match in ``low`` between ``start`` and ``end``?"""
        if self.cue_scan is None:
            return self.cue_any.search(low, start, end) is not None
        return self.cue_scan.found(low, start, end)

    def role(self, name: str) -> re.Pattern[str]:
        """A role-binding pattern (``roles:`` in lexicon.yaml); one a language lacks never matches."""
        return self.roles.get(name, _NEVER)

    def search(self, name: str, text: str, low: str, start: int = 0, end: int | None = None) -> bool:
        """Does word class ``name`` occur in the sentence (between ``start`` and ``end``)?"""
        subject = text if name in self.class_case else low
        return self.classes[name].search(subject, start, len(subject) if end is None else end) is not None


def blank(low_text: str) -> str:
    """``low_text`` with its punctuation blanked (same length and offsets): the words trigger
    keys are looked up among are its pieces between spaces."""
    return low_text.translate(_PUNCTUATION)


def has_symbols(blanked: str) -> bool:
    """Does ``blank``'s text keep a character that is neither a letter, a digit nor a space
    ("$", "_", "€")? Most text is ASCII, where a handful of substring tests tell."""
    if blanked.isascii():
        return any(symbol in blanked for symbol in _ASCII_SYMBOLS)
    return not "".join(blanked.split()).isalnum()


def load_all(rules_dir: str | None = None) -> dict[str, LanguageRules]:
    """Rules for every language directory under ``rules_dir`` (default: the packaged rules)."""
    root = rules_dir or RULES_DIR
    if not os.path.isdir(root):
        raise DataFileError(root, None, "rules directory not found")
    found = {}
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name)
        if os.path.isdir(path) and os.path.exists(os.path.join(path, "events.yaml")):
            found[name] = load_language(path)
    if not found:
        raise DataFileError(root, None, "no language rules (expected <lang>/events.yaml)")
    return found


def load_language(directory: str) -> LanguageRules:
    """Compile one language's ``events.yaml`` and ``lexicon.yaml``."""
    events_path = os.path.join(directory, "events.yaml")
    lexicon_path = os.path.join(directory, "lexicon.yaml")
    events, lexicon = datafile.load(events_path), datafile.load(lexicon_path)
    classes, class_case = _patterns(lexicon_path, lexicon, "classes")
    missing = REQUIRED_CLASSES - set(classes)
    if missing:
        raise DataFileError(lexicon_path, datafile.line_of(lexicon.get("classes")),
                            f"classes must define {sorted(missing)}")
    blockers, _ = _patterns(lexicon_path, lexicon, "blockers")
    subjects, _ = _patterns(lexicon_path, lexicon, "subjects")
    triggers = [_gated(_trigger(events_path, row, classes, blockers, subjects), classes, class_case)
                for row in datafile.need(events_path, events, "triggers", list)]
    dates = datafile.need(lexicon_path, lexicon, "dates", dict)
    anaphora = _anaphora(lexicon_path, lexicon)
    loaded = LanguageRules(
        language=datafile.need(events_path, events, "language", str),
        triggers=triggers, classes=classes, class_case=class_case, blockers=blockers, subjects=subjects,
        cues=_cues(lexicon_path, lexicon, "modality"),
        hedges=_cues(lexicon_path, lexicon, "hedges"),
        clause_boundary=_lower(lexicon_path, datafile.line_of(lexicon),
                               datafile.need(lexicon_path, lexicon, "clause_boundary", str)),
        anaphora=anaphora,
        anaphora_pattern=re.compile(r"\b(?:" + datafile.alternation(list(anaphora)) + r")\b"),
        attributive=_regex(lexicon_path, lexicon, "attributive"),
        place_prepositions=_regex(lexicon_path, lexicon, "place_prepositions"),
        place_apposition=_regex(lexicon_path, lexicon, "place_apposition"),
        owner_of=_optional_regex(lexicon_path, lexicon, "owner_of"),
        designator_before=_optional_regex(lexicon_path, lexicon, "designator_before"),
        list_gap=_regex(lexicon_path, lexicon, "list_gap"),
        examples=_regex(lexicon_path, lexicon, "examples"),
        container_gap=_regex(lexicon_path, lexicon, "container_gap"),
        designators=_designators(lexicon_path, lexicon),
        borders=[datafile.regex(lexicon_path, datafile.line_of(lexicon), p)
                 for p in datafile.strings(lexicon_path, lexicon, "borders")],
        abbreviations=frozenset(datafile.strings(lexicon_path, lexicon, "abbreviations")),
        roles=_roles(lexicon_path, lexicon),
        # compared with gazetteer keys (accents folded: "según", "même" as "segun", "meme")
        stopwords=frozenset(key(w) for w in datafile.strings(lexicon_path, lexicon, "stopwords")),
        months=_int_table(lexicon_path, dates, "months"),
        **_date_leads(lexicon_path, dates),
        weekdays=_int_table(lexicon_path, dates, "weekdays"),
        numbers=_int_table(lexicon_path, dates, "numbers"),
        relative=[(_lower(lexicon_path, datafile.line_of(r), datafile.need(lexicon_path, r, "pattern", str)),
                   datafile.need(lexicon_path, r, "days", int)) for r in dates.get("relative", [])],
    )
    loaded.uncased = bool(lexicon.get("uncased", False))
    loaded.clitics = tuple(datafile.strings(lexicon_path, lexicon, "clitics"))
    loaded.name_articles = frozenset(key(w) for w in datafile.strings(lexicon_path, lexicon, "name_articles"))
    loaded.relative_words = frozenset(w for pattern, _ in loaded.relative
                                      for w in re.findall(r"[^\W\d_]{3,}", pattern.pattern))
    loaded.relative_any = _any_of([pattern for pattern, _ in loaded.relative])
    loaded.relative_needles = literals.needles(loaded.relative_any)
    loaded.relative_each = tuple(literals.needles(pattern) for pattern, _ in loaded.relative)
    loaded.class_needles = {name: literals.needles(pattern) for name, pattern in classes.items()}
    loaded.role_needles = {name: literals.needles(pattern) for name, pattern in loaded.roles.items()}
    loaded.role_gates = {name: literals.requirements(pattern) for name, pattern in loaded.roles.items()}
    loaded.designator_heads = _heads([word for kind in lexicon["designators"] if kind != datafile.LINE
                                      for word in datafile.strings(lexicon_path, lexicon["designators"], kind)])
    before = [cue for cue in loaded.cues if cue.before and not cue.case]
    loaded.cue_any = _any_of([cue.pattern for cue in before])
    loaded.cue_scan = boundary.any_of([cue.pattern for cue in before]) if loaded.cue_any is not _ALWAYS else None
    loaded.cue_reach = max((cue.before for cue in before), default=0)
    loaded.cues_before = tuple(cue for cue in loaded.cues if cue.before)
    loaded.cues_after = tuple(cue for cue in loaded.cues if cue.after)
    loaded.cues_unjoined = tuple(cue for cue in loaded.cues_before if cue.case or cue.sentence)
    loaded.calendar = frozenset(loaded.weekdays) | frozenset(loaded.months)
    loaded.clause_scan = branches.split(loaded.clause_boundary)
    loaded.border_scans = tuple((p, boundary.rest(p), literals.needles(p)) for p in loaded.borders)
    loaded.blocker_tests = {name: p.match if boundary.anchored(p) else p.search for name, p in blockers.items()}
    loaded.index_keys()
    loaded.pair_twins()
    return loaded


def _any_of(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """One pattern that matches where any of ``patterns`` does: a single pass tells whether a
    sentence needs the patterns tried one by one. (Backreferences would change meaning once the
    groups are renumbered; patterns with them, or that cannot be joined (a group name used twice,
    an inline flag), are always tried.)"""
    if any(_BACKREFERENCE.search(p.pattern) or p.flags != patterns[0].flags for p in patterns):
        return _ALWAYS
    if not patterns:
        return _NEVER
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), patterns[0].flags)
    except re.error:
        return _ALWAYS


def _lower(path: str, line: int | None, pattern: str) -> re.Pattern[str]:
    """Compile a pattern matched on lower-cased text; upper-case letters in it could never match."""
    if _UPPER.search(pattern):
        raise DataFileError(path, line, f"pattern {pattern[:60]!r} has upper-case letters but is "
                                        "matched on lower-cased text (write it in lower case or set case: true)")
    return datafile.regex(path, line, pattern)


def _trigger(path: str, row: Any, classes: dict[str, Any], blockers: dict[str, Any],
             subjects: dict[str, Any]) -> Trigger:
    if not isinstance(row, dict):
        raise DataFileError(path, None, "every trigger must be a mapping")
    line = datafile.line_of(row)
    kind = datafile.need(path, row, "type", str)
    if kind not in TYPES + FAMILIES:
        raise DataFileError(path, line, f"unknown type {kind!r}")
    obj = row.get("object", "any")
    if obj not in OBJECTS:
        raise DataFileError(path, line, f"object must be one of {OBJECTS}")
    needs, blocks = datafile.strings(path, row, "needs"), datafile.strings(path, row, "blockers")
    for name in needs:
        if name not in classes:
            raise DataFileError(path, line, f"needs unknown class {name!r}")
    for name in blocks:
        if name not in blockers:
            raise DataFileError(path, line, f"unknown blocker {name!r}")
    not_after = datafile.strings(path, row, "not_after")
    for name in not_after:
        if name not in subjects:
            raise DataFileError(path, line, f"not_after: unknown subject pattern {name!r}")
    keys = datafile.strings(path, row, "keys")
    if not keys or any(k != k.casefold() or not k.rstrip("*").isalpha() for k in keys):
        raise DataFileError(path, line, "keys must be a non-empty list of lower-case words or stems (stem*)")
    confidence = row.get("confidence", 0.7)
    if not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
        raise DataFileError(path, line, "confidence must be a number between 0 and 1")
    pattern = datafile.need(path, row, "pattern", str)
    case = bool(row.get("case"))
    compiled = datafile.regex(path, line, pattern) if case else _lower(path, line, pattern)
    return Trigger(datafile.need(path, row, "id", str), kind, compiled, tuple(keys), case, obj,
                   tuple(needs), tuple(blocks), tuple(not_after), bool(row.get("retake")),
                   bool(row.get("infinitive")), bool(row.get("adjective")), bool(row.get("titled_before")),
                   bool(row.get("summit")), bool(row.get("refers_back")), bool(row.get("agent_after")),
                   float(confidence), boundary.rest(compiled))


def _gated(trigger: Trigger, classes: dict[str, re.Pattern[str]], class_case: frozenset[str]) -> Trigger:
    """``trigger`` with its ``gates``: the needles (``literals.needles``) of the border class when
    its object is a border (``detect._plausible``), of each class it needs within its sentence
    (``detect._has``), and of its pattern. A pattern without needles makes no gate, nor does one
    whose needles every key word holds ("met" for ``\\b(?:met|meets)\\b``): the trigger is tried
    only in a sentence holding one of its key words (in its lower case), which says as much."""
    names = ["border"] if trigger.object == "border" else []
    elsewhere = _NEEDS_ELSEWHERE | (_NEEDS_ELSEWHERE_IN_CAPTURE if trigger.type == "capture" else frozenset())
    if trigger.titled_before:
        elsewhere = elsewhere | {"person"}
    names += [name for name in trigger.needs if name not in elsewhere]
    gates = [(literals.needles(classes[name]), name in class_case) for name in names]
    own = literals.needles(trigger.pattern)
    if not (own and not trigger.case and _keys_hold(trigger.keys, own)):
        gates.append((own, trigger.case))   # last: a key word is often one
    return dataclasses.replace(trigger, gates=tuple((found, case) for found, case in gates if found))


def _keys_hold(keys: tuple[str, ...], needles: tuple[str, ...]) -> bool:
    """Does every key word (a stem: every word it opens) hold one of ``needles``?"""
    return all(any(needle in k.rstrip("*") for needle in needles) for k in keys)


def _patterns(path: str, data: dict[str, Any], section: str) -> tuple[dict[str, re.Pattern[str]], frozenset[str]]:
    table = data.get(section) or {}
    if not isinstance(table, dict):
        raise DataFileError(path, datafile.line_of(data), f"{section!r} must be a mapping")
    compiled, case = {}, set()
    for name, value in table.items():
        if name == datafile.LINE:
            continue
        line = datafile.line_of(value, datafile.line_of(table))
        if isinstance(value, dict) and value.get("case"):
            case.add(name)
        compiled[name] = _class_pattern(path, line, value)
    return compiled, frozenset(case)


def _class_pattern(path: str, line: int | None, value: Any) -> re.Pattern[str]:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return _lower(path, line, r"\b(?:" + datafile.alternation([v.casefold() for v in value]) + r")\b")
    if isinstance(value, dict) and isinstance(value.get("pattern"), str):
        if value.get("case"):
            return datafile.regex(path, line, value["pattern"])
        return _lower(path, line, value["pattern"])
    raise DataFileError(path, line, "a class is a list of words or a mapping with 'pattern'")


def _cues(path: str, data: dict[str, Any], section: str) -> list[Cue]:
    table = data.get(section) or {}
    if not isinstance(table, dict):
        raise DataFileError(path, datafile.line_of(data), f"{section!r} must be a mapping")
    cues = []
    for name, row in table.items():
        if name == datafile.LINE:
            continue
        if not isinstance(row, dict):
            raise DataFileError(path, datafile.line_of(table), f"{section} {name!r} must be a mapping")
        line, raw, case = datafile.line_of(row), datafile.need(path, row, "pattern", str), bool(row.get("case"))
        pattern = datafile.regex(path, line, raw) if case else _lower(path, line, raw)
        penalty = row.get("penalty", 0.0)
        if not isinstance(penalty, (int, float)) or not 0 <= penalty <= 1:
            raise DataFileError(path, line, "penalty must be a number between 0 and 1")
        cues.append(Cue(name, pattern, int(row.get("before", 0)), int(row.get("after", 0)), case, float(penalty),
                        literals.needles(pattern), bool(row.get("sentence"))))
    return cues


def _roles(path: str, data: dict[str, Any]) -> dict[str, re.Pattern[str]]:
    table = data.get("roles") or {}
    compiled = {}
    for name, value in table.items():
        if name == datafile.LINE:
            continue
        line = datafile.line_of(value, datafile.line_of(table))
        if isinstance(value, str):
            compiled[name] = datafile.regex(path, line, value, FLAGS)
        elif isinstance(value, dict) and isinstance(value.get("pattern"), str):
            compiled[name] = datafile.regex(path, line, value["pattern"], 0 if value.get("case") else FLAGS)
        else:
            raise DataFileError(path, line, f"role {name!r} must be a pattern or a mapping with 'pattern'")
    return compiled


def _anaphora(path: str, data: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    table = datafile.need(path, data, "anaphora", dict)
    return {k.casefold(): tuple(v) for k, v in table.items() if k != datafile.LINE}


def _designators(path: str, data: dict[str, Any]) -> dict[str, re.Pattern[str]]:
    table = datafile.need(path, data, "designators", dict)
    return {kind: re.compile(r"(?:" + datafile.alternation(datafile.strings(path, table, kind)) + r")(?:e?s)?\b", FLAGS)
            for kind in table if kind != datafile.LINE}   # plurals too: "the A and B checkpoints"


def _optional_regex(path: str, data: dict[str, Any], name: str) -> re.Pattern[str]:
    """``name``'s pattern, or one that never matches where the language has none."""
    return _regex(path, data, name) if name in data else _NEVER


def _heads(words: list[str]) -> tuple[int, frozenset[str]] | None:
    """How many letters every word's first word has (at most three) and those first letters of
    each, lower-cased; ``None`` where a head is not plain ASCII (there ignoring case pairs more
    characters than ``str.lower`` does) or is empty."""
    firsts = [w.strip().split()[0] for w in words if w.strip()]
    size = min([3] + [len(f) for f in firsts])
    heads = frozenset(f[:size].lower() for f in firsts)
    if size == 0 or not firsts or not all(h.isascii() and h.isalpha() for h in heads):
        return None
    return size, heads


def _regex(path: str, data: dict[str, Any], name: str) -> re.Pattern[str]:
    return datafile.regex(path, datafile.line_of(data), datafile.need(path, data, name, str), FLAGS)


def _date_leads(path: str, dates: dict[str, Any]) -> dict[str, Any]:
    """The language's own words before years and months, where its lexicon lists them."""
    leads: dict[str, Any] = {}
    for name in ("year_leads", "month_leads"):
        if name in dates:
            leads[name] = tuple(w.casefold() for w in datafile.strings(path, dates, name))
    if "capitalised_months" in dates:
        leads["capitalised_months"] = bool(dates["capitalised_months"])
    return leads


def _int_table(path: str, data: dict[str, Any], name: str) -> dict[str, int]:
    table = datafile.need(path, data, name, dict)
    return {k.casefold(): v for k, v in table.items() if k != datafile.LINE}
