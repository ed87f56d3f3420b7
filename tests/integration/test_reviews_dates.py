"""Every fact of a review on the day it happened (issue 18, items 1, 5 and 6), on the real
databases: commands dated in the past and refused in the future or before the fact they
follow, reviews that wait for their group's start, and the report as of past dates read
from a history recorded long after it happened."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from services.reviews.domain import stages as s
from shared.events import new_event
from tests.unit.reviews.integration_support import (
    NOW,
    SECRETARIAT,
    at,
    call,
    deliver,
    focal_point,
    ids_by_state,
    make_app,
    published,
    review,
    rows_everywhere,
)

TODAY = dt.date(2022, 9, 15)
GROUP_ONE = [("FRA", ["DEU", "KEN"]), ("BRA", ["ARG", "JPN"]), ("NGA", ["GHA", "ITA"])]
DRAWN_ON, STARTS = dt.date(2020, 11, 23), dt.date(2020, 12, 1)
NOMINATED = dt.date(2020, 12, 10)


def drawn_at_meeting(reviews, drawn_on, starts_on, draw_id=1, group_number=1):
    return new_event("LotsDrawn", {
        "draw_id": draw_id, "group_id": draw_id, "group_number": group_number,
        "starts_on": starts_on, "phase": 1, "cluster": 1,
        "reviews": [{"state_under_review": sur, "reviewing_states": list(rv)}
                    for sur, rv in reviews],
        "meeting": f"IRG-{drawn_on:%Y-%m}", "drawn_on": drawn_on}, NOW)


def repeated_at_meeting(repeated_on):
    return new_event("DrawRepeated", {
        "draw_id": 1, "group_number": 1, "phase": 1, "state_under_review": "NGA",
        "replaced": "ITA", "replacement": "FRA", "reviewing_states": ["GHA", "FRA"],
        "requested_by": "NGA", "reason": None, "exceptional": True, "repetition": 5,
        "meeting": "IRG-2021-10", "repeated_on": repeated_on}, NOW)


@pytest.fixture
def app(database_url):
    """Group one's history, recorded in September 2022: drawn at a meeting in 2020, FRA's
    and BRA's focal points nominated in December 2020."""
    app = make_app(database_url)
    at(app, TODAY)
    deliver(app, drawn_at_meeting(GROUP_ONE, DRAWN_ON, STARTS))
    ids = ids_by_state(app)
    for sur, reviewers in GROUP_ONE[:2]:
        for state in (sur, *reviewers):
            deliver(app, focal_point(ids[sur], state, NOMINATED))
    yield app
    app.extensions["revmod"].engine.dispose()


def report(app, as_of: dt.date) -> dict:
    answer = app.test_client().get("/reports/status", query_string={"as_of": as_of})
    assert answer.status_code == 200, answer.json
    return answer.json


def text(app, as_of: dt.date) -> str:
    answer = app.test_client().get("/reports/status",
                                   query_string={"as_of": as_of, "format": "text"})
    return " ".join(answer.get_data(as_text=True).split())


def test_a_report_as_of_a_past_date_shows_a_group_recorded_later(app):
    [one] = report(app, dt.date(2021, 1, 15))["groups"]
    assert (one["reviews"], one["advancing"]) == (3, 2)
    assert one["not_started"]["reviews"] == 1
    assert report(app, dt.date(2020, 11, 22))["groups"] == []
    table = app.test_client().get("/reports/status", query_string={
        "as_of": dt.date(2021, 1, 15), "format": "csv"})
    assert table.content_type.startswith("text/csv")
    [group, _all] = csv.DictReader(io.StringIO(table.get_data(as_text=True)))
    assert (group["reviews"], group["advancing"], group["starts_on"]) == ("3", "2",
                                                                          "2020-12-01")


def test_a_review_started_by_its_focal_points_is_dated_on_the_last_nomination(app):
    fra = ids_by_state(app)["FRA"]
    started = [h for h in review(app, fra)["stage_history"]
               if h["to_stage"] == s.PRELIMINARY_CONSULTATION]
    assert [(h["changed_on"], h["changed_at"][:10]) for h in started] == [
        (NOMINATED.isoformat(), TODAY.isoformat())]
    [event] = [e for e in published(app, "ReviewStageChanged")
               if e["payload"]["review_id"] == fra]
    assert event["payload"]["on"] == NOMINATED.isoformat()
    assert event["occurred_at"].startswith(TODAY.isoformat())


def test_commands_take_their_day_and_refuse_one_to_come_or_before_the_last_change(app):
    fra = ids_by_state(app)["FRA"]
    path = f"/reviews/{fra}/preliminary-consultation"
    body = dict(languages=["en"], facilitated_by_secretariat=True, **SECRETARIAT)
    for held_on in ("2022-09-16", "2020-12-09"):  # tomorrow; before the review started
        before = rows_everywhere(app)
        answer = app.test_client().post(path, json={**body, "held_on": held_on})
        assert answer.status_code == 422 and "held_on" in answer.json["errors"], answer.json
        assert rows_everywhere(app) == before
    call(app, "post", path, **body, held_on="2021-01-20")
    sent_back = dict(reason="the languages again", **SECRETARIAT)
    for on in ("2021-01-19", "2022-09-16"):
        answer = app.test_client().post(f"/reviews/{fra}/send-back", json={**sent_back,
                                                                           "on": on})
        assert answer.status_code == 422 and "on" in answer.json["errors"], answer.json
    call(app, "post", f"/reviews/{fra}/send-back", **sent_back, on="2021-03-01")
    days = [(h["to_stage"], h["changed_on"]) for h in review(app, fra)["stage_history"]]
    assert days[-2:] == [(s.SELF_ASSESSMENT, "2021-01-20"),
                         (s.PRELIMINARY_CONSULTATION, "2021-03-01")]
    # as of February 2021 the consultation held in January was in force, not after March
    languages = [report(app, day)["totals"]["languages"]["reviews"]
                 for day in (dt.date(2021, 2, 1), dt.date(2021, 3, 1))]
    assert languages == [1, 0]


def test_a_consultation_without_agreement_is_recorded_and_counted(app):
    bra = ids_by_state(app)["BRA"]
    detail = call(app, "post", f"/reviews/{bra}/preliminary-consultation/no-agreement",
                  held_on="2021-02-01", facilitated_by_secretariat=True, **SECRETARIAT)
    assert (detail["stage"], detail["consultation_without_agreement"]) == (
        s.PRELIMINARY_CONSULTATION, True)
    figures = report(app, dt.date(2021, 3, 1))
    assert figures["totals"]["consultations"] == {"reviews": 1, "without_agreement": 1,
                                                  "facilitated_meetings": 1}
    assert "in one of which no agreement had been found on the working languages" in text(
        app, dt.date(2021, 3, 1))


def test_a_review_waits_for_its_groups_start_and_the_sweep_starts_it_on_that_day(app):
    at(app, dt.date(2021, 9, 1))  # group two, drawn in 2021, starts in November
    deliver(app, drawn_at_meeting([("ESP", ["PER", "CHL"])], dt.date(2021, 5, 4),
                                  dt.date(2021, 11, 1), draw_id=2, group_number=2))
    esp = ids_by_state(app, 2)["ESP"]
    for state in ("ESP", "PER", "CHL"):
        deliver(app, focal_point(esp, state, dt.date(2021, 9, 1)))
    assert review(app, esp)["stage"] == s.WAITING_FOR_NOMINATIONS
    answer = app.test_client().post(f"/reviews/{esp}/start", json=SECRETARIAT)
    assert answer.status_code == 422 and "on" in answer.json["errors"]
    at(app, dt.date(2021, 11, 20))  # the worker's sweep runs late, and starts it
    assert call(app, "post", "/deadlines/sweep", as_of="2021-11-20")["started"] == 1
    [started] = [h for h in review(app, esp)["stage_history"]
                 if h["to_stage"] == s.PRELIMINARY_CONSULTATION]
    assert (started["changed_on"], started["changed_at"][:10]) == ("2021-11-01", "2021-11-20")
    assert call(app, "post", "/deadlines/sweep", as_of="2021-11-20")["started"] == 0


def test_the_drawing_of_lots_is_reported_from_the_draws_and_repetitions_heard(app):
    deliver(app, repeated_at_meeting(dt.date(2021, 10, 12)))
    lots = report(app, TODAY)["lots"]
    assert lots["meetings"] == [
        {"meeting": "IRG-2020-11", "held_on": "2020-11-23", "groups_drawn": [1],
         "repetitions": 0},
        {"meeting": "IRG-2021-10", "held_on": "2021-10-12", "groups_drawn": [],
         "repetitions": 1}]
    assert lots["repetitions"] == {"granted": 1, "exceptional": 1, "reviews": 1,
                                   "states_requesting": 1}
    assert report(app, dt.date(2021, 10, 11))["lots"]["repetitions"]["granted"] == 0
    assert ("As a result: nine countries were selected to participate as part of group one "
            "in three reviews.") in text(app, TODAY)
    assert review(app, ids_by_state(app)["NGA"])["reviewing_states"] == ["GHA", "FRA"]
    # as of the day before, ITA still reviewed NGA: nine States took part, eight after
    taking_part = [report(app, day)["groups"][0]["states_taking_part"]
                   for day in (dt.date(2021, 10, 11), dt.date(2021, 10, 12))]
    assert taking_part == [9, 8]


def test_the_conferences_end_date_for_a_phase_counts_from_the_day_it_decided(app):
    path = "/phases/1/1/end"
    body = dict(reason="decision 11/2", ends_on="2023-06-30", **SECRETARIAT)
    for field, bad in (("decided_on", "2022-09-16"), ("ends_on", "2020-11-30")):
        answer = app.test_client().post(path, json={"decided_on": "2022-06-20", **body,
                                                    field: bad})
        assert answer.status_code == 422 and field in answer.json["errors"], answer.json
    phase = call(app, "post", path, decided_on="2022-06-20", **body)
    assert phase["ends_on"] == "2023-06-30"
    ends = [report(app, day)["groups"][0]["end"]["ends_on"]
            for day in (dt.date(2022, 6, 19), dt.date(2022, 6, 20))]
    assert ends == ["2022-12-01", "2023-06-30"]
    assert app.test_client().post(path, json={"decided_on": "2022-06-21", **body}
                                  ).status_code == 409
