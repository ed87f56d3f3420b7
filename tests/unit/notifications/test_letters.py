"""Rendering the note-verbale e-mails, without database or broker."""

from __future__ import annotations

import datetime as dt

import pytest
from jinja2 import UndefinedError

from services.notifications.domain.letters import render_nomination_missing

NAMES = {"AUT": "Austria", "FRA": "France", "KEN": "Kenya"}


def payload(**overrides) -> dict:
    base = dict(state_code="AUT", role="focal_point", review_id=12, capacity="reviewing",
                state_under_review="FRA", due_on=dt.date(2020, 12, 15),
                as_of=dt.date(2021, 1, 4), days_overdue=20, reminder=1)
    return {**base, **overrides}


def flat(text: str) -> str:
    """The body is word-wrapped: compare sentences regardless of where lines break."""
    return " ".join(text.split())


def test_letter_names_both_states_the_due_date_and_the_days_overdue_when_reviewing():
    letter = render_nomination_missing(payload(), NAMES, "en")
    body = flat(letter.body)
    assert letter.subject == ("Review mechanism (UNTOC): nomination of a focal point "
                              "for the review of France")
    assert body.startswith("The Secretariat of the United Nations Office on Drugs and Crime "
                           "(UNODC) presents its compliments to the Permanent Mission of "
                           "Austria to the United Nations (Vienna)")
    assert ("the focal point of Austria, as reviewing State in the review of France, "
            "was due on 15 December 2020 and has not yet been received (20 days overdue"
            in body)
    assert ("avails itself of this opportunity to renew to the Permanent Mission of Austria "
            "to the United Nations (Vienna) the assurances of its highest consideration" in body)


def test_letter_says_state_under_review_when_the_capacity_is_under_review():
    letter = render_nomination_missing(
        payload(state_code="KEN", state_under_review="KEN", capacity="under_review",
                days_overdue=1, due_on=dt.date(2021, 2, 1)), NAMES, "en")
    body = flat(letter.body)
    assert "the focal point of Kenya, as State party under review, was due on 1 February 2021" \
        in body
    assert "(1 day overdue" in body
    assert letter.subject.endswith("for the review of Kenya")


def test_experts_are_named_in_subject_and_body_when_the_role_is_expert():
    letter = render_nomination_missing(payload(role="expert", reminder=3), NAMES, "en")
    assert "nomination of governmental experts for the review of France" in letter.subject
    assert "the governmental experts of Austria" in flat(letter.body)
    assert "reminder no. 3" in flat(letter.body)


def test_codes_stand_in_for_names_when_the_states_are_not_yet_known():
    letter = render_nomination_missing(payload(), {}, "en")
    assert letter.subject.endswith("for the review of FRA")
    assert "Permanent Mission of AUT to the United Nations" in flat(letter.body)


def test_no_template_syntax_is_left_and_subject_is_one_line_when_rendered():
    for role in ("focal_point", "expert", "observer"):
        for capacity in ("under_review", "reviewing"):
            letter = render_nomination_missing(payload(role=role, capacity=capacity,
                                                       reminder=2), NAMES, "en")
            for text in (letter.subject, letter.body):
                assert "{{" not in text and "{%" not in text and "}}" not in text
                assert "{#" not in text
            assert "\n" not in letter.subject and "\r" not in letter.subject


def test_english_is_used_when_the_mission_language_is_unknown_or_missing():
    assert render_nomination_missing(payload(), NAMES, "de").language == "en"
    assert render_nomination_missing(payload(), NAMES, None).language == "en"


def test_letter_is_in_french_when_the_mission_prefers_french():
    letter = render_nomination_missing(payload(), NAMES, "fr")
    assert letter.language == "fr"
    assert "présente ses compliments à la Mission permanente de l’Autriche" in flat(letter.body)
    assert letter.subject.endswith("pour l’examen de la France")


def test_rendering_fails_when_a_variable_is_missing():
    incomplete = payload()
    del incomplete["due_on"]
    with pytest.raises(UndefinedError):
        render_nomination_missing(incomplete, NAMES, "en")


def test_rendering_fails_when_the_role_is_unknown():
    with pytest.raises(UndefinedError):
        render_nomination_missing(payload(role="ambassador"), NAMES, "en")
