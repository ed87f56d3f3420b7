"""What the nominations tests share (no tests here): States and reviews as the bus brings
them, a person as the API takes them, an app on a fresh database, and delivery of events
through the consumer's own path (decode, inbox, handler, commit) without a broker."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from services.nominations.adapters.unit_of_work import with_sessions
from services.nominations.app import create_app
from services.nominations.bootstrap import MIGRATIONS as NOMINATIONS_MIGRATIONS
from services.nominations.handlers.events import event_handlers
from services.nominations.settings import Settings
from shared.bus.consumer import ACK, Consumer
from shared.bus.tables import outbox
from shared.clock import FixedClock
from shared.db.migrate import upgrade
from shared.events import decode, encode, new_event

START = dt.date(2020, 12, 1)
STATES = {"KEN": "african", "GHA": "african", "NGA": "african", "SEN": "african",
          "FRA": "western_european_others", "DEU": "western_european_others",
          "ITA": "western_european_others", "BRA": "latin_american_caribbean",
          "CHL": "latin_american_caribbean", "JPN": "asia_pacific"}


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def party(code, name=None, event_type="StatePartyRegistered"):
    return new_event(event_type, {
        "code": code, "name": name or f"State {code}", "regional_group": STATES[code],
        "legal_system": None, "instruments": ["convention"]}, dt.datetime.now(dt.UTC))


def scheduled(review_id, under_review, reviewers, starts_on=START, group_number=1, phase=1,
              drawn_on=None):
    return new_event("ReviewScheduled", {
        "review_id": review_id, "draw_id": group_number, "group_number": group_number,
        "state_under_review": under_review, "reviewing_states": reviewers,
        "starts_on": starts_on, "phase": phase, "cluster": 1,
        "stage": "waiting_for_nominations", "drawn_on": drawn_on}, dt.datetime.now(dt.UTC))


def repeated(under_review, replaced, replacement, reviewers, on, group_number=1, phase=1,
             repetition=1):
    """A repetition of the draw that happened on `on` (the event's own time)."""
    return new_event("DrawRepeated", {
        "draw_id": group_number, "group_number": group_number, "phase": phase,
        "state_under_review": under_review, "replaced": replaced, "replacement": replacement,
        "reviewing_states": reviewers, "requested_by": replaced, "reason": "asked",
        "exceptional": False, "repetition": repetition}, at(on))


def person(state_code, role="focal_point", **extra):
    return {"state_code": state_code, "role": role, "name": f"Focal {state_code}",
            "title": "Ms.", "email": f"fp-{state_code.lower()}-{role}@example.org",
            "phone": "+41 (22) 917-1234", "gender": "female", **extra}


def count(app, table, *where):
    with app.extensions["revmod"].session_factory() as session:
        return session.scalar(select(func.count()).select_from(table).where(*where))


def published(app, event_type):
    return count(app, outbox, outbox.c.event_type == event_type)


def outbox_events(app, event_type=None) -> list:
    """What the service will publish, in the order the relay publishes it."""
    with app.extensions["revmod"].session_factory() as session:
        bodies = session.scalars(select(outbox.c.body).order_by(outbox.c.id))
        events = [decode(body.encode()) for body in bodies]
    return [e for e in events if event_type is None or e.type == event_type]


def deliver(app, *events) -> None:
    ctx = app.extensions["revmod"]
    consumer = Consumer("nominations", ctx.settings.amqp_url, ctx.session_factory,
                        with_sessions(event_handlers(ctx)))
    for event in events:
        assert consumer.handle(encode(event)) == ACK


@pytest.fixture
def clock():
    return FixedClock(dt.datetime(2020, 11, 20, 9, 0, tzinfo=dt.UTC))


@pytest.fixture
def settings(database_url, monkeypatch):
    monkeypatch.setenv("NOMINATIONS_DATABASE_URL", database_url)  # for the CLI
    return Settings(service="nominations", database_url=database_url)


@pytest.fixture
def nominations(settings, clock):
    app = create_app(settings, clock)
    upgrade(NOMINATIONS_MIGRATIONS, app.extensions["revmod"].engine)
    yield app
    app.extensions["revmod"].engine.dispose()
