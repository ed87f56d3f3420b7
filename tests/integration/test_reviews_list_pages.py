"""The reviews list keeps the pages it served, per web process, for the data version they
were read at (shared/web/page_cache.py). Whatever writes, a request, the worker's handlers or
another process, the change is on the very next read, on PostgreSQL and on SQLite."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from services.reviews.adapters.orm import ReviewRow
from services.reviews.domain import stages as s
from shared.db.data_versions import read_version
from shared.db.engine import make_engine
from shared.events import new_event
from tests.support.clients import bearer
from tests.unit.reviews.integration_support import (
    NOW,
    START,
    at,
    consult,
    deliver,
    drawn,
    ids_by_state,
    lots_drawn,
    nominate_all,
    review,
)

GROUP = [("FRA", ["DEU", "KEN"]), ("KEN", ["NGA", "FRA"])]


@pytest.fixture
def app(database_url):
    with drawn(database_url, GROUP) as app:
        yield app


def listed(app, query: str = "", headers: dict | None = None) -> dict[str, dict]:
    answer = app.test_client().get(f"/reviews?page_size=100{query}", headers=headers)
    assert answer.status_code == 200, answer.json
    return {r["state_under_review"]: r for r in answer.json}


def test_a_draw_handled_by_the_worker_is_listed_on_the_next_read(app):
    assert set(listed(app)) == {"FRA", "KEN"}
    deliver(app, lots_drawn([("BRA", ["ARG", "JPN"])], draw_id=2, group_number=2))
    assert set(listed(app)) == {"FRA", "KEN", "BRA"}


def test_a_repeated_draw_handled_by_the_worker_is_listed_on_the_next_read(app):
    observer = bearer("observer", "SEN")
    assert listed(app, headers=observer) == {}
    deliver(app, new_event("DrawRepeated", {
        "draw_id": 1, "group_number": 1, "phase": 1, "state_under_review": "FRA",
        "replaced": "KEN", "replacement": "SEN", "reviewing_states": ["DEU", "SEN"],
        "requested_by": "FRA", "reason": "no agreement on the working languages",
        "exceptional": False, "repetition": 1}, NOW))
    assert listed(app)["FRA"]["reviewing_states"] == ["DEU", "SEN"]
    assert set(listed(app, headers=observer)) == {"FRA"}  # the State's own scope too


def test_stage_changes_by_the_worker_and_over_the_api_are_listed_on_the_next_read(app):
    fra = ids_by_state(app)["FRA"]
    assert listed(app)["FRA"]["stage"] == s.WAITING_FOR_NOMINATIONS
    at(app, START)
    nominate_all(app, fra, START)  # the last nomination starts the review (handler)
    assert listed(app)["FRA"]["stage"] == s.PRELIMINARY_CONSULTATION
    assert listed(app, "&stage=preliminary_consultation").keys() == {"FRA"}
    held_on = START + dt.timedelta(days=3)
    at(app, held_on)
    consult(app, fra, held_on)  # a request
    moved = review(app, fra)
    assert moved["stage"] != s.PRELIMINARY_CONSULTATION
    assert listed(app)["FRA"] == {k: moved[k] for k in listed(app)["FRA"]}


def test_a_change_committed_by_another_process_is_listed_on_the_next_read(app):
    listed(app)  # the page is kept now
    other = make_engine(app.extensions["revmod"].settings.database_url)
    try:
        with other.begin() as conn:
            conn.execute(update(ReviewRow.__table__).where(
                ReviewRow.state_under_review == "KEN").values(stage=s.COMPLETED))
    finally:
        other.dispose()
    assert listed(app)["KEN"]["stage"] == s.COMPLETED


def test_the_data_version_moves_on_with_each_committed_change_and_not_before(app):
    engine = app.extensions["revmod"].engine
    with engine.connect() as reader:
        before = read_version(reader, "reviews")
        reader.rollback()
        with engine.connect() as writer:
            writer.execute(update(ReviewRow.__table__).values(cluster=2))
            assert read_version(reader, "reviews") == before  # not committed yet
            reader.rollback()
            writer.commit()
        assert read_version(reader, "reviews") > before
