"""Sentence splitting that survives abbreviations, quotes, datelines and headings."""

from services.extractor import rules, sentences

ABBREVIATIONS = rules.load_all()["en"].abbreviations


def texts(text: str) -> list[str]:
    return [s.text for s in sentences.split(text, ABBREVIATIONS)]


def test_titles_and_month_abbreviations_do_not_end_sentences():
    text = "Lt. Gen. Ali Hassan said fighting began on Nov. 27 near the city. Officials agreed."
    assert texts(text) == ["Lt. Gen. Ali Hassan said fighting began on Nov. 27 near the city.", "Officials agreed."]


def test_initials_and_us_do_not_end_sentences():
    assert len(texts("The U.S. envoy met J. Smith in Amman. They spoke for an hour.")) == 2


def test_quotes_close_a_sentence():
    text = '"We shut the gate," the officer said. "It stays shut." Traffic stopped.'
    assert texts(text) == ['"We shut the gate," the officer said.', '"It stays shut."', "Traffic stopped."]


def test_paragraph_breaks_end_sentences_and_offsets_point_into_the_text():
    text = "First paragraph ends here\n\nSecond one. Third."
    found = sentences.split(text, ABBREVIATIONS)
    assert [text[s.start:s.start + len(s.text)] for s in found] == [s.text for s in found]
    assert found[0].heading and not found[1].heading


def test_wire_dateline_is_read():
    assert sentences.dateline("JAMMU, February 15\n\nAuthorities imposed a curfew.") == "JAMMU"
    assert sentences.dateline("NAIROBI — Police used tear gas on Tuesday.") == "NAIROBI"
    assert sentences.dateline("Shafaq News/ On Monday, Iraq deployed troops.") is None


def test_agency_credit_is_not_a_dateline():
    assert sentences.strip_source("Shafaq News/ On Monday, Iraq deployed troops.") == "On Monday, Iraq deployed troops."


def test_breaks_are_the_one_split_patterns_matches():
    import random

    from services.extractor import sentences
    rng = random.Random(5)
    pieces = list("\n\n .!?..\"'”’)]“‘([ \t\tAaBbZß1é É\r_x") + ["Mr.", "U.S.", "?.", "!?", "...", ". A", ".\" B"]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        assert [m.span() for m in sentences._breaks(text)] == [m.span() for m in sentences._SPLIT.finditer(text)], text


def _abbreviation_in_chunk(chunk: str, abbreviations: frozenset[str]) -> bool:
    """The abbreviation test as first written: on the chunk of text ending with the break."""
    stripped = chunk.rstrip()
    if not stripped.endswith("."):
        return False
    space = stripped.rfind(" ")
    word = stripped[space + 1:].lstrip("\"'“‘([").rstrip(".")
    if len(word) == 1 and word.isupper():
        return True
    return word.casefold() in abbreviations or "." in word


def test_abbreviations_read_in_place_are_those_read_off_the_chunk():
    import random

    rng = random.Random(11)
    pieces = list(" .!?\"'”’)]“‘([\tAaBbZ1é") + ["Mr.", "U.S.", "gen.", "Lt. ", "approx.", "(Col.", "İ.", "a.?.", "word"]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25)))
        for match in sentences._breaks(text):
            start, end = match.start(), match.end()
            if text[start] != ".":
                continue
            for begin in (0, start // 2, start):
                lo = max(begin, start - 20)
                assert sentences._is_abbreviation(text, lo, start, end, ABBREVIATIONS) == \
                    _abbreviation_in_chunk(text[lo:end], ABBREVIATIONS), text


def test_a_french_quotation_opens_a_new_sentence():
    text = "Les combats ont duré plusieurs heures, selon une source. « L'ennemi a été repoussé », a dit le ministre."
    assert texts(text) == ["Les combats ont duré plusieurs heures, selon une source.",
                           "« L'ennemi a été repoussé », a dit le ministre."]
