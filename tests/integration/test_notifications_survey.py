"""The survey's letters against a real database (PostgreSQL and SQLite) and a real SMTP
server: a survey's opening invites each State's focal points and experts, one letter per
State in its Mission's language (all six), and nobody where a State has no one in office;
they are reminded before the deadline and on it until their State answers, once a slot,
never after the deadline or once the survey is closed."""

from __future__ import annotations

import datetime as dt
import email
import email.policy

import pytest

from services.notifications.adapters.orm import MessageRow
from services.notifications.adapters.outgoing.delivery import Deliverer
from services.notifications.adapters.smtp import SmtpMailer
from services.notifications.handlers.reminders import remind_all
from shared.events import new_event
from tests.integration.test_notifications_world import app_with_missions, at, deliver, messages
from tests.support.smtp import Sink, smtp_server

OPENED, DEADLINE = dt.date(2021, 1, 11), dt.date(2021, 2, 26)
LANGUAGE = {"FRA": "fr", "EGY": "ar", "CHN": "zh", "KEN": "en", "AUT": "ru", "GHA": "es"}
SUBJECT_STARTS = {"fr": "Mécanisme d’examen", "ar": "آلية الاستعراض", "zh": "审议机制",
                  "en": "Review mechanism", "ru": "Механизм обзора", "es": "Mecanismo de examen"}


@pytest.fixture
def app(database_url):
    app = app_with_missions(database_url, OPENED, LANGUAGE)
    yield app
    app.extensions["revmod"].engine.dispose()


def survey_event(event_type: str, when: dt.date, **payload):
    return new_event(event_type, {"survey_id": 7, **payload}, at(when))


def opened():
    invitees = [{"state_code": code, "role": role, "name": f"{role} {code}",
                 "email": f"{role}-{code.lower()}@gov.example.org"}
                for code in LANGUAGE for role in ("focal_point", "expert")]
    return survey_event("SurveyOpened", OPENED, title="Technical assistance needs",
                        opened_on=OPENED, deadline=DEADLINE,
                        states=[*LANGUAGE, "BRA"], invitees=invitees)


def answered(code: str, when: dt.date):
    return survey_event("SurveyAnswered", when, state_code=code, response_id=1,
                        answered_on=when, replaces=None)


def reminded(app, day: dt.date) -> list[MessageRow]:
    ctx = app.extensions["revmod"]
    before = {m.id for m in messages(app, kind="survey")}
    ctx.clock.set(at(day))
    remind_all(ctx, day)
    return [m for m in messages(app, kind="survey") if m.id not in before]


def test_each_states_people_are_invited_in_its_missions_language_when_a_survey_opens(app):
    deliver(app, opened())
    sink, ctx = Sink(), app.extensions["revmod"]
    with smtp_server(sink, ctx.settings.smtp_port):
        assert Deliverer(ctx, SmtpMailer(ctx.settings)).deliver_due() == len(LANGUAGE)
    received = {}
    for envelope in sink.envelopes:
        letter = email.message_from_bytes(envelope.content, policy=email.policy.default)
        (code,) = {r.split("@")[0].split("-")[-1].upper() for r in envelope.rcpt_tos}
        received[code] = (sorted(envelope.rcpt_tos), letter["Subject"])
    assert set(received) == set(LANGUAGE)  # Brazil has nobody to invite
    for code, lang in LANGUAGE.items():
        recipients, subject = received[code]
        assert recipients == [f"expert-{code.lower()}@gov.example.org",
                              f"focal_point-{code.lower()}@gov.example.org"]
        assert subject.startswith(SUBJECT_STARTS[lang]) and "Technical assistance" in subject


def test_states_that_have_not_answered_are_reminded_before_and_on_the_deadline_only(app):
    deliver(app, opened(), answered("FRA", dt.date(2021, 1, 20)))
    week_before = DEADLINE - dt.timedelta(days=7)
    assert reminded(app, week_before - dt.timedelta(days=1)) == []
    first = reminded(app, week_before)
    assert sorted(m.state_code for m in first) == sorted(set(LANGUAGE) - {"FRA"})
    assert {m.language for m in first} == set(LANGUAGE.values()) - {"fr"}
    english = next(m for m in first if m.state_code == "KEN")
    assert "7 days" in english.body_text and "has not answered" in english.body_text
    assert english.recipients == ["focal_point-ken@gov.example.org",
                                  "expert-ken@gov.example.org"]
    assert reminded(app, week_before) == []  # the same day again writes nothing
    deliver(app, answered("AUT", DEADLINE - dt.timedelta(days=2)))
    on_the_day = reminded(app, DEADLINE)
    assert sorted(m.state_code for m in on_the_day) == ["CHN", "EGY", "GHA", "KEN"]
    assert reminded(app, DEADLINE + dt.timedelta(days=1)) == []


def test_nobody_is_reminded_once_the_survey_is_closed(app):
    deliver(app, opened(), survey_event("SurveyClosed", dt.date(2021, 2, 1),
                                        closed_on=dt.date(2021, 2, 1), states_answered=0))
    assert reminded(app, DEADLINE) == []
