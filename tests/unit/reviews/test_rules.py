"""The language rule and the summary's word limit, without database or broker."""

from __future__ import annotations

import pytest

from services.reviews.domain.rules import (
    MAX_SUMMARY_WORDS,
    Refused,
    agreed_languages,
    check_summary_length,
    count_words,
)


@pytest.mark.parametrize("languages", [["en"], ["fr"], ["en", "ar"], ["zh", "ru"]])
def test_one_or_two_languages_are_agreed_when_any_of_the_six(languages):
    assert agreed_languages(languages, None) == tuple(languages)


def test_three_languages_are_agreed_when_exceptional_circumstances_are_given():
    assert agreed_languages(["en", "fr", "es"], "national documents in three languages") == (
        "en", "fr", "es")


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_three_languages_are_refused_naming_exceptional_reason_when_no_reason(reason):
    with pytest.raises(Refused) as refused:
        agreed_languages(["en", "fr", "es"], reason)
    assert refused.value.field == "exceptional_reason"
    assert not refused.value.conflict


@pytest.mark.parametrize("languages", [[], ["en", "fr", "es", "ar"], ["en", "en"], ["de"],
                                       ["EN"]])
def test_languages_are_refused_naming_languages_when_none_too_many_repeated_or_unknown(
    languages
):
    with pytest.raises(Refused) as refused:
        agreed_languages(languages, "exceptional")
    assert refused.value.field == "languages"


@pytest.mark.parametrize(("text", "words"), [
    ("", 0),
    ("   \n\t ", 0),
    ("The State party under review", 5),
    ("a well-known, State-of-the-art practice", 4),  # hyphenated words are one word
    ("in 2022 some 1,500 words and 57 per cent", 9),  # numbers are words
    ("gaps – and challenges — were noted", 5),  # a lone dash is no word
    ("first—second", 2),  # an em dash between words separates them
    ("(a) art. 5, para. 1 (b);", 6),
    ("line one\nline two\r\n\tthree", 5),
])
def test_words_are_counted_as_a_person_would_when_text_mixes_numbers_hyphens_dashes(
    text, words
):
    assert count_words(text) == words


def test_summary_of_exactly_1500_words_is_accepted():
    assert check_summary_length(" ".join(["word"] * MAX_SUMMARY_WORDS)) == 1500


def test_summary_is_refused_naming_text_when_over_1500_words():
    with pytest.raises(Refused) as refused:
        check_summary_length("well-known " * 1501)
    assert refused.value.field == "text"
    assert "1,501 words" in refused.value.detail


def test_summary_of_1500_hyphenated_words_and_stray_dashes_is_accepted():
    text = " – ".join(["state-of-the-art"] * 1500)
    assert count_words(text) == 1500
    assert check_summary_length(text) == 1500


def test_empty_summary_is_refused_naming_text():
    with pytest.raises(Refused) as refused:
        check_summary_length(" - ")
    assert refused.value.field == "text"
