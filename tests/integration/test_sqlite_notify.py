"""The bell a SQLite writer rings for its relay after committing events
(shared/bus/sqlite_notify.py), on a real SQLite file: rung by a commit that recorded events,
not by one that did not, nor by a rollback; and the relay's waker still sees a commit that
did not ring."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from shared.bus.outbox import record
from shared.bus.outbox_watch import PollWaker
from shared.bus.sqlite_notify import Bell
from shared.bus.tables import metadata
from shared.db.engine import make_engine
from tests.integration.test_bus import assert_wakes, lots_drawn

#: long enough for any ring to have arrived, were there one
QUIET_SECONDS = 0.3


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'events.db'}")
    metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def bell(engine):
    bell = Bell.listening(engine)
    assert bell is not None
    yield bell
    bell.close()


def test_a_commit_that_recorded_events_rings_and_a_rollback_does_not(engine, bell):
    with Session(engine) as session:
        record(session, lots_drawn())
        session.rollback()
    assert bell.wait(QUIET_SECONDS) is False
    with Session(engine) as session:
        record(session, lots_drawn(), lots_drawn("FRA"))
        session.commit()
    assert bell.wait(5) is True
    assert bell.wait(QUIET_SECONDS) is False  # one commit, one wake: the rings were taken


def test_a_second_relay_of_the_same_file_finds_the_bell_taken(engine, bell):
    assert Bell.listening(engine) is None  # it looks at the change counter instead


def test_the_waker_sees_a_commit_that_did_not_ring(engine):
    def write() -> None:  # another program's write: no session, no ring
        with engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO inbox (event_id, event_type, handled_at) "
                                 "VALUES ('x', 'LotsDrawn', '2021-01-01 00:00:00')")

    assert_wakes(PollWaker(engine), write)
