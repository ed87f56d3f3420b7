"""The deliverer is woken by a commit that left new mail, and by nothing else; it is handed
the messages that commit announced."""

from __future__ import annotations

import threading

from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

from services.notifications.adapters.outgoing.new_mail import NewMailSignal, note_new_mail

NOT_STOPPED = threading.Event()


def signal_and_sessions():
    factory = sessionmaker(create_engine("sqlite://"))
    return NewMailSignal(factory), factory


def test_signal_when_a_session_that_wrote_new_mail_commits():
    signal, sessions = signal_and_sessions()
    with sessions() as session:
        note_new_mail(session, [(1, "KEN")])
        assert not signal.wait(0, NOT_STOPPED)  # not before the commit
        session.commit()
    assert signal.wait(0, NOT_STOPPED)


def test_no_signal_when_a_commit_wrote_no_new_mail():
    signal, sessions = signal_and_sessions()
    with sessions() as session:
        note_new_mail(session, [])  # letters written, none of them pending
        session.commit()
    with sessions() as session:
        session.commit()
    assert not signal.wait(0, NOT_STOPPED) and signal.take() == []


def test_no_signal_when_the_session_that_wrote_new_mail_rolls_back():
    signal, sessions = signal_and_sessions()
    with sessions() as session:
        session.execute(text("SELECT 1"))  # the message's flush, which began the transaction
        note_new_mail(session, [(1, "KEN")])
        session.rollback()
        session.commit()  # the same session commits later, without that mail
    assert not signal.wait(0, NOT_STOPPED) and signal.take() == []


def test_the_deliverer_takes_what_the_commits_announced_and_waits_for_the_next():
    signal, sessions = signal_and_sessions()
    with sessions() as first, sessions() as second:
        note_new_mail(first, [(1, "KEN"), (2, "EGY")])
        note_new_mail(first, [(3, "KEN")])  # a second handler in the same transaction
        note_new_mail(second, [(4, "FRA")])
        first.commit()
        second.commit()
    assert signal.take() == [(1, "KEN"), (2, "EGY"), (3, "KEN"), (4, "FRA")]
    assert not signal.wait(0, NOT_STOPPED) and signal.take() == []
