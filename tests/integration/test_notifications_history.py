"""Events marked as history (brought in by the history import): the notifications service
keeps its copies and items, but sends no letter about a history fact, nor any reminder of a
deadline that had passed before the import; against PostgreSQL and SQLite, the real broker
and a real SMTP server. The dates are recent, so that only the history mark, not the age
of the facts, keeps the letters back."""

from __future__ import annotations

import dataclasses
import datetime as dt

from harness.waiting import eventually, running
from services.notifications.adapters.orm import SKIPPED
from services.notifications.handlers.reminders import run_reminders
from services.notifications.worker import build_parts
from shared.clock import SystemClock
from tests.integration.test_notifications_service import service  # noqa: F401 - the fixture
from tests.integration.test_notifications_world import (
    contact,
    deadline_missed,
    focal_point,
    messages,
    registered,
    scheduled,
    stage_changed,
)
from tests.support.smtp import Sink, smtp_server

NOW = SystemClock().now()
TODAY = NOW.date()
STATES = ("KEN", "GHA", "FRA")


def history(event):
    return dataclasses.replace(event, history=True)


def test_history_is_kept_but_tells_no_one_of_its_passed_deadlines(
        service, bus):  # noqa: F811 - the fixture imported above
    settings = service.extensions["revmod"].settings
    started, passed = TODAY - dt.timedelta(days=10), TODAY - dt.timedelta(days=2)
    reviewers = ["GHA", "FRA"]
    past = [
        # the review started ten days ago; its focal points were nominated; it moved to the
        # self-assessment, whose deadline passed two days before the import
        scheduled(7, "KEN", reviewers, started, NOW),
        *(focal_point(s, 7, NOW, nomination_id=n) for n, s in enumerate(STATES, start=1)),
        stage_changed(7, "KEN", reviewers, None, "waiting_for_nominations", started, NOW),
        stage_changed(7, "KEN", reviewers, "waiting_for_nominations", "self_assessment",
                      passed, NOW),
    ]
    # a review of today, not history: its letters go, and show the pipe works
    live = stage_changed(8, "FRA", ["KEN", "GHA"], "waiting_for_nominations",
                         "self_assessment", TODAY + dt.timedelta(days=30), NOW)
    with smtp_server(Sink(), settings.smtp_port) as sink, running(build_parts(settings)):
        for event in (*(registered(s, NOW) for s in STATES), *(contact(s, NOW) for s in STATES),
                      *(history(e) for e in past), live):
            bus.publish(event)
        eventually(lambda: len(sink.envelopes) >= 3, timeout=30)
        # the reviews' sweep, today, finds the self-assessment overdue: the deadline it
        # reminds of had passed before the import
        overdue = deadline_missed(7, "KEN", "self_assessment", passed, TODAY, ["KEN"])
        bus.publish(overdue)
        eventually(lambda: service.test_client().get(
            f"/events/handled?correlation_id={overdue.correlation_id}").json["handled"],
            timeout=30)
        ran = run_reminders(service.extensions["revmod"], TODAY + dt.timedelta(days=1))

    assert sorted(e.rcpt_tos[0] for e in sink.envelopes) == [
        "pm-fra@missions.example.org", "pm-gha@missions.example.org",
        "pm-ken@missions.example.org"]
    assert {m.review_id for m in messages(service, status="sent")} == {8}
    history_letters = messages(service, review_id=7)
    assert {m.kind for m in history_letters} == {"stage_changed"}
    assert {m.status for m in history_letters} == {SKIPPED}
    assert "history import" in history_letters[0].last_error
    # the copies are kept: the review, its focal points, what is still owed
    items = service.test_client().get("/items?review_id=7").json
    assert all(i["history"] for i in items)
    owed = {(i["state_code"], i["topic"]) for i in items if i["closed_at"] is None}
    assert owed == {("KEN", "expert"), ("GHA", "expert"), ("FRA", "expert"),
                    ("KEN", "stage:self_assessment")}
    assert {(i["state_code"], i["topic"]) for i in items if i["closed_at"]} == {
        (s, "focal_point") for s in STATES}
    # the self-assessment (due two days before the import) reminds nobody; the experts (due
    # in 18 days) keep their schedule, which has nothing due tomorrow
    assert ran.get("reminders", 0) == 0, ran
    assert all(not i["reminders"] for i in items), items
