"""States named in each language, and written into sentences as a person would write them."""

from __future__ import annotations

import datetime as dt

import pytest

from services.notifications.domain.grammar import by_code, forms
from services.notifications.domain.i18n import days, long_date
from services.notifications.domain.state_names import alpha2, local_name


def test_alpha3_codes_reach_babel_names_through_cldr_aliases():
    assert alpha2("AUT") == "AT" and alpha2("PSE") == "PS"
    assert local_name("AUT", "Austria", "fr") == "Autriche"
    assert local_name("AUT", "Austria", "zh") == "奥地利"
    assert local_name("AUT", "Austria", "en") == "Austria"  # English: the secretariat's list


def test_un_names_replace_cldr_short_names_unfit_for_a_note_verbale():
    assert local_name("PSE", "State of Palestine", "fr") == "État de Palestine"
    assert local_name("KOR", "Republic of Korea", "ar") == "جمهورية كوريا"
    assert local_name("RUS", "Russian Federation", "ru") == "Российская Федерация"


def test_the_english_name_stands_in_when_there_is_no_alpha2_code():
    assert local_name("XKX", "Some Territory", "es") == "Some Territory"


@pytest.mark.parametrize("language,code,name,the,of", [
    ("en", "AUT", "Austria", "Austria", "of Austria"),
    ("en", "KOR", "Republic of Korea", "the Republic of Korea", "of the Republic of Korea"),
    ("en", "BOL", "Bolivia (Plurinational State of)", "the Plurinational State of Bolivia",
     "of the Plurinational State of Bolivia"),
    ("en", "NLD", "Netherlands (Kingdom of the)", "the Kingdom of the Netherlands",
     "of the Kingdom of the Netherlands"),
    ("en", "PHL", "Philippines", "the Philippines", "of the Philippines"),
    ("fr", "AUT", "Autriche", "l’Autriche", "de l’Autriche"),
    ("fr", "FRA", "France", "la France", "de la France"),
    ("fr", "KEN", "Kenya", "le Kenya", "du Kenya"),
    ("fr", "MEX", "Mexique", "le Mexique", "du Mexique"),
    ("fr", "NLD", "Pays-Bas", "les Pays-Bas", "des Pays-Bas"),
    ("fr", "CUB", "Cuba", "Cuba", "de Cuba"),
    ("fr", "ISR", "Israël", "Israël", "d’Israël"),
    ("fr", "SLE", "Sierra Leone", "la Sierra Leone", "de la Sierra Leone"),
    ("es", "AUT", "Austria", "Austria", "de Austria"),
    ("es", "GBR", "Reino Unido", "el Reino Unido", "del Reino Unido"),
    ("es", "USA", "Estados Unidos de América", "los Estados Unidos de América",
     "de los Estados Unidos de América"),
    ("es", "PER", "Perú", "el Perú", "del Perú"),
    ("ar", "AUT", "النمسا", "النمسا", "للنمسا"),
    ("ar", "FRA", "فرنسا", "فرنسا", "لفرنسا"),
    ("ru", "AUT", "Австрия", "Австрия", "Австрия"),
])
def test_a_state_enters_a_sentence_with_its_article_and_preposition(language, code, name,
                                                                     the, of):
    state = forms(code, name, language)
    assert (state.the, state.of) == (the, of)


def test_plural_names_are_marked_for_the_verb_to_agree():
    assert forms("NLD", "Pays-Bas", "fr").plural and not forms("AUT", "Autriche", "fr").plural
    assert forms("USA", "Estados Unidos", "es").plural


def test_a_state_not_yet_known_is_called_by_its_code_without_an_article():
    assert (by_code("AUT", "fr").of, by_code("AUT", "en").of) == ("de AUT", "of AUT")


@pytest.mark.parametrize("language,count,text", [
    ("en", 1, "1 day"), ("en", 20, "20 days"), ("fr", 1, "1 jour"), ("ru", 1, "1 день"),
    ("ru", 3, "3 дня"), ("ru", 20, "20 дней"), ("ru", 21, "21 день"), ("zh", 20, "20天"),
    ("ar", 1, "يوم واحد"), ("ar", 2, "يومان"), ("ar", 5, "5 أيام"), ("ar", 20, "20 يومًا"),
    ("es", 20, "20 días"),
])
def test_days_take_the_plural_form_of_the_language(language, count, text):
    assert days(count, language) == text


def test_dates_are_written_the_way_each_language_writes_them():
    day, first = dt.date(2020, 12, 15), dt.date(2021, 2, 1)
    assert long_date(day, "en") == "15 December 2020"
    assert long_date(day, "es") == "15 de diciembre de 2020"
    assert long_date(day, "zh") == "2020年12月15日"
    assert long_date(first, "fr") == "1er février 2021"
    assert long_date(day, "ru") == "15 декабря 2020\u202fг."  # no line break before "г."
