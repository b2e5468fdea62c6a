"""Languages without rules are skipped with a reason the service can count."""

from tests.unit.extractor.conftest import make_article


def test_declared_language_without_rules_is_skipped(extractor):
    result = extractor.extract(make_article("Die Grenze wurde am Dienstag geschlossen.", language="de"))
    assert (result.events, result.skipped, result.language) == ([], "language", "de")


def test_undeclared_language_is_detected(extractor):
    text = "Las autoridades cerraron el paso fronterizo el viernes por la mañana tras los disturbios."
    result = extractor.extract(make_article(text, language=""))
    assert result.language == "es"


def test_empty_text_is_skipped(extractor):
    assert extractor.extract(make_article("   ")).skipped == "empty"


def test_regional_language_tag_is_normalised(extractor):
    result = extractor.extract(make_article("Airstrikes hit Idlib on Saturday.", language="en-GB"))
    assert result.skipped is None and result.language == "en"
