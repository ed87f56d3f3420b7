"""The deliverer is woken by a commit that left new mail, and by nothing else."""

from __future__ import annotations

import threading

from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

from services.notifications.new_mail import NewMailSignal, note_new_mail

NOT_STOPPED = threading.Event()


def signal_and_sessions():
    factory = sessionmaker(create_engine("sqlite://"))
    return NewMailSignal(factory), factory


def test_signal_when_a_session_that_wrote_new_mail_commits():
    signal, sessions = signal_and_sessions()
    with sessions() as session:
        note_new_mail(session)
        assert not signal.wait(0, NOT_STOPPED)  # not before the commit
        session.commit()
    assert signal.wait(0, NOT_STOPPED)


def test_no_signal_when_a_commit_wrote_no_new_mail():
    signal, sessions = signal_and_sessions()
    with sessions() as session:
        session.commit()
    assert not signal.wait(0, NOT_STOPPED)


def test_no_signal_when_the_session_that_wrote_new_mail_rolls_back():
    signal, sessions = signal_and_sessions()
    with sessions() as session:
        session.execute(text("SELECT 1"))  # the message's flush, which began the transaction
        note_new_mail(session)
        session.rollback()
        session.commit()  # the same session commits later, without that mail
    assert not signal.wait(0, NOT_STOPPED)


def test_cleared_signal_waits_for_the_next_commit():
    signal, sessions = signal_and_sessions()
    with sessions() as session:
        note_new_mail(session)
        session.commit()
    signal.clear()
    assert not signal.wait(0, NOT_STOPPED)
