"""Migration 0002 over a database that already holds the first slice's rows (PostgreSQL
and SQLite): nothing lost, the one-focal-point rule still enforced, and back down again."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from services.nominations.bootstrap import MIGRATIONS as NOMINATIONS_MIGRATIONS
from shared.db.engine import make_engine
from shared.db.migrate import alembic_config, upgrade

NOW = dt.datetime(2020, 12, 1, 9, tzinfo=dt.UTC)


def migrate(engine, revision: str, down: bool = False) -> None:
    with engine.begin() as connection:
        cfg = alembic_config(NOMINATIONS_MIGRATIONS, connection)
        (command.downgrade if down else command.upgrade)(cfg, revision)


def test_first_slice_rows_survive_and_the_rule_holds_when_upgraded(database_url):
    engine = make_engine(database_url)
    try:
        migrate(engine, "0001")
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO participations (id, review_id, state_code, capacity, "
                "state_under_review, group_number, starts_on, created_at) VALUES "
                "(1, 1, 'KEN', 'under_review', 'KEN', 1, :day, :now)"),
                {"day": dt.date(2020, 12, 1), "now": NOW})
            conn.execute(text(
                "INSERT INTO persons (id, state_code, name, title, email, phone, gender, "
                "created_at) VALUES (1, 'KEN', 'A', 'Ms.', 'a@ken.example.org', NULL, "
                "'female', :now)"), {"now": NOW})
            conn.execute(text(
                "INSERT INTO nominations (id, person_id, state_code, review_id, role, status, "
                "nominated_on, created_at) VALUES (1, 1, 'KEN', 1, 'focal_point', 'active', "
                ":day, :now)"), {"day": dt.date(2020, 12, 5), "now": NOW})
        upgrade(NOMINATIONS_MIGRATIONS, engine)
        with engine.begin() as conn:
            person = conn.execute(text("SELECT languages FROM persons")).one()
            part = conn.execute(text("SELECT phase, ended_on FROM participations")).one()
            nomination = conn.execute(text("SELECT status, withdrawn_on FROM nominations")).one()
        assert person.languages in ([], "[]")
        assert (part.phase, part.ended_on) == (1, None)
        assert (nomination.status, nomination.withdrawn_on) == ("active", None)
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO nominations (person_id, state_code, review_id, role, status, "
                "nominated_on, created_at) VALUES (1, 'KEN', 1, 'focal_point', 'nominated', "
                ":day, :now)"), {"day": dt.date(2020, 12, 6), "now": NOW})
        migrate(engine, "0001", down=True)
        migrate(engine, "head")
    finally:
        engine.dispose()
