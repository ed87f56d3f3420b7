"""The reminder schedule run every day over simulated weeks, with the settable clock, against a
real database (PostgreSQL and SQLite): the right reminders on the right days, stopped by the
nomination, the secretariat copied from the K-th, never twice for the same slot whichever
path (the timed run or NominationMissing) comes first, and one digest when several fall due."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from sqlalchemy import select

from services.notifications.adapters.orm import ItemRow, ReminderRow
from services.notifications.app import create_app
from services.notifications.bootstrap import MIGRATIONS as NOTIFICATIONS_MIGRATIONS
from services.notifications.domain.schedule import ReminderPolicy
from services.notifications.handlers.reminders import run_reminders
from services.notifications.settings import Settings
from shared.clock import FixedClock
from shared.db.migrate import upgrade
from tests.integration.test_notifications_world import (
    SECRETARIAT,
    at,
    contact,
    deliver,
    focal_point,
    messages,
    missing,
    registered,
    scheduled,
)

START = dt.date(2021, 3, 1)  # the focal points are due on 15 March, the experts on 29 March
FP_DUE = dt.date(2021, 3, 15)
NO_REMINDERS = ReminderPolicy(before_days=0, on_deadline=False, max_after=0)


def day(month: int, d: int) -> dt.date:
    return dt.date(2021, month, d)


def service(database_url, clock, **overrides):
    settings = Settings(service="notifications", database_url=database_url,
                        secretariat_email=SECRETARIAT, **overrides)
    app = create_app(settings, clock)
    upgrade(NOTIFICATIONS_MIGRATIONS, app.extensions["revmod"].engine)
    return app


@pytest.fixture
def clock():
    return FixedClock(at(day(2, 20)))


@pytest.fixture
def world(database_url, clock):
    """One review of Kenya by Ghana and France; only focal points are chased (the expert
    policy sends nothing) and every reminder is a letter of its own."""
    app = service(database_url, clock, digest=False, reminder_policies={
        "focal_point": ReminderPolicy(), "expert": NO_REMINDERS, "stage": ReminderPolicy()})
    now = clock.now()
    deliver(app, *(registered(c, now) for c in ("KEN", "GHA", "FRA")),
            *(contact(c, now) for c in ("KEN", "GHA", "FRA")),
            scheduled(1, "KEN", ["GHA", "FRA"], START, now))
    yield app
    app.extensions["revmod"].engine.dispose()


def live(app, clock, first: dt.date, last: dt.date, events_on: dict) -> None:
    """Every day from `first` to `last`: the day's events first, then the reminder run (twice,
    as a restarted worker would: the second run must write nothing)."""
    ctx = app.extensions["revmod"]
    today = first
    while today <= last:
        clock.set(at(today))
        deliver(app, *events_on.get(today, ()))
        run_reminders(ctx, today)
        run_reminders(ctx, today)
        today += dt.timedelta(days=1)


def letters_by_state(app) -> dict:
    """(day written, kind, reminder number or None, secretariat copied) per State."""
    out = defaultdict(list)
    for m in messages(app):
        out[m.state_code].append((m.created_at.date(), m.kind,
                                  (m.render_context or {}).get("reminder"),
                                  SECRETARIAT in (m.cc or [])))
    return dict(out)


def test_reminders_fall_on_their_days_stop_when_nominated_and_escalate_from_the_kth(
        world, clock):
    live(world, clock, day(2, 20), day(7, 31), {
        day(3, 10): [focal_point("GHA", 1, at(day(3, 10)))],
        # the nominations sweep's first reminder, a day after the deadline
        day(3, 16): [missing("KEN", 1, "KEN", FP_DUE, day(3, 16))],
        day(4, 20): [focal_point("FRA", 1, at(day(4, 20)), nomination_id=2)],
    })
    sent = letters_by_state(world)
    # Ghana nominated before the deadline: only the courtesy reminder a week before
    assert sent["GHA"] == [(day(3, 8), "nomination_due", None, False)]
    # France: before, on, every 14 days after; copied to the secretariat from the 4th;
    # nothing after its nomination on 20 April
    assert sent["FRA"] == [
        (day(3, 8), "nomination_due", None, False),
        (day(3, 15), "nomination_due", None, False),
        (day(3, 29), "nomination_missing", 1, False),
        (day(4, 12), "nomination_missing", 2, True),
    ]
    # Kenya never nominates: the event's reminder 1 on 16 March takes the first slot after
    # the deadline (the timed run sends nothing on 29 March), then the schedule runs out
    assert sent["KEN"] == [
        (day(3, 8), "nomination_due", None, False),
        (day(3, 15), "nomination_due", None, False),
        (day(3, 16), "nomination_missing", 1, False),
        (day(4, 12), "nomination_missing", 2, True),
        (day(4, 26), "nomination_missing", 3, True),
        (day(5, 10), "nomination_missing", 4, True),
        (day(5, 24), "nomination_missing", 5, True),
    ]


def test_an_event_reminder_writes_nothing_when_the_timed_run_sent_that_slot_first(world, clock):
    live(world, clock, day(2, 20), day(4, 13), {
        # the sweep's second reminder arrives the day after the timed run sent it
        day(4, 13): [missing("KEN", 1, "KEN", FP_DUE, day(4, 13), reminder=2)],
    })
    ken = [m for m in messages(world, state_code="KEN") if m.kind == "nomination_missing"]
    assert [(m.render_context["reminder"], m.created_at.date()) for m in ken] == [
        (1, day(3, 29)), (2, day(4, 12))]
    with world.extensions["revmod"].session_factory() as session:
        slots = session.scalars(select(ReminderRow.slot).join(ItemRow).where(
            ItemRow.state_code == "KEN").order_by(ReminderRow.id)).all()
    assert slots == ["before", "on", "after-1", "after-2"]


def test_no_reminder_goes_when_the_schedule_ended_long_ago(database_url, clock):
    """History loaded years later: every slot's window has passed, nothing is sent."""
    app = service(database_url, clock)
    clock.set(at(dt.date(2026, 11, 28)))
    deliver(app, contact("KEN", clock.now()),
            scheduled(1, "KEN", ["GHA", "FRA"], dt.date(2020, 12, 1), clock.now()))
    assert run_reminders(app.extensions["revmod"], clock.today()) == {}
    assert messages(app) == []


def test_one_digest_instead_of_two_letters_when_two_reminders_fall_due_the_same_day(
        database_url, clock):
    app = service(database_url, clock, digest=True)
    now = clock.now()
    deliver(app, registered("KEN", now), contact("KEN", now, language="fr"),
            scheduled(1, "KEN", ["GHA", "FRA"], START, now))
    live(app, clock, day(3, 1), day(3, 29), {})
    ken = messages(app, state_code="KEN")
    # 8 March focal point before, 15 March on, 22 March expert before, then 29 March: the
    # focal point's first overdue reminder and the experts' deadline, in one digest
    assert [(m.created_at.date(), m.kind) for m in ken] == [
        (day(3, 8), "nomination_due"), (day(3, 15), "nomination_due"),
        (day(3, 22), "nomination_due"), (day(3, 29), "digest")]
    digest = ken[-1]
    assert digest.language == "fr" and len(digest.render_context["entries"]) == 2
    assert "questions en attente au 29 mars 2021" in digest.subject
    with app.extensions["revmod"].session_factory() as session:
        pointing = session.scalars(select(ReminderRow.slot).where(
            ReminderRow.message_id == digest.id).order_by(ReminderRow.slot)).all()
    assert pointing == ["after-1", "on"]


def test_the_cli_writes_the_reminders_of_a_day_once_and_previews_any_letter(
        world, database_url, monkeypatch, capsys):
    from services.notifications import cli

    monkeypatch.setenv("NOTIFICATIONS_DATABASE_URL", database_url)
    assert cli.main(["remind", "--as-of", "2021-03-08"]) == 0
    assert cli.main(["remind", "--as-of", "2021-03-08"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("reminders as of 2021-03-08: 3")  # before: all three States
    assert out[1].startswith("reminders as of 2021-03-08: 0")  # the same day again: none
    assert cli.main(["preview", "digest", "--language", "ru"]) == 0
    assert "Вена, 4 января 2021" in capsys.readouterr().out
