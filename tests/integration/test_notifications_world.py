"""What the notifications tests share (no tests here): events as the other services publish
them, an app on a fresh database with a settable clock, delivery of events through the
consumer's own path (decode, inbox, handler, commit) without a broker, and a fake mailer."""

from __future__ import annotations

import datetime as dt
import email
import email.policy

from sqlalchemy import select

from harness.system import free_port
from services.notifications.adapters.orm import MessageRow
from services.notifications.app import create_app
from services.notifications.bootstrap import MIGRATIONS
from services.notifications.handlers.events import event_handlers
from services.notifications.settings import Settings
from shared.bus.consumer import ACK, Consumer
from shared.clock import FixedClock
from shared.db.migrate import upgrade
from shared.events import encode, new_event

NAMES = {"KEN": "Kenya", "GHA": "Ghana", "FRA": "France", "AUT": "Austria", "EGY": "Egypt",
         "CHN": "China"}
SECRETARIAT = "untoc-review@unodc.example.org"


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def app_with_missions(database_url: str, day: dt.date, languages: dict[str, str]):
    """A migrated notifications app on `database_url`, its clock on `day`, that knows the
    Mission of each State of `languages` (code -> the Mission's language)."""
    clock = FixedClock(at(day))
    app = create_app(Settings(service="notifications", database_url=database_url,
                              smtp_port=free_port(), daily_cap=100), clock)
    upgrade(MIGRATIONS, app.extensions["revmod"].engine)
    deliver(app, *(contact(code, clock.now(), lang) for code, lang in languages.items()))
    return app


def registered(code: str, when: dt.datetime):
    return new_event("StatePartyRegistered", {
        "code": code, "name": NAMES[code], "regional_group": None, "legal_system": None,
        "instruments": ["convention"]}, when)


def contact(code: str, when: dt.datetime, language: str = "en"):
    return new_event("MissionContactChanged", {
        "state_code": code, "emails": [f"pm-{code.lower()}@missions.example.org"],
        "language": language}, when)


def scheduled(review_id: int, under_review: str, reviewers: list[str], starts_on: dt.date,
              when: dt.datetime, draw_id: int = 1):
    return new_event("ReviewScheduled", {
        "review_id": review_id, "draw_id": draw_id, "group_number": 1,
        "state_under_review": under_review, "reviewing_states": reviewers,
        "starts_on": starts_on, "phase": 1, "cluster": 1,
        "stage": "waiting_for_nominations"}, when)


def focal_point(state: str, review_id: int, when: dt.datetime, nomination_id: int = 1):
    return new_event("FocalPointNominated", {
        "nomination_id": nomination_id, "state_code": state, "review_id": review_id,
        "name": f"Focal point of {state}", "email": f"fp-{state.lower()}@gov.example.org",
        "nominated_on": when.date()}, when)


def missing(state: str, review_id: int, under_review: str, due_on: dt.date, as_of: dt.date,
            reminder: int = 1, role: str = "focal_point"):
    return new_event("NominationMissing", {
        "state_code": state, "role": role, "review_id": review_id,
        "capacity": "under_review" if state == under_review else "reviewing",
        "state_under_review": under_review, "due_on": due_on, "as_of": as_of,
        "days_overdue": (as_of - due_on).days, "reminder": reminder}, at(as_of))


def stage_changed(review_id: int, under_review: str, reviewers: list[str], from_stage,
                  to_stage: str, deadline, when: dt.datetime):
    return new_event("ReviewStageChanged", {
        "review_id": review_id, "group_number": 1, "state_under_review": under_review,
        "reviewing_states": reviewers, "from_stage": from_stage, "to_stage": to_stage,
        "changed_by": "secretariat", "reason": None, "deadline": deadline}, when)


def deadline_missed(review_id: int, under_review: str, stage: str, deadline: dt.date,
                    as_of: dt.date, responsible: list[str]):
    return new_event("ReviewDeadlineMissed", {
        "review_id": review_id, "group_number": 1, "state_under_review": under_review,
        "stage": stage, "deadline": deadline, "as_of": as_of,
        "days_overdue": (as_of - deadline).days, "responsible": responsible}, at(as_of))


def consumer_of(app) -> Consumer:
    """The service's consumer, handed messages directly rather than by the broker."""
    ctx = app.extensions["revmod"]
    return Consumer("notifications", ctx.settings.amqp_url, ctx.session_factory,
                    event_handlers(ctx))


def deliver(app, *events) -> None:
    """Hand events to the service as its consumer would, each acknowledged."""
    consumer = consumer_of(app)
    for event in events:
        assert consumer.handle(encode(event)) == ACK, event.type


def deliver_together(app, *events) -> None:
    """Hand events to the service as its consumer does with a backlog: handled in one
    transaction, all acknowledged."""
    consumer = consumer_of(app)
    assert consumer.handle_all([encode(event) for event in events]) == [ACK] * len(events)
    assert consumer.handled == len(events)  # together: none was handled again on its own


def messages(app, **where) -> list[MessageRow]:
    with app.extensions["revmod"].session_factory() as session:
        query = select(MessageRow).order_by(MessageRow.id)
        for column, value in where.items():
            query = query.where(getattr(MessageRow, column) == value)
        return list(session.scalars(query))


class FakeMailer:
    """Takes every message it is given, as a server that always answers 250 would, and
    keeps it parsed as a reader would see it."""

    def __init__(self) -> None:
        self.sent: list = []

    def send(self, msg, recipients: list[str]) -> dict:
        parsed = email.message_from_bytes(bytes(msg), policy=email.policy.default)
        self.sent.append((parsed, list(recipients)))
        return {}
