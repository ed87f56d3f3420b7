"""Draws held at meetings, against PostgreSQL and SQLite: a result recorded as drawn at a
meeting is checked against every rule of the draw and refused naming the rule and the
review unless the review is an agreed exception; dates in the future are refused; and a
group's next phase waits for the 70 per cent rule or the Conference's decision."""

from __future__ import annotations

import datetime as dt

import pytest

from harness.waiting import eventually, running
from services.lots.adapters.orm import CompletedReviewRow, DrawRow, RepetitionRow
from services.lots.handlers.events import keep_completed_review, keep_phase_override
from services.lots.worker import build_parts
from shared.events import decode, encode, new_event
from tests.integration.test_lots_draws import count, make_app

NOW = dt.datetime(2022, 9, 27, 10, 0, tzinfo=dt.UTC)
GROUP = ["ARG", "AUT", "BRA", "DEU"]
#: a result that keeps every rule: one reviewer of the State's regional group and one of
#: another, ARG drawn twice (the cap), no pair reviewing each other
GOOD = {"AUT": ["DEU", "BRA"], "DEU": ["FRA", "ARG"], "BRA": ["ARG", "ITA"],
        "ARG": ["CHL", "ESP"]}


@pytest.fixture
def lots(database_url, amqp_url):
    app = make_app(database_url, amqp_url, clock_at=NOW)
    client = app.test_client()
    assert client.post("/meetings", json={"name": "IRG-2020-10", "held_on": "2020-10-12",
                                          "title": "Working group, first meeting"}
                       ).status_code == 201
    assert client.post("/groups", json={"number": 1, "starts_on": "2020-12-01",
                                        "states_under_review": GROUP}).status_code == 201
    yield app
    app.extensions["revmod"].engine.dispose()


def result(changes=None, extra=None, group=1, **fields) -> dict:
    reviews = {**GOOD, **(changes or {})}
    body = [{"state_under_review": state, "reviewing_states": reviewers,
             **(extra or {}).get(state, {})} for state, reviewers in reviews.items()]
    return {"group_number": group, "phase": 1, "meeting": "IRG-2020-10", "reviews": body,
            **fields}


def test_a_result_drawn_at_a_meeting_is_recorded_with_its_meeting_and_date(lots):
    client = lots.test_client()
    meeting = {"name": "IRG-2020-10", "held_on": "2020-10-12",
               "title": "Working group, first meeting"}
    assert client.post("/meetings", json=meeting).status_code == 201  # the same: unchanged
    assert client.post("/meetings", json={**meeting, "held_on": "2020-10-13"}
                       ).status_code == 409
    assert "held_on" in client.post("/meetings", json={**meeting, "name": "IRG-2022-10",
                                                       "held_on": "2022-10-01"}).json["errors"]
    assert [m["name"] for m in client.get("/meetings").json] == ["IRG-2020-10"]
    for wrong, field in (({"drawn_on": "2022-09-28"}, "drawn_on"),
                         ({"meeting": "IRG-1999-01"}, "meeting")):
        refused = client.post("/draws/recorded", json=result(**wrong))
        assert refused.status_code == 422 and field in refused.json["errors"]
    # Bhutan became party in 2023: no exception makes it a reviewer of a group of 2020
    not_yet = client.post("/draws/recorded", json=result({"AUT": ["DEU", "BTN"]}, {"AUT": {
        "exception_reason": "agreed"}}))
    assert not_yet.status_code == 422
    assert [(b["rule"], b["state_under_review"]) for b in not_yet.json["breaches"]] == \
        [("parties", "AUT")]
    assert count(lots, DrawRow) == 0
    answer = client.post("/draws/recorded", json=result())
    assert answer.status_code == 201, answer.json
    draw = answer.json
    assert (draw["meeting"], draw["drawn_on"], draw["recorded"], draw["seed"]) == \
        ("IRG-2020-10", "2020-10-12", True, None)
    by_state = {r["state_under_review"]: r["reviewing_states"] for r in draw["reviews"]}
    assert by_state == GOOD
    assert client.post("/draws/recorded", json=result()).status_code == 409
    assert client.get(f"/draws/{draw['id']}/verification").status_code == 409
    csv = client.get("/results.csv?as_of=2020-10-12").get_data(as_text=True)
    assert "AUT,Austria,DEU" in csv
    assert client.get("/results.csv?as_of=2020-10-11").get_data(as_text=True).count("\n") == 1


#: (rule, the review it is named on, reviewers changed, fields added to reviews); the
#: mutual pair comes last, since once excused it stands against the phase's later draws
BREACHES = [
    ("no_self_review", "AUT", {"AUT": ["AUT", "BRA"]}, None),
    ("regional_groups", "AUT", {"AUT": ["DEU", "FRA"]}, None),
    ("instruments", "AUT", {"AUT": ["DEU", "COL"]}, None),
    ("max_reviewing_states", "AUT", None, {"AUT": {"additional_reviewers": {
        "MEX": ["firearms"], "PER": ["firearms"], "CHL": ["firearms"]}}}),
    ("max_reviews_per_reviewer", "BRA", {"AUT": ["DEU", "ARG"]}, None),
    ("no_mutual_reviews", "DEU", {"AUT": ["DEU", "BRA"], "DEU": ["AUT", "ARG"]}, None),
]


def test_a_result_is_refused_naming_the_rule_and_the_review_unless_an_agreed_exception(lots):
    """Each case in a group of its own (the same States), so one database serves them all."""
    client = lots.test_client()
    for number, (rule, state, changes, extra) in enumerate(BREACHES, start=2):
        assert client.post("/groups", json={"number": number, "starts_on": "2020-12-01",
                                            "states_under_review": GROUP}).status_code == 201
        refused = client.post("/draws/recorded", json=result(changes, extra, number))
        assert refused.status_code == 422, rule
        assert refused.mimetype == "application/problem+json"
        assert {"rule": rule, "state_under_review": state} in [
            {k: b[k] for k in ("rule", "state_under_review")}
            for b in refused.json["breaches"]], refused.json
        assert count(lots, DrawRow) == 0
    # a reviewer not party to the firearms Protocol, its gap filled by an additional one
    assert client.post("/groups", json={"number": 9, "starts_on": "2020-12-01",
                                        "states_under_review": GROUP}).status_code == 201
    answer = client.post("/draws/recorded", json=result(
        {"AUT": ["DEU", "COL"]}, {"AUT": {"additional_reviewers": {"MEX": ["firearms"]}}}, 9,
        phase=1))
    assert answer.status_code == 201, answer.json
    aut = next(r for r in answer.json["reviews"] if r["state_under_review"] == "AUT")
    assert aut["additional_reviewers"] == {"MEX": ["firearms"]}
    for number, (_, state, changes, extra) in enumerate(BREACHES, start=2):
        excused = {**(extra or {})}
        excused[state] = {**excused.get(state, {}), "exception_reason": "agreed at the meeting"}
        answer = client.post("/draws/recorded", json=result(changes, excused, number))
        assert answer.status_code == 201, answer.json
        assert answer.json["exceptions"] == {state: "agreed at the meeting"}


def test_a_live_draw_and_a_repetition_take_their_meeting_and_day(lots):
    client = lots.test_client()
    assert "drawn_on" in client.post("/groups/1/draw", json={"drawn_on": "2022-09-28"}
                                     ).json["errors"]
    drawn = client.post("/groups/1/draw", json={"drawn_on": "2020-10-12",
                                                "meeting": "IRG-2020-10"})
    assert drawn.status_code == 201, drawn.json
    assert (drawn.json["drawn_on"], drawn.json["meeting"]) == ("2020-10-12", "IRG-2020-10")
    review = drawn.json["reviews"][0]
    body = {"state_under_review": review["state_under_review"],
            "replaced": review["reviewing_states"][0],
            "requested_by": review["state_under_review"]}
    early = client.post(f"/draws/{drawn.json['id']}/repetitions",
                        json={**body, "repeated_on": "2020-10-11"})
    assert early.status_code == 422 and "repeated_on" in early.json["errors"]
    repeated = client.post(f"/draws/{drawn.json['id']}/repetitions",
                           json={**body, "repeated_on": "2021-05-03"})
    assert repeated.status_code == 201, repeated.json
    assert repeated.json["repeated_on"] == "2021-05-03" and count(lots, RepetitionRow) == 1


def _as_consumed(event):
    """The event as a consumer hands it to its handler: decoded, its dates as dates."""
    return decode(encode(event))


def _completed(state: str, on: str):
    return new_event("ReviewCompleted", {"review_id": 1, "group_number": 1, "phase": 1,
                                         "state_under_review": state,
                                         "completed_on": dt.date.fromisoformat(on)}, NOW)


def _next_phase(client, number: int) -> dict:
    """Group `number`'s phase 1 recorded and its phase 2 created; the body of its draw."""
    assert client.post("/draws/recorded", json=result(group=number)).status_code == 201
    assert client.post("/groups", json={"number": number, "phase": 2, "cluster": 4,
                                        "starts_on": "2022-12-01",
                                        "states_under_review": GROUP}).status_code == 201
    return result(group=number, phase=2, drawn_on="2022-09-26")


def test_the_next_phase_waits_for_seventy_per_cent_completed_or_the_conferences_decision(
        lots, bus):
    """Group 1's phase 2 waits for three of its four reviews completed (the first heard
    through the worker from the reviews' queue); group 2's for the Conference's decision."""
    client = lots.test_client()
    assert client.post("/groups", json={"number": 2, "starts_on": "2021-11-01",
                                        "states_under_review": GROUP}).status_code == 201
    body = {number: _next_phase(client, number) for number in (1, 2)}
    bus.publish(_completed("AUT", "2022-03-01"))
    with running(build_parts(lots.extensions["revmod"].settings)):
        eventually(lambda: count(lots, CompletedReviewRow) == 1)
    ctx = lots.extensions["revmod"]
    for state, on in (("DEU", "2022-05-01"), ("BRA", "2022-09-27"),
                      ("AUT", "2022-03-01")):  # the same fact again, under a new event id
        with ctx.uow() as uow:
            keep_completed_review(uow, _as_consumed(_completed(state, on)))
    assert count(lots, CompletedReviewRow) == 3
    refused = client.post("/draws/recorded", json=body[1])
    assert refused.status_code == 422 and refused.json["rule"] == "seventy_per_cent"
    assert "2 of the 4 reviews" in refused.json["detail"]
    assert client.post("/draws/recorded", json={**body[1], "drawn_on": "2022-09-27"}
                       ).status_code == 201
    assert client.post("/draws/recorded", json=body[2]).status_code == 422
    [second] = [g["id"] for g in client.get("/groups?page_size=50").json
                if (g["number"], g["phase"]) == (2, 2)]
    live = client.post(f"/groups/{second}/draw", json={"drawn_on": "2022-09-26"})
    assert live.status_code == 422 and live.json["rule"] == "seventy_per_cent"
    with ctx.uow() as uow:
        keep_phase_override(uow, _as_consumed(new_event("PhaseOverrideRecorded", {
            "group_number": 2, "phase": 1, "decided_on": dt.date(2022, 9, 1),
            "decided_by": "secretariat", "reason": "resolution 11/1"}, NOW)))
    assert client.post("/draws/recorded", json=body[2]).status_code == 201
