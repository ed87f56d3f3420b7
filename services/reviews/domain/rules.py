"""The rules on working languages, the summary's length and its translations.

Pure functions: they raise `Refused` (see lifecycle) with the field a caller must fix.
"""

from __future__ import annotations

import re
from collections.abc import Sequence


class Refused(Exception):
    """A rule of the mechanism refuses a command.

    `field` names what to fix. `conflict` is true when the review's present state is at
    fault (its stage, a document not yet written) rather than the request itself.
    """

    def __init__(self, detail: str, *, field: str, conflict: bool = False) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field
        self.conflict = conflict


#: the six working languages of the Mechanism, which are the six official languages of
#: the United Nations (note, paras. 24 and 38)
OFFICIAL_LANGUAGES: tuple[str, ...] = ("ar", "zh", "en", "fr", "ru", "es")
LANGUAGE_NAMES = {"ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French",
                  "ru": "Russian", "es": "Spanish"}

#: "in any one or two of the six working languages ... and in exceptional circumstances
#: in three languages" (note, para. 24)
USUAL_MAX_LANGUAGES = 2
EXCEPTIONAL_MAX_LANGUAGES = 3

#: "a summary of the lists of observations, not exceeding 1,500 words" (note, para. 38)
MAX_SUMMARY_WORDS = 1500

TRANSLATION_STATUSES: tuple[str, ...] = ("requested", "in_progress", "done")
TRANSLATED = "done"


def agreed_languages(languages: Sequence[str], exceptional_reason: str | None) -> tuple[str, ...]:
    """The working languages as agreed, or `Refused` naming the field at fault."""
    unknown = [code for code in languages if code not in OFFICIAL_LANGUAGES]
    if unknown:
        raise Refused(f"not a working language of the Mechanism: {', '.join(unknown)}; "
                      f"use {', '.join(OFFICIAL_LANGUAGES)}", field="languages")
    if len(set(languages)) != len(languages):
        raise Refused("a working language is listed twice", field="languages")
    if not languages:
        raise Refused("at least one working language must be agreed", field="languages")
    if len(languages) > EXCEPTIONAL_MAX_LANGUAGES:
        raise Refused(f"at most {EXCEPTIONAL_MAX_LANGUAGES} working languages, and three "
                      "only in exceptional circumstances (note, para. 24)", field="languages")
    if len(languages) > USUAL_MAX_LANGUAGES and not (exceptional_reason or "").strip():
        raise Refused("three working languages are allowed only in exceptional "
                      "circumstances: give the reason", field="exceptional_reason")
    return tuple(languages)


_WORD_BREAKS = re.compile(r"[\s\u2013\u2014]+")  # whitespace, en dash and em dash


def count_words(text: str) -> int:
    """Words as a person counts them: runs separated by whitespace (or a dash between
    words), where a hyphenated word is one word and a number is a word, but a lone
    punctuation mark is not."""
    return sum(1 for token in _WORD_BREAKS.split(text) if any(c.isalnum() for c in token))


def check_summary_length(text: str) -> int:
    """The summary's word count, or `Refused` if it exceeds the limit."""
    words = count_words(text)
    if words == 0:
        raise Refused("the summary is empty", field="text")
    if words > MAX_SUMMARY_WORDS:
        raise Refused(f"the summary has {words:,} words; it may not exceed "
                      f"{MAX_SUMMARY_WORDS:,} (note, para. 38)", field="text")
    return words
