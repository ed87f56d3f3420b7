"""The notifications service against a real database (PostgreSQL and SQLite), a real
RabbitMQ and a real SMTP server (aiosmtpd), started and stopped by each test."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import itertools
import threading
import time
from dataclasses import replace

import pytest

from harness.system import free_port
from harness.waiting import eventually, running
from services.notifications.adapters.outgoing.new_mail import note_new_mail
from services.notifications.app import create_app
from services.notifications.bootstrap import MIGRATIONS as NOTIFICATIONS_MIGRATIONS
from services.notifications.settings import Settings
from services.notifications.worker import build_parts
from shared.clock import SystemClock
from shared.db.migrate import upgrade
from shared.events import new_event
from tests.integration.test_notifications_world import deliver
from tests.support.smtp import Sink, smtp_server

NOW = SystemClock().now()
AUT_MISSION = ["permanent.mission@aut.example.org", "focal.unit@aut.example.org"]


@pytest.fixture
def service(database_url, amqp_url):
    settings = Settings(service="notifications", database_url=database_url, amqp_url=amqp_url,
                        smtp_port=free_port(), retry_seconds=0.1, retry_cap_seconds=0.4)
    app = create_app(settings)
    upgrade(NOTIFICATIONS_MIGRATIONS, app.extensions["revmod"].engine)
    yield app
    app.extensions["revmod"].engine.dispose()


def settings_of(app) -> Settings:
    return app.extensions["revmod"].settings


def registered(code: str, name: str):
    return new_event("StatePartyRegistered", {
        "code": code, "name": name, "regional_group": "western_european_others",
        "legal_system": None, "instruments": ["convention"]}, NOW)


def contact(code: str, emails: list[str]):
    return new_event("MissionContactChanged",
                     {"state_code": code, "emails": emails, "language": "en"}, NOW)


def missing(code: str = "AUT", under_review: str = "FRA"):
    return new_event("NominationMissing", {
        "state_code": code, "role": "focal_point", "review_id": 7, "capacity": "reviewing",
        "state_under_review": under_review, "due_on": dt.date(2020, 12, 15),
        "as_of": dt.date(2021, 1, 4), "days_overdue": 20, "reminder": 1}, NOW)


def publish(bus, *events) -> None:
    for event in events:
        bus.publish(event)


def messages(app) -> list[dict]:
    return app.test_client().get("/messages").json


def only_message(app) -> dict:
    rows = messages(app)
    assert len(rows) == 1, rows
    return rows[0]


def of_type(type_: str):
    return lambda msgs: [m for m in msgs if m["type"] == type_]


def parsed(envelope) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.content, policy=email.policy.default)


def test_one_email_goes_to_the_mission_and_is_recorded_when_its_contact_is_known(service, bus):
    settings = settings_of(service)
    cause = missing()
    with smtp_server(Sink(), settings.smtp_port) as sink, running(build_parts(settings)):
        publish(bus, registered("AUT", "Austria"), registered("FRA", "France"),
                contact("AUT", AUT_MISSION), cause)
        sent = of_type("NotificationSent")(bus.received(until=of_type("NotificationSent")))
    assert len(sink.envelopes) == 1
    envelope = sink.envelopes[0]
    assert envelope.rcpt_tos == AUT_MISSION
    assert envelope.mail_from == settings.mail_from
    mail = parsed(envelope)
    assert mail["Subject"] == ("Review mechanism (UNTOC): nomination of a focal point for the "
                               "review of France")
    text = mail.get_body(("plain",)).get_content()
    assert "Permanent Mission of Austria" in " ".join(text.split())
    assert 'lang="en" dir="ltr"' in mail.get_body(("html",)).get_content()
    row = only_message(service)
    assert (row["status"], row["attempts"], row["recipients"]) == ("sent", 1, AUT_MISSION)
    assert row["smtp_message_id"] == mail["Message-ID"]
    assert row["idempotency_key"] == f"{cause.id}:AUT:nomination_missing"
    assert len(sent) == 1 and sent[0]["payload"]["message_id"] == row["id"]
    assert sent[0]["payload"]["recipient"] == ",".join(AUT_MISSION)
    assert sent[0]["causation_id"] == str(cause.id)
    assert sent[0]["correlation_id"] == cause.correlation_id
    mission = service.test_client().get("/missions/AUT").json
    assert (mission["emails"], mission["state_name"]) == (AUT_MISSION, "Austria")


def test_exactly_one_email_when_the_same_envelope_is_delivered_twice(service, bus):
    settings = settings_of(service)
    parts = build_parts(settings)
    cause = missing()
    with smtp_server(Sink(), settings.smtp_port) as sink, running(parts):
        publish(bus, registered("AUT", "Austria"), contact("AUT", AUT_MISSION), cause, cause)
        eventually(lambda: parts["consumer"].duplicates == 1)
        msgs = bus.received(until=of_type("NotificationSent"))
        eventually(lambda: only_message(service)["status"] == "sent")
    assert len(sink.envelopes) == 1 and sink.calls == 1
    assert len(of_type("NotificationSent")(msgs)) == 1


def test_message_is_held_then_sent_when_the_contact_arrives_after_the_reminder(service, bus):
    settings = settings_of(service)
    client = service.test_client()
    with smtp_server(Sink(), settings.smtp_port) as sink, running(build_parts(settings)):
        publish(bus, registered("AUT", "Austria"), missing())
        eventually(lambda: client.get("/messages?status=held").json)
        assert only_message(service)["recipients"] == [] and sink.calls == 0
        publish(bus, contact("AUT", AUT_MISSION))
        bus.received(until=of_type("NotificationSent"))
    row = only_message(service)
    assert (row["status"], row["recipients"]) == ("sent", AUT_MISSION)
    assert len(sink.envelopes) == 1 and sink.envelopes[0].rcpt_tos == AUT_MISSION


def hourly_rounds(app) -> Settings:
    """The deliverer's timed round an hour away: only a commit can make it send sooner."""
    return replace(settings_of(app), delivery_poll_seconds=3600)


def test_letter_goes_when_its_event_is_handled_without_waiting_for_a_round(service, bus):
    settings = hourly_rounds(service)
    with smtp_server(Sink(), settings.smtp_port) as sink, running(build_parts(settings)):
        publish(bus, registered("AUT", "Austria"), contact("AUT", AUT_MISSION), missing())
        eventually(lambda: sink.envelopes)
    assert only_message(service)["status"] == "sent"


def test_held_letter_goes_when_the_contact_arrives_without_waiting_for_a_round(service, bus):
    settings = hourly_rounds(service)
    with smtp_server(Sink(), settings.smtp_port) as sink, running(build_parts(settings)):
        publish(bus, registered("AUT", "Austria"), missing())
        eventually(lambda: service.test_client().get("/messages?status=held").json)
        publish(bus, contact("AUT", AUT_MISSION))
        eventually(lambda: sink.envelopes)
    assert sink.envelopes[0].rcpt_tos == AUT_MISSION


def test_a_letter_announced_to_nobody_goes_on_a_timed_round_while_commits_keep_waking(
        service, bus):
    """Woken by a commit, the deliverer sends what that commit announced without asking
    what is due; it still asks every poll interval, so a letter another process wrote is
    not starved by a stream of wakes (here one every 50 ms, the poll every second)."""
    settings = replace(settings_of(service), delivery_poll_seconds=1.0)
    parts = build_parts(settings)
    worker_sessions = parts["delivery"].ctx.session_factory
    stop_waking = threading.Event()

    def keep_waking() -> None:
        while not stop_waking.wait(0.05):
            with worker_sessions() as session:
                note_new_mail(session, [(0, "AUT")])  # no such message: its claim finds none
                session.commit()

    waker = threading.Thread(target=keep_waking, daemon=True)
    with smtp_server(Sink(), settings.smtp_port) as sink, running(parts):
        waker.start()
        try:
            time.sleep(0.3)  # past the first round, which asks what is due
            # the app's own sessions: as another process, they announce nothing to the worker
            deliver(service, registered("AUT", "Austria"), contact("AUT", AUT_MISSION),
                    missing())
            eventually(lambda: sink.envelopes, timeout=10)
        finally:
            stop_waking.set()
            waker.join(5)
    assert only_message(service)["status"] == "sent"


def test_email_goes_once_when_the_server_says_try_later_for_a_while(service, bus):
    settings = settings_of(service)
    later = Sink(replies=["451 4.3.0 try later"] * 3)
    with smtp_server(later, settings.smtp_port), running(build_parts(settings)):
        publish(bus, contact("AUT", AUT_MISSION), missing())
        bus.received(until=of_type("NotificationSent"))
    row = only_message(service)
    assert row["status"] == "sent" and row["attempts"] == 4 > 1
    assert later.calls == 4 and len(later.envelopes) == 1


def test_message_fails_without_retry_when_the_server_refuses_it_for_good(service, bus):
    settings = settings_of(service)
    refusing = Sink(replies=itertools.repeat("550 5.1.1 mailbox unavailable"))
    with smtp_server(refusing, settings.smtp_port), running(build_parts(settings)):
        publish(bus, contact("AUT", AUT_MISSION), missing())
        failed = of_type("NotificationFailed")(bus.received(until=of_type("NotificationFailed")))
        # several retry periods (0.1 s doubling) pass: a retry would show up as a second call
        later = bus.received(timeout=1.0)
    row = only_message(service)
    assert (row["status"], row["attempts"]) == ("failed", 1)
    assert "550" in row["last_error"]
    assert len(failed) == 1 and "550" in failed[0]["payload"]["detail"]
    assert refusing.calls == 1 and refusing.envelopes == []
    assert not of_type("NotificationSent")(later)


def test_no_log_line_names_an_address_when_the_server_refuses_it_quoting_it(
        service, bus, caplog):
    settings = settings_of(service)
    quoting = Sink(replies=[f"451 4.2.0 <{AUT_MISSION[0]}> busy",
                            f"550 5.1.1 <{AUT_MISSION[0]}>: mailbox unavailable"])
    with smtp_server(quoting, settings.smtp_port), running(build_parts(settings)):
        publish(bus, contact("AUT", AUT_MISSION), missing())
        bus.received(until=of_type("NotificationFailed"))
    assert AUT_MISSION[0] in only_message(service)["last_error"]  # kept with the message
    logged = [r.getMessage() for r in caplog.records]
    assert any("not sent" in line for line in logged)
    assert any("failed for good" in line for line in logged)
    assert [line for line in logged if any(a in line for a in AUT_MISSION)] == []


def test_email_goes_once_when_the_smtp_server_starts_after_the_message(service, bus):
    settings = settings_of(service)
    with running(build_parts(settings)):
        publish(bus, contact("AUT", AUT_MISSION), missing())
        eventually(lambda: [m for m in messages(service) if m["attempts"] >= 2])
        row = only_message(service)
        assert row["status"] == "pending" and "Connection" in row["last_error"]
        with smtp_server(Sink(), settings.smtp_port) as sink:
            msgs = bus.received(until=of_type("NotificationSent"))
            eventually(lambda: only_message(service)["status"] == "sent")
    assert len(sink.envelopes) == 1 and len(of_type("NotificationSent")(msgs)) == 1


def test_unknown_message_and_mission_and_bad_filter_answer_problem_json(service):
    client = service.test_client()
    unknown = client.get("/messages/999")
    assert unknown.status_code == 404 and unknown.content_type == "application/problem+json"
    assert "message_id" in unknown.json["errors"]
    assert client.get("/missions/AUT").status_code == 404
    bad = client.get("/messages?status=lost")
    assert bad.status_code == 422 and "status" in bad.json["errors"]
    assert "/messages/{message_id}" in client.get("/openapi.json").json["paths"]
