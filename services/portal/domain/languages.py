"""The six languages of the interface, and which one a page speaks.

A person's own pick comes first; else the language of their State's Permanent Mission (the
language its letters are written in); else the best of the six their browser asks for;
else English. English is British English (en_GB), as in United Nations documents ("1
December 2020"); Chinese is simplified Chinese, as the letters are written (Babel's "zh").
"""

from __future__ import annotations

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
DEFAULT_LANGUAGE = "en"
RIGHT_TO_LEFT = frozenset({"ar"})

#: each language as its own speakers name it: the switcher is read by someone who may not
#: read the page's present language
OWN_NAMES = {"ar": "العربية", "zh": "中文", "en": "English", "fr": "Français",
             "ru": "Русский", "es": "Español"}

#: the Babel locale that writes each language's dates and numbers
_LOCALES = {"ar": "ar", "zh": "zh", "en": "en_GB", "fr": "fr", "ru": "ru", "es": "es"}
#: the same, as the HTML lang attribute names it (BCP 47)
_TAGS = {"ar": "ar", "zh": "zh-Hans", "en": "en-GB", "fr": "fr", "ru": "ru", "es": "es"}


def choose(picked: str | None, mission: str | None, browser: str | None) -> str:
    """The page's language: the first of these that is one of the six."""
    for wanted in (picked, mission, browser):
        if wanted in LANGUAGES:
            return wanted
    return DEFAULT_LANGUAGE


def locale_of(language: str) -> str:
    return _LOCALES[language]


def tag_of(language: str) -> str:
    return _TAGS[language]


def direction_of(language: str) -> str:
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"
