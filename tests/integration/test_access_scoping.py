"""A State's officials see what their State takes part in, and nothing else: another
State's review or nomination answers 404, as if it did not exist; personal data shows only
to the secretariat and the same State's focal point."""

from __future__ import annotations

import datetime as dt

import pytest
from flask_smorest.pagination import PaginationParameters

from services.nominations.app import create_app as nominations_app
from services.nominations.bootstrap import MIGRATIONS as NOMINATIONS_MIGRATIONS
from services.nominations.settings import Settings as NominationsSettings
from services.reviews.adapters import queries as review_queries
from services.reviews.adapters.orm import StageChangeRow
from services.reviews.app import create_app as reviews_app
from services.reviews.bootstrap import migrate as reviews_migrate
from services.reviews.handlers.events import schedule_drawn_reviews
from services.reviews.settings import Settings as ReviewsSettings
from shared.db.migrate import upgrade
from shared.events import decode, encode, new_event
from tests.support.clients import bearer

NOW = dt.datetime(2021, 1, 10, tzinfo=dt.UTC)


def drawn():
    return decode(encode(new_event("LotsDrawn", {
        "draw_id": 1, "group_id": 1, "group_number": 1, "starts_on": dt.date(2020, 12, 1),
        "phase": 1, "cluster": 1,
        "reviews": [{"state_under_review": "AUT", "reviewing_states": ["DEU", "BRA"]}],
    }, NOW)))


@pytest.fixture
def reviews(database_url):
    app = reviews_app(ReviewsSettings(service="reviews", database_url=database_url))
    ctx = app.extensions["revmod"]
    reviews_migrate(ctx)  # with the shipped question bank
    with ctx.uow() as uow:
        schedule_drawn_reviews(ctx, uow, drawn())
    yield app.test_client()
    ctx.engine.dispose()


def test_other_states_review_is_not_found_when_its_officials_ask(reviews):
    for path in ("/reviews/1", "/reviews/1/questionnaire", "/reviews/1/feedback"):
        answer = reviews.get(path, headers=bearer("focal_point", "FRA"))
        assert answer.status_code == 404, path
        assert reviews.get(path, headers=bearer("expert", "DEU")).status_code == 200, path
    assert reviews.get("/reviews", headers=bearer("observer", "FRA")).json == []
    assert [r["id"] for r in reviews.get("/reviews", headers=bearer("observer", "BRA")).json] \
        == [1]


def test_reviews_of_a_state_match_its_code_exactly_when_it_holds_like_wildcards(reviews):
    """The list matches a reviewing State in the stored JSON list exactly, whatever the
    value (the API and the tokens admit only codes; the query must not rely on it)."""
    with reviews.application.extensions["revmod"].engine.connect() as conn:
        def listed(state: str) -> list[int]:
            page = PaginationParameters(1, 100)
            return [r["id"] for r in review_queries.list_reviews(conn, page, state=state)]

        assert [listed(s) for s in ("___", "%", "D_U", "DE", '"DEU"')] == [[]] * 5
        assert listed("DEU") == listed("BRA") == listed("AUT") == [1]


def test_focal_point_cannot_act_for_another_state_when_it_names_one_in_the_body(reviews):
    answer = reviews.put("/reviews/1/questionnaire/answers/q1",
                         json={"actor": "x", "actor_state": "AUT", "answer": "yes"},
                         headers=bearer("focal_point", "DEU"))
    assert answer.status_code == 403
    assert answer.json["errors"] == {"actor_state": [answer.json["detail"]]}


def test_state_officials_step_is_recorded_as_its_tokens_subject_whatever_the_body_says(
        reviews):
    official = bearer("focal_point", "AUT", subject="fp-aut")
    question = "c1-conv-5-a"
    path = f"/reviews/1/questionnaire/answers/{question}"
    posing = reviews.put(path, json={"actor": "Secretariat", "answer": "yes"}, headers=official)
    assert posing.status_code == 403 and list(posing.json["errors"]) == ["actor"]
    for body in ({"answer": "yes"}, {"actor": "fp-aut", "answer": "yes, revised"}):
        answered = reviews.put(path, json=body, headers=official)
        assert answered.status_code == 200, answered.json
        answer = answered.json[-1]  # the versions of the answer, the newest last
        assert (answer["written_by"], answer["actor_state"]) == ("fp-aut", "AUT")
    on_behalf = reviews.put(path, json={"actor": "Ministry of Justice", "actor_state": "AUT",
                                        "answer": "yes"})
    assert on_behalf.json[-1]["written_by"] == "Ministry of Justice"
    unnamed = reviews.put(path, json={"actor_state": "AUT", "answer": "yes"})
    assert unnamed.status_code == 422 and list(unnamed.json["errors"]) == ["actor"]


def test_names_in_a_states_steps_show_only_to_those_who_may_see_its_personal_data(reviews):
    """A State official's step carries its token's subject, often an e-mail address."""
    official = bearer("focal_point", "AUT", subject="fp@aut.example.org")
    question = "c1-conv-5-a"
    assert reviews.put(f"/reviews/1/questionnaire/answers/{question}", json={"answer": "yes"},
                       headers=official).status_code == 200
    with reviews.application.extensions["revmod"].session_factory() as session:
        session.add(StageChangeRow(
            review_id=1, from_stage="waiting_for_nominations", to_stage="self_assessment",
            changed_at=NOW, changed_by="fp@aut.example.org", actor_state="AUT", reason="x"))
        session.commit()

    def names(headers: dict) -> set[str]:
        answers = reviews.get("/reviews/1/questionnaire", headers=headers).json["questions"]
        history = reviews.get("/reviews/1", headers=headers).json["stage_history"]
        return {q["answer"].get("written_by") for q in answers if q["answer"]} | {
            change.get("changed_by") for change in history if change["actor_state"]}

    for headers in (official, bearer("secretariat")):
        assert names(headers) == {"fp@aut.example.org"}
    for headers in (bearer("expert", "AUT"), bearer("focal_point", "DEU")):
        assert names(headers) == {None}


@pytest.fixture
def nominations(database_url):
    app = nominations_app(NominationsSettings(service="nominations", database_url=database_url))
    upgrade(NOMINATIONS_MIGRATIONS, app.extensions["revmod"].engine)
    yield app
    app.extensions["revmod"].engine.dispose()


def test_personal_data_shows_to_the_secretariat_and_the_same_states_focal_point_only(
        nominations):
    from services.nominations.adapters.unit_of_work import with_sessions
    from services.nominations.handlers.events import event_handlers

    ctx = nominations.extensions["revmod"]
    handlers = with_sessions(event_handlers(ctx))
    with ctx.session_factory() as session:
        for code in ("AUT", "DEU", "BRA"):
            handlers["StatePartyRegistered"](session, decode(encode(new_event(
                "StatePartyRegistered", {"code": code, "name": code, "regional_group": None,
                                         "legal_system": None, "instruments": ["convention"]},
                NOW))))
        handlers["ReviewScheduled"](session, decode(encode(new_event("ReviewScheduled", {
            "review_id": 1, "draw_id": 1, "group_number": 1, "state_under_review": "AUT",
            "reviewing_states": ["DEU", "BRA"], "starts_on": dt.date(2020, 12, 1), "phase": 1,
            "cluster": 1, "stage": "waiting_for_nominations"}, NOW))))
        session.commit()
    client = nominations.test_client()
    created = client.post("/nominations", json={
        "state_code": "AUT", "role": "focal_point", "name": "A. Person", "title": "Counsellor",
        "email": "a.person@gov.example.org", "phone": "+43 1 000", "gender": "female",
        "nominated_on": "2020-12-05"})
    assert created.status_code == 201, created.json
    path = f"/nominations/{created.json[0]['id']}"
    assert client.get(path).json["email"] == "a.person@gov.example.org"
    assert client.get(path, headers=bearer("focal_point", "AUT")).json["email"]
    for role in ("expert", "observer"):
        shown = client.get(path, headers=bearer(role, "AUT")).json
        assert "email" not in shown and "phone" not in shown, role
    assert client.get(path, headers=bearer("focal_point", "DEU")).status_code == 404
    expert = client.post("/nominations", headers=bearer("focal_point", "DEU"), json={
        "state_code": "AUT", "role": "expert", "name": "B", "title": "T",
        "email": "b@gov.example.org", "gender": "male", "nominated_on": "2020-12-05"})
    assert expert.status_code == 403


def test_every_write_is_in_the_audit_log_with_who_and_the_request_id(reviews):
    answer = reviews.post("/reviews/1/start", json={"actor": "Secretariat", "reason": "test"},
                          headers={**bearer("secretariat", subject="a.officer@unodc.example.org"),
                                   "X-Request-ID": "req-42"})
    assert answer.headers["X-Request-ID"] == "req-42"
    refused = reviews.post("/reviews/1/start", json={}, headers=bearer("observer", "AUT"))
    assert refused.status_code == 403
    log = reviews.get("/audit").json
    assert [(e["subject"], e["role"], e["method"], e["path"], e["request_id"]) for e in log][-1] \
        == ("a.officer@unodc.example.org", "secretariat", "POST", "/reviews/1/start", "req-42")
    assert log[0]["role"] == "observer" and log[0]["status"] == 403 and log[0]["state"] == "AUT"
    assert reviews.get("/audit", headers=bearer("focal_point", "AUT")).status_code == 403


def test_request_too_large_and_page_too_long_are_refused(reviews):
    big = reviews.post("/reviews/1/summary", data=b"x" * (3 * 1024 * 1024),
                       headers={"Content-Type": "application/json"})
    assert big.status_code == 413 and big.content_type == "application/problem+json"
    long_page = reviews.get("/reviews?page_size=1000")
    assert long_page.status_code == 422 and "page_size" in long_page.json["errors"]
