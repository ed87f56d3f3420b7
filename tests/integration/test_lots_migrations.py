"""Migration 0007 over a database that already holds draws (PostgreSQL and SQLite): each
draw and repetition gets the UTC day it was recorded as the day it happened, a group may
come back for its next phase but not twice for one, and the migration goes down again."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from services.lots.bootstrap import MIGRATIONS as LOTS_MIGRATIONS
from shared.db.engine import make_engine
from shared.db.migrate import alembic_config

#: late in the evening in UTC: a day taken in another time zone would be the next one
AT = dt.datetime(2021, 5, 3, 23, 30, tzinfo=dt.UTC)


def migrate(engine, revision: str, down: bool = False) -> None:
    with engine.begin() as connection:
        cfg = alembic_config(LOTS_MIGRATIONS, connection)
        (command.downgrade if down else command.upgrade)(cfg, revision)


def group_row(conn, number: int, phase: int) -> None:
    conn.execute(text(
        "INSERT INTO review_groups (number, starts_on, phase, cluster, states_under_review, "
        "created_at) VALUES (:n, :day, :p, 1, '[\"AUT\"]', :at)"),
        {"n": number, "p": phase, "day": dt.date(2020, 12, 1), "at": AT})


def test_draws_keep_their_day_and_groups_come_back_per_phase_when_upgraded(database_url):
    engine = make_engine(database_url)
    try:
        migrate(engine, "0006")
        with engine.begin() as conn:
            group_row(conn, 1, 1)
            conn.execute(text("INSERT INTO draws (id, group_id, seed, drawn_at) VALUES "
                              "(1, 1, 'c0ffee00', :at)"), {"at": AT})
            conn.execute(text(
                "INSERT INTO draw_repetitions (draw_id, number, phase, state_under_review, "
                "slot, replaced, replacement, requested_by, request_count, exceptional, "
                "requested_at, seed, pool, instruments, outside_pairs) VALUES (1, 1, 1, "
                "'AUT', 'same_region', 'DEU', 'FRA', 'AUT', 1, false, :at, 'beef0001', '[]', "
                "'[]', '[]')"), {"at": AT})
        migrate(engine, "head")
        with engine.begin() as conn:
            draw = conn.execute(text("SELECT drawn_on, recorded, meeting FROM draws")).one()
            repeated = conn.scalar(text("SELECT repeated_on FROM draw_repetitions"))
            group_row(conn, 1, 2)
        assert (str(draw.drawn_on), bool(draw.recorded), draw.meeting) == \
            ("2021-05-03", False, None)
        assert str(repeated) == "2021-05-03"
        with pytest.raises(IntegrityError), engine.begin() as conn:
            group_row(conn, 1, 2)
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM review_groups WHERE phase = 2"))
        migrate(engine, "0006", down=True)
        migrate(engine, "head")
    finally:
        engine.dispose()
