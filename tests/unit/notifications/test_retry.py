"""Back-off after temporary SMTP failures, and which failures are temporary."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest

from services.notifications.adapters.smtp import classify
from services.notifications.domain.retry import next_attempt, retry_delay


def test_delay_doubles_from_the_base_when_attempts_grow():
    assert [retry_delay(n, 2, 300) for n in range(1, 6)] == [2, 4, 8, 16, 32]


def test_delay_stops_at_the_cap_when_attempts_are_many():
    assert retry_delay(9, 2, 300) == 300
    assert retry_delay(10_000, 2, 300) == 300


def test_no_delay_when_nothing_was_tried_yet():
    assert retry_delay(0, 2, 300) == 0


def test_next_attempt_is_now_plus_the_delay():
    now = dt.datetime(2021, 1, 4, tzinfo=dt.UTC)
    assert next_attempt(now, 3, 2, 300) == now + dt.timedelta(seconds=8)


@pytest.mark.parametrize("exc", [
    smtplib.SMTPDataError(451, b"4.3.0 try later"),
    smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
    ConnectionRefusedError(111, "Connection refused"),
    TimeoutError("timed out"),
    smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"mailbox busy")}),
    smtplib.SMTPAuthenticationError(535, b"bad credentials"),
    smtplib.SMTPSenderRefused(553, b"sender not allowed", "from@example.org"),
])
def test_failure_is_temporary_when_the_server_or_network_may_recover(exc):
    assert classify(exc).permanent is False


@pytest.mark.parametrize("exc", [
    smtplib.SMTPDataError(550, b"5.1.1 mailbox unavailable"),
    smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"no such user")}),
    ValueError("the Subject header may not contain a line break (CR or LF)"),
])
def test_failure_is_permanent_when_the_message_itself_is_refused(exc):
    failure = classify(exc)
    assert failure.permanent is True
    assert failure.reason
