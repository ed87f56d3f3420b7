"""Repeated draws, the deadline sweep (once per missed deadline) from the API, the command
line and the worker, and the phases against the 70 per cent rule."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from harness.waiting import eventually, running
from services.reviews import cli
from services.reviews.domain import stages as s
from services.reviews.worker import build_parts
from shared.bus.tables import outbox
from shared.events import new_event
from tests.unit.reviews.integration_support import (
    NOW,
    SECRETARIAT,
    START,
    at,
    call,
    clock_of,
    deliver,
    focal_point,
    ids_by_state,
    lots_drawn,
    make_app,
    published,
    review,
    walk,
)

GROUP = [("FRA", ["DEU", "KEN"]), ("BRA", ["ARG", "JPN"]), ("NGA", ["GHA", "ITA"])]


@pytest.fixture
def app(database_url, amqp_url):
    app = make_app(database_url, amqp_url)
    deliver(app, lots_drawn(GROUP))
    yield app
    app.extensions["revmod"].engine.dispose()


def repeated(replaced="KEN", replacement="SEN", requested_by="FRA"):
    return new_event("DrawRepeated", {
        "draw_id": 1, "group_number": 1, "phase": 1, "state_under_review": "FRA",
        "replaced": replaced, "replacement": replacement,
        "reviewing_states": ["DEU", replacement], "requested_by": requested_by,
        "reason": "no agreement on the working languages", "exceptional": False,
        "repetition": 1}, NOW)


def test_repeated_draw_replaces_the_reviewing_state_and_keeps_it_in_the_history(app):
    fra = ids_by_state(app)["FRA"]
    for state in ("FRA", "DEU"):
        deliver(app, focal_point(fra, state, START))
    deliver(app, repeated())
    deliver(app, repeated())  # a copy of the same repetition changes nothing more
    detail = review(app, fra)
    assert detail["reviewing_states"] == ["DEU", "SEN"]
    assert detail["missing_focal_points"] == ["SEN"]
    last = detail["stage_history"][-1]
    assert (last["from_stage"], last["to_stage"], last["actor_state"]) == (
        s.WAITING_FOR_NOMINATIONS, s.WAITING_FOR_NOMINATIONS, "FRA")
    assert last["reason"] == ("drawing of lots repeated (repetition 1) at the request of FRA: "
                              "KEN replaced by SEN; no agreement on the working languages")
    assert len(detail["stage_history"]) == 2
    deliver(app, focal_point(fra, "SEN", START))
    assert review(app, fra)["stage"] == s.PRELIMINARY_CONSULTATION


def test_sweep_announces_each_missed_deadline_once_naming_the_responsible_states(app):
    ids = ids_by_state(app)
    deliver(app, focal_point(ids["BRA"], "ARG", START))
    for state in ("FRA", "DEU", "KEN"):
        deliver(app, focal_point(ids["FRA"], state, START))
    at(app, dt.date(2020, 12, 20))
    sweeps = [call(app, "post", "/deadlines/sweep", as_of=day)
              for day in ("2020-12-15", "2020-12-16", "2020-12-20")]
    assert sweeps == [{"started": 0, "published": n} for n in (0, 2, 0)]
    missed = {m["payload"]["state_under_review"]: m["payload"]
              for m in published(app, "ReviewDeadlineMissed")}
    assert missed["BRA"] == {
        "review_id": ids["BRA"], "group_number": 1, "state_under_review": "BRA",
        "stage": s.WAITING_FOR_NOMINATIONS, "deadline": "2020-12-15", "as_of": "2020-12-16",
        "days_overdue": 1, "responsible": ["BRA", "JPN"]}
    assert missed["NGA"]["responsible"] == ["NGA", "GHA", "ITA"]
    walk(app, ids["FRA"], s.WRITTEN_FEEDBACK, dt.date(2021, 1, 5))
    call(app, "post", f"/reviews/{ids['FRA']}/feedback", actor="R", actor_state="KEN",
         text="Feedback.")
    at(app, dt.date(2021, 7, 10))
    assert call(app, "post", "/deadlines/sweep", as_of="2021-07-06") == {
        "started": 0, "published": 1}
    late = published(app, "ReviewDeadlineMissed")[-1]["payload"]
    assert (late["stage"], late["deadline"], late["responsible"]) == (
        s.WRITTEN_FEEDBACK, "2021-07-05", ["DEU"])


def test_the_list_gives_each_review_the_deadline_its_detail_gives_at_every_stage(app):
    ids = ids_by_state(app)
    for state in ("FRA", "DEU", "KEN"):
        deliver(app, focal_point(ids["FRA"], state, START))
    walk(app, ids["FRA"], s.WRITTEN_FEEDBACK, dt.date(2021, 1, 5))
    listed = {r["id"]: r for r in app.test_client().get("/reviews").get_json()}
    assert {rid: listed[rid]["deadline"] for rid in ids.values()} == {
        rid: review(app, rid)["deadline"] for rid in ids.values()}
    assert len({listed[rid]["stage"] for rid in ids.values()}) == 2
    assert all(listed[rid]["deadline"] for rid in ids.values())


def test_sweep_refuses_a_date_after_today_naming_as_of(app):
    answer = app.test_client().post("/deadlines/sweep", json={"as_of": "2031-01-01"})
    assert answer.status_code == 422 and "as_of" in answer.json["errors"]


def test_command_line_sweep_announces_as_of_the_date_given(app, monkeypatch, capsys):
    settings = app.extensions["revmod"].settings
    monkeypatch.setenv("REVIEWS_DATABASE_URL", settings.database_url)
    assert cli.main(["sweep", "--as-of", "2020-12-16"]) == 0
    assert "ReviewDeadlineMissed published: 3" in capsys.readouterr().out
    assert cli.main(["sweep", "--as-of", "2020-12-16"]) == 0
    assert "ReviewDeadlineMissed published: 0" in capsys.readouterr().out
    assert len(published(app, "ReviewDeadlineMissed")) == 3


def test_worker_consumes_nominations_and_sweeps_deadlines_on_its_timer(app, bus):
    fra = ids_by_state(app)["FRA"]
    clock_of(app).set(dt.datetime(2020, 12, 20, tzinfo=dt.UTC))
    settings = app.extensions["revmod"].settings
    parts = build_parts(settings, clock_of(app))
    with running(parts):
        for state in ("FRA", "DEU", "KEN"):
            bus.publish(focal_point(fra, state, START))
        eventually(lambda: parts["consumer"].handled == 3)
        messages = bus.received(timeout=15, until=lambda ms: len(
            [m for m in ms if m["type"] == "ReviewDeadlineMissed"]) >= 2 and any(
            m["type"] == "ReviewStageChanged" for m in ms))
    changed = [m["payload"] for m in messages if m["type"] == "ReviewStageChanged"]
    assert changed[0]["review_id"] == fra
    assert changed[0]["to_stage"] == s.PRELIMINARY_CONSULTATION
    late = {m["payload"]["state_under_review"] for m in messages
            if m["type"] == "ReviewDeadlineMissed"}
    assert late >= {"BRA", "NGA"}


def test_phase_completion_is_read_and_an_override_recorded_once(app):
    at(app, dt.date(2022, 10, 21))
    [phase] = call(app, "get", "/phases?as_of=2022-10-20")
    assert (phase["foreseen"], phase["completed"], phase["may_advance"]) == (3, 0, False)
    recorded = call(app, "post", "/phases/1/1/override", **SECRETARIAT,
                    reason="Conference decision 11/1", decided_on="2022-10-21")
    assert recorded["may_advance"] and not recorded["rule_met"]
    assert recorded["override"] == {"decided_by": SECRETARIAT["actor"],
                                    "reason": "Conference decision 11/1",
                                    "decided_on": "2022-10-21"}
    assert call(app, "get", "/phases/1/1?as_of=2022-10-20")["may_advance"] is False
    with app.extensions["revmod"].engine.connect() as conn:
        types = list(conn.scalars(select(outbox.c.event_type)))
    assert types.count("PhaseOverrideRecorded") == 1  # lots waits for it (its 70 per cent rule)
    again = app.test_client().post("/phases/1/1/override", json={
        **SECRETARIAT, "reason": "again", "decided_on": "2022-10-21"})
    assert again.status_code == 409 and "phase" in again.json["errors"]
    missing = app.test_client().get("/phases/4/1")
    assert missing.status_code == 404 and "phase" in missing.json["errors"]
