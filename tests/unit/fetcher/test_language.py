"""The quick language check answers only where it is sure, and never for the wrong language."""

from __future__ import annotations

import pytest

from services.fetcher.article import detect_language
from services.fetcher.language import by_function_words, distinctive_words

ENGLISH = ("Government forces said on Tuesday that they had taken back the town after two days "
           "of heavy fighting, and that the road to the border was open again to aid convoys, "
           "which had been waiting at the crossing for a week.")
FRENCH = ("Les forces gouvernementales ont affirmé mardi avoir repris le contrôle de la ville "
          "après deux jours de combats, selon un porte-parole de l'armée, et la route vers la "
          "frontière est de nouveau ouverte aux convois qui attendaient depuis une semaine.")
SPANISH = ("Las fuerzas del gobierno aseguraron el martes que habían recuperado el control de la "
           "ciudad tras dos días de combates, según un portavoz del ejército, y que la carretera "
           "hacia la frontera estaba abierta de nuevo para los convoyes.")
NEIGHBOURS = {
    "pt": ("As forças do governo afirmaram na terça-feira que tinham retomado o controle da "
           "cidade depois de dois dias de combates, e que a estrada para a fronteira já não "
           "estava fechada aos comboios que esperavam há uma semana."),
    "it": ("Le forze governative hanno detto martedì di aver ripreso il controllo della città "
           "dopo due giorni di combattimenti, e che la strada verso il confine è di nuovo "
           "aperta ai convogli che aspettavano già da una settimana."),
    "de": ("Die Regierungstruppen haben am Dienstag nach zwei Tagen schwerer Kämpfe die Kontrolle "
           "über die Stadt zurückerlangt, und die Straße zur Grenze ist wieder für die Konvois "
           "offen, die seit einer Woche an dem Übergang gewartet hatten."),
    "ca": ("Les forces del govern van assegurar dimarts que havien recuperat el control de la "
           "ciutat després de dos dies de combats, i que la carretera cap a la frontera "
           "tornava a estar oberta per als combois que esperaven amb paciència."),
}


@pytest.mark.parametrize(("text", "language"), [(ENGLISH, "en"), (FRENCH, "fr"),
                                                 (SPANISH, "es")])
def test_a_plain_news_lead_is_settled_by_its_function_words(text, language):
    assert by_function_words(text) == language
    assert detect_language(text, "xx") == language


@pytest.mark.parametrize("language", NEIGHBOURS)
def test_a_neighbouring_language_is_never_taken_for_one_the_rules_read(language):
    assert by_function_words(NEIGHBOURS[language]) in (language, None)
    assert detect_language(NEIGHBOURS[language], "en") not in ("en", "fr", "es")


def test_too_few_words_or_two_languages_mixed_leave_it_to_the_model():
    assert by_function_words("Border closed on Monday.") is None
    mixed = ENGLISH[:110] + " " + FRENCH[:120]
    assert by_function_words(mixed) is None


def test_a_word_two_languages_share_tells_neither():
    words = distinctive_words()
    assert "que" not in words and "de" not in words  # Spanish, French, Portuguese, Catalan...
    assert words["the"] == "en" and words["los"] == "es" and words["dans"] == "fr"
