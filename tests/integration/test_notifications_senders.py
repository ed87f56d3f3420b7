"""The deliverer's senders against a real SMTP server (aiosmtpd) and a real database
(PostgreSQL and SQLite): different Missions' letters go at once, one Mission's in order, and
an SMTP connection is kept between rounds until it has been idle too long."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
from dataclasses import replace

import pytest

from harness.system import free_port
from services.notifications.adapters.orm import SENT
from services.notifications.adapters.outgoing.delivery import Deliverer
from services.notifications.adapters.smtp import SmtpMailer
from services.notifications.app import create_app
from services.notifications.bootstrap import MIGRATIONS as NOTIFICATIONS_MIGRATIONS
from services.notifications.domain.mail import message_id_for
from services.notifications.settings import Settings
from shared.clock import FixedClock
from shared.db.migrate import upgrade
from tests.integration.test_notifications_world import (
    at,
    contact,
    deliver,
    messages,
    missing,
    registered,
)
from tests.support.smtp import smtp_server

TODAY = dt.date(2021, 3, 1)
MISSIONS = ("KEN", "GHA", "FRA")


class SlowSink:
    """Takes each message after a pause, noting how many were being taken at once, which
    connection each came on, and in what order."""

    def __init__(self, pause: float = 0.3) -> None:
        self.pause = pause
        self.in_flight = self.most_at_once = 0
        self.taken: list[tuple[str, str]] = []  # (Message-ID, To) in the order taken
        self.connections: list[tuple] = []  # the peer of each message's connection

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        self.in_flight += 1
        self.most_at_once = max(self.most_at_once, self.in_flight)
        await asyncio.sleep(self.pause)
        self.in_flight -= 1
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.taken.append((parsed["Message-ID"], parsed["To"]))
        self.connections.append(session.peer)
        return "250 OK"


@pytest.fixture
def app(database_url):
    clock = FixedClock(at(TODAY))
    settings = Settings(service="notifications", database_url=database_url,
                        smtp_port=free_port(), senders=3)
    app = create_app(settings, clock)
    upgrade(NOTIFICATIONS_MIGRATIONS, app.extensions["revmod"].engine)
    now = clock.now()
    deliver(app, *(registered(c, now) for c in MISSIONS), *(contact(c, now) for c in MISSIONS))
    yield app
    app.extensions["revmod"].engine.dispose()


def reminders_to(app, missions, reviews=(1, 2)) -> None:
    """One reminder per Mission and review, the reviews' in turn for each Mission."""
    deliver(app, *(missing(code, review, "EGY", dt.date(2021, 2, 15), TODAY)
                   for review in reviews for code in missions))


def deliverer(app, **settings) -> Deliverer:
    ctx = app.extensions["revmod"]
    ctx = replace(ctx, settings=replace(ctx.settings, **settings)) if settings else ctx
    return Deliverer(ctx, SmtpMailer(ctx.settings))


def test_missions_letters_go_at_once_and_each_missions_in_the_order_written(app):
    reminders_to(app, MISSIONS)
    sink = SlowSink()
    sender = deliverer(app)
    with smtp_server(sink, app.extensions["revmod"].settings.smtp_port):
        assert sender.deliver_due() == 6
        sender.close()
    assert sink.most_at_once == 3  # one sender per Mission, all three at the same time
    for code in MISSIONS:
        to = f"pm-{code.lower()}@missions.example.org"
        taken = [message_id for message_id, rcpt in sink.taken if rcpt == to]
        written = [message_id_for(m.idempotency_key) for m in messages(app, state_code=code)]
        assert taken == written and len(written) == 2
    assert {m.status for m in messages(app)} == {SENT}


def test_a_connection_serves_the_next_round_and_is_closed_once_idle_too_long(app):
    sink = SlowSink(pause=0)
    sender = deliverer(app, senders=1, smtp_idle_seconds=3600)
    with smtp_server(sink, app.extensions["revmod"].settings.smtp_port):
        for review in (1, 2):
            reminders_to(app, ["KEN"], reviews=[review])
            assert sender.deliver_due() == 1
        assert sink.connections[0] == sink.connections[1]  # the same connection twice
        assert sender.sessions.close_idle() == 0  # used a moment ago: kept
        sender.sessions.idle_seconds = 0
        assert sender.sessions.close_idle() == 1
        reminders_to(app, ["KEN"], reviews=[3])
        assert sender.deliver_due() == 1
        sender.close()
    assert len(sink.connections) == 3 and sink.connections[2] != sink.connections[1]
