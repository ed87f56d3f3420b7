"""The letters about a review's content on a real database (PostgreSQL): the answers sent
go to the reviewing States, feedback on an answer to the State under review, the adopted
list of observations to every State of the review, each in its Mission's language with its
focal point copied; a redelivered event writes nothing more, and an event of the history
import writes its letters as skipped."""

from __future__ import annotations

import datetime as dt

import pytest

from services.notifications.adapters.orm import SKIPPED
from shared.events import new_event
from tests.integration.test_notifications_world import (
    app_with_missions,
    at,
    deliver,
    focal_point,
    messages,
    registered,
    scheduled,
)

DAY = dt.date(2021, 6, 1)
LANGUAGE = {"FRA": "fr", "KEN": "en", "CHN": "zh"}
REVIEW = {"review_id": 3, "state_under_review": "FRA"}


@pytest.fixture
def app(postgres_url):
    app = app_with_missions(postgres_url, DAY, LANGUAGE)
    deliver(app, *(registered(code, at(DAY)) for code in LANGUAGE),
            scheduled(3, "FRA", ["KEN", "CHN"], dt.date(2021, 1, 1), at(dt.date(2021, 1, 1))),
            *(focal_point(code, 3, at(dt.date(2021, 1, 5)), nomination_id=n)
              for n, code in enumerate(LANGUAGE, start=1)))
    yield app
    app.extensions["revmod"].engine.dispose()


def submitted(history: bool = False):
    return new_event("QuestionnaireSubmitted", {
        **REVIEW, "reviewing_states": ["KEN", "CHN"], "cluster": 1, "bank_version": 1,
        "instruments": ["convention", "trafficking"], "answers": 14,
        "submitted_by": "Ministry of Justice", "submitted_on": DAY}, at(DAY), history=history)


def letters(app) -> dict[str, list]:
    found: dict[str, list] = {}
    for m in messages(app, kind="review_content"):
        found.setdefault(m.state_code, []).append(m)
    return found


def test_each_fact_of_the_review_is_told_to_the_states_that_act_on_it_once(app):
    feedback = new_event("FeedbackGiven", {
        **REVIEW, "feedback_id": 9, "question_id": "c1-conv-5-a",
        "kind": "clarification_request", "reviewing_state": "KEN", "given_on": DAY}, at(DAY))
    adopted = new_event("ObservationsAdopted", {
        **REVIEW, "group_number": 1, "phase": 1, "cluster": 1,
        "reviewing_states": ["KEN", "CHN"], "version": 2, "adopted_on": DAY,
        "articles": ["convention 5", "convention 6"], "good_practices_public": True}, at(DAY))
    answers = submitted()
    deliver(app, answers, answers)  # told twice: one letter each
    sent = letters(app)
    assert sorted(sent) == ["CHN", "KEN"]
    (kenya,), (china,) = sent["KEN"], sent["CHN"]
    assert (kenya.language, china.language) == ("en", "zh")
    assert "France sent its answers" in kenya.body_text and "14 questions" in kenya.body_text
    assert "自评问卷" in china.body_text
    assert kenya.recipients == ["pm-ken@missions.example.org"]
    assert kenya.cc == ["fp-ken@gov.example.org"]
    deliver(app, feedback, feedback)
    (to_france,) = letters(app)["FRA"]
    assert to_france.language == "fr" and "c1-conv-5-a" in to_france.subject
    assert "demandé des éclaircissements" in to_france.body_text
    deliver(app, adopted, adopted)
    by_state = letters(app)
    assert {code: len(found) for code, found in by_state.items()} == {
        "FRA": 2, "KEN": 2, "CHN": 2}
    english = by_state["KEN"][-1]
    assert english.subject.endswith("list of observations adopted")
    assert "version 2, on 2 articles" in english.body_text.replace("\n", " ")


def test_the_histories_letters_are_kept_unsent(app):
    deliver(app, submitted(history=True))
    assert {m.status for m in messages(app, kind="review_content")} == {SKIPPED}
