"""Data files are validated at start; errors name the file and the line."""

import os
import shutil

import pytest

from services.extractor import codes, gazetteer, rules
from services.extractor.extract import Extractor
from services.kernel.errors import DataFileError

RULES = os.path.join(os.path.dirname(rules.__file__), "rules", "en")


def copy_rules(tmp_path, events_text: str | None = None, lexicon_text: str | None = None) -> str:
    target = tmp_path / "rules" / "en"
    shutil.copytree(RULES, target)
    if events_text is not None:
        (target / "events.yaml").write_text(events_text, encoding="utf-8")
    if lexicon_text is not None:
        (target / "lexicon.yaml").write_text(lexicon_text, encoding="utf-8")
    return str(tmp_path / "rules")


def test_unknown_event_type_names_file_and_line(tmp_path):
    bad = "language: en\ntriggers:\n  - {id: x, keys: [shut], type: border.shutdown, pattern: 'shut'}\n"
    with pytest.raises(DataFileError) as caught:
        rules.load_all(copy_rules(tmp_path, events_text=bad))
    assert caught.value.path.endswith("events.yaml") and caught.value.line == 3
    assert "border.shutdown" in str(caught.value)


def test_pattern_that_does_not_compile_names_its_line(tmp_path):
    bad = ("language: en\ntriggers:\n  - {id: ok, keys: [shut], type: border.closure, pattern: 'shut'}\n"
           "  - {id: broken, keys: [shut], type: border.closure, pattern: 'shut(('}\n")
    with pytest.raises(DataFileError) as caught:
        rules.load_all(copy_rules(tmp_path, events_text=bad))
    assert caught.value.line == 4


def test_upper_case_in_a_lower_case_pattern_is_refused(tmp_path):
    bad = "language: en\ntriggers:\n  - {id: x, keys: [shut], type: border.closure, pattern: 'Shut'}\n"
    with pytest.raises(DataFileError, match="lower case"):
        rules.load_all(copy_rules(tmp_path, events_text=bad))


def test_invalid_yaml_names_the_line(tmp_path):
    with pytest.raises(DataFileError) as caught:
        rules.load_all(copy_rules(tmp_path, events_text="language: en\ntriggers: [\n  {id: x\n"))
    assert caught.value.line is not None


def test_bad_country_code_in_the_gazetteer_supplement(tmp_path):
    path = tmp_path / "places.yaml"
    path.write_text("countries: []\nregions: []\nplaces:\n  - {name: Nowhere, country: XXX, kind: city}\n"
                    "not_places: []\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        gazetteer.load(str(path))
    assert caught.value.line == 4


def test_codes_table_must_cover_every_type(tmp_path):
    path = tmp_path / "codes.yaml"
    path.write_text("codes:\n  strike: {plover_type: ASSAULT}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="no codes for"):
        codes.load(str(path))


def test_extractor_refuses_a_missing_rules_directory(tmp_path):
    with pytest.raises(DataFileError):
        Extractor(str(tmp_path / "nowhere"))
