"""Threads of one process write a SQLite file in turns, in the order they asked."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.orm import Session

from harness.waiting import eventually
from shared.db.sqlite_write_lock import Turns, take_turns_to_write


@pytest.fixture
def engine_and_turns(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'turns.db'}",
                           connect_args={"check_same_thread": False, "timeout": 30})
    turns = take_turns_to_write(engine, timeout=30)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE written (who TEXT)"))
    yield engine, turns
    engine.dispose()


def write(conn, who: str) -> None:
    conn.execute(text("INSERT INTO written (who) VALUES (:who)"), {"who": who})


def test_a_waiting_writer_writes_before_the_one_that_just_committed_writes_again(
        engine_and_turns):
    engine, turns = engine_and_turns
    with engine.connect() as first:
        with first.begin():
            write(first, "first")

            def second_writer() -> None:
                with engine.begin() as second:
                    write(second, "second")

            waiting = threading.Thread(target=second_writer)
            waiting.start()
            eventually(lambda: turns.waiting() == 1)
        with first.begin():  # at once, while the second writer is still in line
            write(first, "first again")
        waiting.join(10)
    with engine.connect() as conn:
        order = conn.scalars(text("SELECT who FROM written ORDER BY rowid")).all()
    assert order == ["first", "second", "first again"]


def test_the_turn_passes_only_once_the_commit_is_done(engine_and_turns):
    """Handed over earlier, the next writer would find the file still locked by the commit
    and sleep in SQLite's busy handler."""
    engine, turns = engine_and_turns
    at_commit = []

    @event.listens_for(engine, "commit")  # after the turns' own listener
    def look(conn) -> None:
        at_commit.append((conn.connection.dbapi_connection.in_transaction,
                          turns.acquire(timeout=0)))
        turns.release()

    with engine.begin() as conn:
        write(conn, "one")
    assert at_commit == [(False, True)]
    with engine.connect() as conn:
        assert conn.scalars(text("SELECT who FROM written")).all() == ["one"]


def test_turn_is_free_again_when_a_writing_transaction_rolls_back(engine_and_turns):
    engine, turns = engine_and_turns
    with engine.connect() as conn:
        with conn.begin() as transaction:
            write(conn, "never")
            transaction.rollback()
    assert turns.acquire(timeout=0)


def test_turn_is_free_again_when_a_session_that_wrote_is_closed_without_commit(
        engine_and_turns):
    engine, turns = engine_and_turns
    session = Session(engine)
    write(session, "never")
    session.close()
    assert turns.acquire(timeout=0)


def test_reads_take_no_turn(engine_and_turns):
    engine, turns = engine_and_turns
    with engine.connect() as conn:
        conn.execute(text("SELECT count(*) FROM written")).scalar()
        assert turns.acquire(timeout=0)


def test_a_writer_that_waited_too_long_leaves_the_line():
    turns = Turns()
    assert turns.acquire(timeout=0)
    assert not turns.acquire(timeout=0.01)
    assert turns.waiting() == 0
    turns.release()
    assert turns.acquire(timeout=0)
