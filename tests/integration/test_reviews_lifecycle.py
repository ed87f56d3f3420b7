"""A country review from its start to its summary, over the API, on PostgreSQL and SQLite:
the automatic start, every stage command, the history and the events in the outbox."""

from __future__ import annotations

import datetime as dt

import pytest

from services.reviews.domain import stages as s
from services.reviews.domain.rules import OFFICIAL_LANGUAGES
from tests.unit.reviews.integration_support import (
    SECRETARIAT,
    START,
    answer_all,
    at,
    call,
    deliver,
    drawn,
    focal_point,
    ids_by_state,
    observe,
    published,
    review,
    review_articles,
    walk,
    withdrawn,
)

GROUP = [("FRA", ["DEU", "KEN"]), ("KEN", ["NGA", "FRA"])]


@pytest.fixture
def app(database_url):
    with drawn(database_url, GROUP) as app:
        yield app


def test_review_starts_by_itself_when_the_last_of_the_three_focal_points_is_nominated(app):
    fra = ids_by_state(app)["FRA"]
    at(app, dt.date(2020, 12, 9))
    for state in ("FRA", "DEU"):
        deliver(app, focal_point(fra, state, dt.date(2020, 12, 8)))
    assert review(app, fra)["stage"] == s.WAITING_FOR_NOMINATIONS
    assert review(app, fra)["missing_focal_points"] == ["KEN"]
    deliver(app, focal_point(fra, "KEN", dt.date(2020, 12, 9)))
    detail = review(app, fra)
    assert detail["stage"] == s.PRELIMINARY_CONSULTATION
    assert detail["deadline"] == "2021-01-12"  # six weeks from the start (note, para. 23)
    last = detail["stage_history"][-1]
    assert (last["from_stage"], last["to_stage"], last["changed_by"]) == (
        s.WAITING_FOR_NOMINATIONS, s.PRELIMINARY_CONSULTATION, "system")
    assert last["changed_at"].startswith("2020-12-09")
    [changed] = published(app, "ReviewStageChanged")
    assert changed["payload"] | {"review_id": 0} == {
        "review_id": 0, "group_number": 1, "state_under_review": "FRA",
        "reviewing_states": ["DEU", "KEN"], "from_stage": s.WAITING_FOR_NOMINATIONS,
        "to_stage": s.PRELIMINARY_CONSULTATION, "changed_by": "system",
        "reason": last["reason"], "deadline": "2021-01-12", "on": "2020-12-09"}


def test_withdrawal_keeps_a_started_review_where_it_is_but_updates_the_copy(app):
    fra = ids_by_state(app)["FRA"]
    for number, state in enumerate(("FRA", "DEU", "KEN"), start=1):
        deliver(app, focal_point(fra, state, START, nomination_id=number))
    deliver(app, withdrawn(3, fra, "KEN", dt.date(2021, 1, 5)))
    deliver(app, withdrawn(3, fra, "KEN", dt.date(2021, 1, 5), role="expert"))
    detail = review(app, fra)
    assert detail["stage"] == s.PRELIMINARY_CONSULTATION
    assert detail["missing_focal_points"] == ["KEN"]
    deliver(app, focal_point(fra, "KEN", dt.date(2021, 1, 9), nomination_id=4))
    assert review(app, fra)["missing_focal_points"] == []
    assert len(published(app, "ReviewStageChanged")) == 1


def test_same_focal_point_event_twice_changes_nothing_more(app):
    fra = ids_by_state(app)["FRA"]
    events = [focal_point(fra, state, START) for state in ("FRA", "DEU", "KEN")]
    for event in events + events:
        deliver(app, event)
    assert len(review(app, fra)["stage_history"]) == 2
    assert len(published(app, "ReviewStageChanged")) == 1


def test_review_walks_from_start_to_completion_with_every_change_recorded(app):
    fra = ids_by_state(app)["FRA"]
    for state in ("FRA", "DEU", "KEN"):
        deliver(app, focal_point(fra, state, START))
    walk(app, fra, s.SELF_ASSESSMENT, dt.date(2021, 1, 10))
    walk(app, fra, s.WRITTEN_FEEDBACK, dt.date(2021, 5, 20))
    detail = review(app, fra)
    assert detail["questionnaire_received_on"] == "2021-05-20"
    assert detail["deadline"] == "2021-11-20"  # six months from the questionnaire
    assert detail["languages"] == ["en"]
    walk(app, fra, s.SUMMARY, dt.date(2021, 10, 1))
    walk(app, fra, s.COMPLETED, dt.date(2022, 3, 1))
    history = review(app, fra)["stage_history"]
    assert [(h["from_stage"], h["to_stage"]) for h in history] == list(
        zip((None, *s.STAGES[:-1]), s.STAGES, strict=True))
    assert [h["changed_by"] for h in history[2:]] == [
        SECRETARIAT["actor"], "Ministry of Justice", "Reviewer", SECRETARIAT["actor"],
        SECRETARIAT["actor"]]
    assert history[3]["actor_state"] == "FRA" and history[4]["actor_state"] == "KEN"
    assert history[2]["reason"] == "preliminary consultation held on 2021-01-10"
    changes = published(app, "ReviewStageChanged")
    assert [c["payload"]["to_stage"] for c in changes] == list(s.STAGES[1:])
    assert changes[-1]["payload"]["deadline"] is None
    [completed] = published(app, "ReviewCompleted")
    assert completed["payload"] == {"review_id": fra, "group_number": 1, "phase": 1,
                                    "state_under_review": "FRA", "completed_on": "2022-03-01"}


def test_feedback_of_one_reviewing_state_keeps_the_stage_until_the_other_gives_it(app):
    fra = ids_by_state(app)["FRA"]
    for state in ("FRA", "DEU", "KEN"):
        deliver(app, focal_point(fra, state, START))
    walk(app, fra, s.WRITTEN_FEEDBACK, dt.date(2021, 2, 1))
    call(app, "post", f"/reviews/{fra}/feedback", actor="Reviewer", actor_state="KEN",
         text="Our feedback.")
    assert review(app, fra)["stage"] == s.WRITTEN_FEEDBACK
    assert review(app, fra)["feedback_from"] == ["KEN"]
    call(app, "post", f"/reviews/{fra}/feedback", actor="Reviewer", actor_state="DEU",
         text="Ours too.")
    assert review(app, fra)["stage"] == s.LIST_OF_OBSERVATIONS
    given = app.test_client().get(f"/reviews/{fra}/feedback").json
    assert [f["state_code"] for f in given] == ["KEN", "DEU"]


def test_sent_back_review_must_redo_the_stage_and_keeps_the_record(app):
    fra = ids_by_state(app)["FRA"]
    for state in ("FRA", "DEU", "KEN"):
        deliver(app, focal_point(fra, state, START))
    walk(app, fra, s.LIST_OF_OBSERVATIONS, dt.date(2021, 3, 1))
    at(app, dt.date(2021, 4, 1))
    detail = call(app, "post", f"/reviews/{fra}/send-back", **SECRETARIAT,
                  reason="the feedback of KEN did not cover article 23")
    assert detail["stage"] == s.WRITTEN_FEEDBACK and detail["feedback_from"] == []
    last = detail["stage_history"][-1]
    assert (last["from_stage"], last["to_stage"], last["reason"]) == (
        s.LIST_OF_OBSERVATIONS, s.WRITTEN_FEEDBACK,
        "the feedback of KEN did not cover article 23")
    given = app.test_client().get(f"/reviews/{fra}/feedback").json
    assert all(f["superseded_at"].startswith("2021-04-01") for f in given)
    walk(app, fra, s.LIST_OF_OBSERVATIONS, dt.date(2021, 4, 20))
    assert len(app.test_client().get(f"/reviews/{fra}/feedback").json) == 4


def test_summary_versions_and_translations_are_tracked_one_language_at_a_time(app):
    fra = ids_by_state(app)["FRA"]
    for state in ("FRA", "DEU", "KEN"):
        deliver(app, focal_point(fra, state, START))
    walk(app, fra, s.SUMMARY, dt.date(2021, 6, 1))
    path = f"/reviews/{fra}/summary"
    call(app, "post", path, 201, **SECRETARIAT, text="First well-known draft of 7 words.")
    languages = call(app, "put", f"{path}/translations/fr", status="done", **SECRETARIAT)
    assert {t["language"]: t["status"] for t in languages}["fr"] == "done"
    versions = call(app, "post", path, 201, **SECRETARIAT, text="Second draft.")
    assert [(v["version"], v["word_count"]) for v in versions] == [(1, 6), (2, 2)]
    statuses = {t["language"]: t["status"] for t in app.test_client().get(
        f"{path}/translations").json}
    assert statuses == dict.fromkeys(("ar", "zh", "en", "fr", "ru", "es"), "not_requested")


def test_every_stage_command_answers_with_the_review_exactly_as_it_then_stands(app):
    """A stage command builds its answer from its own transaction rather than reading the
    review again: the answer must be what GET shows right after, at every stage, on every
    way back (what the stage returned to forgets), and when a change is recorded a day
    after the day it happened, the history read by the day things happened."""
    fra = ids_by_state(app)["FRA"]
    for state in ("FRA", "DEU", "KEN"):
        deliver(app, focal_point(fra, state, START))
    url, back = f"/reviews/{fra}", {**SECRETARIAT, "reason": "to be done again"}

    def answers_as_it_stands(path: str, day: dt.date, **body) -> dict:
        at(app, day)
        answer = call(app, "post", f"{url}/{path}", **body)
        assert answer == review(app, fra)
        return answer

    answers_as_it_stands("send-back", dt.date(2020, 12, 2), **back)
    answers_as_it_stands("start", dt.date(2020, 12, 3), **SECRETARIAT)
    held = answers_as_it_stands(
        "preliminary-consultation", dt.date(2021, 1, 5), **SECRETARIAT, held_on="2021-01-04",
        languages=["en", "fr", "es"], exceptional_reason="asked for by the State",
        facilitated_by_secretariat=True, time_frames={"self_assessment": "2021-06-01"})
    assert (held["languages"], held["exceptional_reason"]) == (
        ["en", "fr", "es"], "asked for by the State")
    returned = answers_as_it_stands("send-back", dt.date(2021, 1, 6), **back,
                                    on="2021-01-04")  # recorded two days later
    assert returned["stage"] == s.PRELIMINARY_CONSULTATION
    assert [(h["to_stage"], h["changed_on"]) for h in returned["stage_history"][-2:]] == [
        (s.SELF_ASSESSMENT, "2021-01-04"), (s.PRELIMINARY_CONSULTATION, "2021-01-04")]
    assert (returned["languages"], returned["exceptional_reason"]) == ([], None)
    answers_as_it_stands("preliminary-consultation", dt.date(2021, 1, 6), **SECRETARIAT,
                         held_on="2021-01-06", languages=["en"],
                         facilitated_by_secretariat=False)
    answer_all(app, fra, "FRA", submit=False)
    submitted = {"actor": "Ministry of Justice", "actor_state": "FRA"}
    answers_as_it_stands("questionnaire/submit", dt.date(2021, 2, 1), **submitted)
    assert answers_as_it_stands("send-back", dt.date(2021, 2, 2), **back)[
        "questionnaire_received_on"] is None
    answers_as_it_stands("questionnaire/submit", dt.date(2021, 2, 3), **submitted)
    for day in (dt.date(2021, 3, 1), dt.date(2021, 3, 3)):
        for state in ("KEN", "DEU"):  # the first keeps the stage, the second ends it
            answers_as_it_stands("feedback", day, actor="Reviewer", actor_state=state,
                                 text=f"Feedback of {state}.")
        if day.day == 1:
            assert answers_as_it_stands("send-back", dt.date(2021, 3, 2), **back)[
                "feedback_from"] == []
    at(app, dt.date(2021, 4, 1))
    observe(app, fra, review_articles(app, fra))  # adopted on every article: the summary
    assert review(app, fra)["stage"] == s.SUMMARY
    answers_as_it_stands("send-back", dt.date(2021, 4, 2), **back)
    answers_as_it_stands("observations/adopt", dt.date(2021, 4, 3), **SECRETARIAT)
    call(app, "post", f"{url}/summary", 201, **SECRETARIAT, text="The summary.")
    for language in OFFICIAL_LANGUAGES:
        call(app, "put", f"{url}/summary/translations/{language}", status="done",
             **SECRETARIAT)
    done = answers_as_it_stands("complete", dt.date(2021, 5, 1), **SECRETARIAT)
    assert (done["stage"], done["translated"]) == (s.COMPLETED, sorted(OFFICIAL_LANGUAGES))
