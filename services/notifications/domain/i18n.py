"""Dates, numbers and durations written the way each of the six languages writes them (Babel).

English is British English (en_GB), as in United Nations documents: "15 December 2020".
"""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
FALLBACK_LANGUAGE = "en"
RIGHT_TO_LEFT = frozenset({"ar"})

_LOCALES = {"en": "en_GB", "fr": "fr", "es": "es", "ru": "ru", "zh": "zh_Hans", "ar": "ar"}

#: a number of days, by the language's plural category (CLDR); `{n}` is the number. Babel's
#: unit formatting has no long day unit for Chinese and Arabic, so the forms are written here
_DAYS = {
    "en": {"one": "{n} day", "other": "{n} days"},
    "fr": {"one": "{n} jour", "other": "{n} jours"},
    "es": {"one": "{n} día", "other": "{n} días"},
    "ru": {"one": "{n} день", "few": "{n} дня", "many": "{n} дней", "other": "{n} дня"},
    "zh": {"other": "{n}天"},
    "ar": {"zero": "{n} يوم", "one": "يوم واحد", "two": "يومان", "few": "{n} أيام",
           "many": "{n} يومًا", "other": "{n} يوم"},
}


def language_of(wanted: str | None) -> str:
    """The recipient's language if it is one of the six, else English."""
    return wanted if wanted in LANGUAGES else FALLBACK_LANGUAGE


def locale_of(language: str) -> Locale:
    return Locale.parse(_LOCALES[language_of(language)])


def long_date(day: dt.date, language: str) -> str:
    text = format_date(day, format="long", locale=locale_of(language))
    if language == "fr" and day.day == 1:
        text = "1er" + text[1:]  # French writes the first of the month as an ordinal
    return text


def number(value: int, language: str) -> str:
    return format_decimal(value, locale=locale_of(language))


def days(count: int, language: str) -> str:
    """"20 days", "20 jours", "20 дней", "20天", "20 يومًا"... with the right plural form."""
    lang = language_of(language)
    forms = _DAYS[lang]
    category = locale_of(lang).plural_form(abs(count))
    return forms.get(category, forms["other"]).format(n=number(count, lang))


def direction(language: str) -> str:
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"
