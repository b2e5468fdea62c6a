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


def test_spanish_rules_read_a_closure_and_a_listed_reopening(extractor):
    text = ("Tras tres días clausurados, los cruces de Nogales y de Laredo vuelven a operar, "
            "informaron las autoridades de Estados Unidos.")
    result = extractor.extract(make_article(text, language="es"))
    assert sorted((e.type, e.location.name) for e in result.events) == [
        ("border.closure", "Laredo"), ("border.closure", "Nogales"),
        ("border.reopening", "Laredo"), ("border.reopening", "Nogales")]


def test_french_rules_read_a_closure(extractor):
    text = "Le poste-frontière de Goumois a été fermé mardi, a indiqué le canton."
    result = extractor.extract(make_article(text, language="fr", country="CH"))
    assert [(e.type, e.location.name) for e in result.events] == [("border.closure", "Goumois")]


def test_arabic_rules_find_places_without_capitals(extractor):
    text = "أغلقت السلطات معبر رفح يوم الثلاثاء بسبب الوضع الأمني."
    result = extractor.extract(make_article(text, language="ar"))
    assert [(e.type, e.location.resolved) for e in result.events] == [("border.closure", "Rafah crossing")]


def test_arabic_phone_call_names_both_officials(extractor):
    text = "جرى اليوم اتصال هاتفي بين وزير الخارجية المصري سامح شكري ونظيره الأردني أيمن الصفدي."
    result = extractor.extract(make_article(text, language="ar"))
    assert [e.type for e in result.events] == ["diplomatic.contact"]
    assert "سامح شكري" in result.events[0].actors
