"""Every refusal of a review command is a 4xx problem+json naming the field, and writes
nothing: no history row, no outbox row, no document."""

from __future__ import annotations

import datetime as dt

import pytest

from services.reviews.domain import stages as s
from tests.unit.reviews.integration_support import (
    SECRETARIAT,
    START,
    at,
    deliver,
    focal_point,
    ids_by_state,
    lots_drawn,
    make_app,
    observe,
    refused,
    review,
    review_articles,
    walk,
)

DAY = dt.date(2021, 1, 10)


@pytest.fixture
def app(database_url):
    app = make_app(database_url)
    deliver(app, lots_drawn([("FRA", ["DEU", "KEN"]), ("BRA", ["ARG", "JPN"])]))
    ids = ids_by_state(app)
    for state in ("FRA", "DEU", "KEN"):
        deliver(app, focal_point(ids["FRA"], state, START))
    at(app, DAY)
    yield app
    app.extensions["revmod"].engine.dispose()


def test_start_is_refused_naming_focal_points_while_one_is_missing(app):
    bra = ids_by_state(app)["BRA"]
    deliver(app, focal_point(bra, "BRA", START))
    problem = refused(app, "post", f"/reviews/{bra}/start", 409, "focal_points", **SECRETARIAT)
    assert "ARG, JPN" in problem["detail"]


@pytest.mark.parametrize(("body", "field"), [
    ({"languages": ["en", "fr", "es"]}, "exceptional_reason"),
    ({"languages": ["en", "fr", "es"], "exceptional_reason": "  "}, "exceptional_reason"),
    ({"languages": ["en", "fr", "es", "ar"], "exceptional_reason": "x"}, "languages"),
    ({"languages": []}, "languages"),
    ({"languages": ["en", "en"]}, "languages"),
    ({"languages": ["de"]}, "languages"),
    ({"languages": ["en"], "held_on": "2030-01-01"}, "held_on"),
    ({"languages": ["en"], "time_frames": {"started": "2021-02-01"}}, "time_frames"),
    ({"languages": ["en"], "actor": ""}, "actor"),
])
def test_consultation_is_refused_naming_the_field_when_the_language_rule_or_input_fails(
    app, body, field
):
    fra = ids_by_state(app)["FRA"]
    request = {"held_on": DAY.isoformat(), "facilitated_by_secretariat": True, **SECRETARIAT,
               **body}
    refused(app, "post", f"/reviews/{fra}/preliminary-consultation", 422, field, **request)
    assert review(app, fra)["stage"] == s.PRELIMINARY_CONSULTATION


def test_three_languages_are_agreed_when_the_exceptional_reason_is_given(app):
    fra = ids_by_state(app)["FRA"]
    answer = app.test_client().post(f"/reviews/{fra}/preliminary-consultation", json={
        "held_on": DAY.isoformat(), "facilitated_by_secretariat": False, **SECRETARIAT,
        "languages": ["en", "fr", "es"], "exceptional_reason": "national laws in three"})
    assert answer.status_code == 200, answer.json
    assert answer.json["languages"] == ["en", "fr", "es"]
    assert answer.json["exceptional_reason"] == "national laws in three"


def test_commands_out_of_their_stage_are_refused_with_409_naming_stage(app):
    fra = ids_by_state(app)["FRA"]
    state = {"actor": "Ministry", "actor_state": "FRA"}
    refused(app, "post", f"/reviews/{fra}/questionnaire/submit", 409, "stage", **state)
    refused(app, "post", f"/reviews/{fra}/feedback", 409, "stage", actor="Reviewer",
            actor_state="DEU", text="early")
    refused(app, "post", f"/reviews/{fra}/observations", 409, "stage", **SECRETARIAT,
            text="early")
    refused(app, "post", f"/reviews/{fra}/summary", 409, "stage", **SECRETARIAT, text="early")
    refused(app, "post", f"/reviews/{fra}/complete", 409, "stage", **SECRETARIAT)
    bra = ids_by_state(app)["BRA"]
    refused(app, "post", f"/reviews/{bra}/send-back", 409, "stage", **SECRETARIAT,
            reason="nothing to go back to")


def test_questionnaire_commands_are_refused_naming_the_field_at_fault(app):
    fra = ids_by_state(app)["FRA"]
    walk(app, fra, s.SELF_ASSESSMENT, DAY)
    base = f"/reviews/{fra}/questionnaire"
    refused(app, "put", f"{base}/answers/c1-conv-5-b", 422, "actor_state", actor="Reviewer",
            actor_state="DEU", answer="We answer for France")
    refused(app, "put", f"{base}/answers/c9-none", 422, "question_id", actor="Ministry",
            actor_state="FRA", answer="Yes")
    refused(app, "put", f"{base}/answers/c1-conv-5-b", 422, "answer", actor="Ministry",
            actor_state="FRA", answer="")
    # the question bank's Convention questions of cluster 1 (no copy of France's parties:
    # the Convention alone); the submission names every unanswered one, with a 422
    problem = refused(app, "post", f"{base}/submit", 422, "answers", actor="Ministry",
                      actor_state="FRA")
    assert "10 questions are not answered yet: c1-conv-10, c1-conv-15-a" in problem["detail"]


def test_feedback_is_refused_naming_actor_state_when_not_a_reviewing_state_or_given_twice(app):
    fra = ids_by_state(app)["FRA"]
    walk(app, fra, s.WRITTEN_FEEDBACK, DAY)
    path = f"/reviews/{fra}/feedback"
    refused(app, "post", path, 422, "actor_state", actor="Ministry", actor_state="FRA",
            text="we review ourselves")
    refused(app, "post", path, 422, "actor_state", actor="Reviewer", text="no State given")
    app.test_client().post(path, json={"actor": "R", "actor_state": "DEU", "text": "done"})
    refused(app, "post", path, 409, "actor_state", actor="R", actor_state="DEU", text="again")


def test_summary_over_1500_words_is_refused_naming_text_and_completion_waits_for_six(app):
    fra = ids_by_state(app)["FRA"]
    walk(app, fra, s.LIST_OF_OBSERVATIONS, DAY)
    refused(app, "post", f"/reviews/{fra}/observations/adopt", 409, "observation_lists",
            **SECRETARIAT)
    observe(app, fra, review_articles(app, fra))
    path = f"/reviews/{fra}/summary"
    refused(app, "put", f"{path}/translations/fr", 409, "summary", **SECRETARIAT, status="done")
    problem = refused(app, "post", path, 422, "text", **SECRETARIAT,
                      text="state-of-the-art " * 1501)
    assert "1,501 words" in problem["detail"]
    app.test_client().post(path, json={**SECRETARIAT, "text": "word " * 1500})
    refused(app, "put", f"{path}/translations/de", 422, "language", **SECRETARIAT,
            status="done")
    refused(app, "put", f"{path}/translations/fr", 422, "status", **SECRETARIAT,
            status="finished")
    problem = refused(app, "post", f"/reviews/{fra}/complete", 409, "translations",
                      **SECRETARIAT)
    assert "ar, zh, en, fr, ru, es" in problem["detail"]


def test_send_back_without_a_reason_is_refused_naming_reason(app):
    fra = ids_by_state(app)["FRA"]
    refused(app, "post", f"/reviews/{fra}/send-back", 422, "reason", **SECRETARIAT, reason=" ")
    refused(app, "post", f"/reviews/{fra}/send-back", 422, "reason", **SECRETARIAT)


@pytest.mark.parametrize(("method", "path", "body"), [
    ("post", "/reviews/999/start", SECRETARIAT),
    ("post", "/reviews/999/send-back", {**SECRETARIAT, "reason": "r"}),
    ("put", "/reviews/999/questionnaire/answers/c1-conv-10",
     {"actor": "M", "actor_state": "FRA", "answer": "a"}),
    ("get", "/reviews/999/feedback", None), ("get", "/reviews/999/summary/translations", None),
    ("get", "/reviews/999/questionnaire", None),
])
def test_unknown_review_is_a_404_naming_review_id(app, method, path, body):
    refused(app, method, path, 404, "review_id", **(body or {}))


def test_unknown_field_in_a_command_is_refused_naming_it(app):
    fra = ids_by_state(app)["FRA"]
    refused(app, "post", f"/reviews/{fra}/start", 422, "stage", **SECRETARIAT,
            stage="completed")
