"""A worker killed with SIGKILL between committing a handler's work and acking the message:
the broker redelivers it (counted in the inbox), and the second delivery changes nothing:
no second review, no second e-mail."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time

from sqlalchemy import create_engine, text

from harness.broker import service_urls
from harness.system import free_port
from harness.waiting import eventually
from services.notifications.bootstrap import MIGRATIONS as NOTIFICATIONS_MIGRATIONS
from services.notifications.settings import Settings
from services.notifications.worker import build_parts
from services.reviews.bootstrap import MIGRATIONS as REVIEWS_MIGRATIONS
from shared.config import REPO_ROOT
from shared.db.engine import normalise_url
from shared.db.migrate import upgrade
from shared.events import encode, new_event
from tests.support.smtp import Sink, smtp_server

CODES = ["AUT", "BEL", "CHE", "DEU", "ESP", "FRA"]


def worker(database_url: str, amqp_url: str, pause: float, service: str = "reviews",
           **env: str) -> subprocess.Popen:
    """The service's worker, connected as the service's own broker user."""
    env = {**os.environ, f"{service.upper()}_DATABASE_URL": database_url,
           f"{service.upper()}_AMQP_URL": service_urls(amqp_url)[service],
           "BUS_FAULT_PAUSE_SECONDS": str(pause), **env}
    return subprocess.Popen([sys.executable, "-m", f"services.{service}.worker"],
                            cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def count(engine, sql: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text(sql)).scalar() or 0


def test_redelivery_changes_nothing_when_the_worker_died_before_acking(
        database_url, amqp_url, bus):
    engine = create_engine(normalise_url(database_url))
    upgrade(REVIEWS_MIGRATIONS, engine)
    bus.publish(new_event("LotsDrawn", {
        "draw_id": 7, "group_id": 1, "group_number": 1, "starts_on": dt.date(2021, 11, 1),
        "phase": 1, "cluster": 1,
        "reviews": [{"state_under_review": c, "reviewing_states": [CODES[i - 1], CODES[i - 2]]}
                    for i, c in enumerate(CODES)]}, dt.datetime.now(dt.UTC)))
    first = worker(database_url, amqp_url, pause=30)
    try:
        eventually(lambda: count(engine, "SELECT count(*) FROM reviews") == len(CODES), 60)
        first.send_signal(signal.SIGKILL)  # committed, not yet acked: the pause holds the ack
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    second = worker(database_url, amqp_url, pause=0)
    try:
        eventually(lambda: count(engine, "SELECT sum(redeliveries) FROM inbox") == 1, 60)
    finally:
        second.terminate()
        second.wait(timeout=30)
    assert count(engine, "SELECT count(*) FROM reviews") == len(CODES)
    assert count(engine, "SELECT count(*) FROM outbox WHERE event_type = 'ReviewScheduled'") \
        == len(CODES)
    engine.dispose()


def test_no_second_email_when_the_notifications_worker_died_before_acking(
        database_url, amqp_url, bus):
    engine = create_engine(normalise_url(database_url))
    upgrade(NOTIFICATIONS_MIGRATIONS, engine)
    settings = Settings(service="notifications", database_url=database_url, amqp_url=amqp_url)
    consumer = build_parts(settings)["consumer"]
    now = dt.datetime.now(dt.UTC)
    known = [new_event("StatePartyRegistered", {
        "code": code, "name": name, "regional_group": "western_european_others",
        "legal_system": None, "instruments": ["convention"]}, now)
        for code, name in (("AUT", "Austria"), ("FRA", "France"))]
    known.append(new_event("MissionContactChanged", {
        "state_code": "AUT", "emails": ["pm@aut.example.org"], "language": "en"}, now))
    for event in known:  # what the worker knew before: handled in-process, no broker needed
        assert consumer.handle(encode(event)) == "ack"
    bus.publish(new_event("NominationMissing", {
        "state_code": "AUT", "role": "focal_point", "review_id": 7, "capacity": "reviewing",
        "state_under_review": "FRA", "due_on": dt.date(2020, 12, 15),
        "as_of": dt.date(2021, 1, 4), "days_overdue": 20, "reminder": 1}, now))
    port = free_port()
    with smtp_server(Sink(), port) as sink:
        first = worker(database_url, amqp_url, 30, "notifications", SMTP_PORT=str(port))
        try:  # the letter went out and is recorded as sent, while the worker holds the ack
            # back (killed between the server's 250 and that record, the worker would send
            # it again on purpose: the one duplicate the deliverer documents)
            eventually(lambda: len(sink.envelopes) == 1 and count(
                engine, "SELECT count(*) FROM messages WHERE status = 'sent'") == 1, 60)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        finally:
            if first.poll() is None:
                first.kill()
        second = worker(database_url, amqp_url, 0, "notifications", SMTP_PORT=str(port))
        try:
            eventually(lambda: count(engine, "SELECT sum(redeliveries) FROM inbox") == 1, 60)
            time.sleep(2)  # room for a second e-mail, were one to be sent
        finally:
            second.terminate()
            second.wait(timeout=30)
    assert len(sink.envelopes) == 1
    assert count(engine, "SELECT count(*) FROM messages") == 1
    engine.dispose()
