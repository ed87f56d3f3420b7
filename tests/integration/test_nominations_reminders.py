"""The reminder policy against a real database: the sweep run every day over simulated
weeks, by workers restarted each time and by the API as well, publishes each reminder once,
on the day it falls due, stops at the maximum and stops when the nomination is made."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from sqlalchemy import select

from services.nominations.adapters.orm import MissingNoticeRow
from services.nominations.app import create_app
from services.nominations.bootstrap import MIGRATIONS as NOMINATIONS_MIGRATIONS
from services.nominations.handlers.sweeps import sweep_missing
from services.nominations.settings import Settings
from services.nominations.worker import build_parts
from shared.db.migrate import upgrade
from tests.integration import test_nominations_world as shared_fixtures
from tests.integration.test_nominations_world import (
    START,
    STATES,
    at,
    deliver,
    outbox_events,
    party,
    person,
    scheduled,
)

clock = shared_fixtures.clock


@pytest.fixture
def settings(database_url):
    """A reminder a week, three at most."""
    return Settings(service="nominations", database_url=database_url,
                    reminder_period_days=7, max_reminders=3)


@pytest.fixture
def nominations(settings, clock):
    app = create_app(settings, clock)
    upgrade(NOMINATIONS_MIGRATIONS, app.extensions["revmod"].engine)
    deliver(app, *map(party, STATES), scheduled(1, "KEN", ["GHA", "FRA"]))
    yield app
    app.extensions["revmod"].engine.dispose()


def notices(app) -> dict:
    with app.extensions["revmod"].session_factory() as session:
        rows = session.scalars(select(MissingNoticeRow).order_by(MissingNoticeRow.id))
        sent = defaultdict(list)
        for r in rows:
            sent[(r.state_code, r.role)].append((r.reminder, r.as_of))
    return dict(sent)


def test_each_reminder_goes_out_once_on_its_day_when_swept_daily_by_restarted_workers(
        nominations, settings, clock):
    day = START
    while day <= dt.date(2021, 2, 28):
        clock.set(at(day))
        if day == dt.date(2020, 12, 25):
            assert nominations.test_client().post("/nominations",
                                                  json=person("KEN")).status_code == 201
        build_parts(settings, clock)["sweep"].task()  # a worker started that morning
        nominations.test_client().post("/missing/sweep", json={})
        day += dt.timedelta(days=1)
    d = dt.date
    focal = [(1, d(2020, 12, 16)), (2, d(2020, 12, 23)), (3, d(2020, 12, 30))]
    experts = [(1, d(2020, 12, 30)), (2, d(2021, 1, 6)), (3, d(2021, 1, 13))]
    assert notices(nominations) == {
        ("KEN", "focal_point"): focal[:2],  # nominated on 25 December: no third reminder
        ("GHA", "focal_point"): focal, ("FRA", "focal_point"): focal,
        ("KEN", "expert"): experts, ("GHA", "expert"): experts, ("FRA", "expert"): experts}
    published = [e.payload for e in outbox_events(nominations, "NominationMissing")]
    assert len(published) == 17
    assert {(p["reminder"], p["days_overdue"]) for p in published} == {(1, 1), (2, 8), (3, 15)}


def test_a_late_sweep_sends_only_the_latest_reminder_due_when_it_missed_some(nominations):
    ctx = nominations.extensions["revmod"]
    assert sweep_missing(ctx, dt.date(2021, 1, 20)) == 6
    assert {(p["role"], p["reminder"]) for p in
            (e.payload for e in outbox_events(nominations, "NominationMissing"))} == {
        ("focal_point", 3), ("expert", 3)}
    assert sweep_missing(ctx, dt.date(2020, 12, 20)) == 0  # an earlier date never goes back
    assert sweep_missing(ctx, dt.date(2021, 6, 1)) == 0  # the maximum was reached


def test_missing_list_filters_by_role_and_state_when_asked(nominations):
    client = nominations.test_client()
    experts = client.get("/missing?as_of=2021-01-20&role=expert").json
    assert [(m["state_code"], m["due_on"], m["days_overdue"], m["reminder"]) for m in experts] \
        == [("FRA", "2020-12-29", 22, 3), ("GHA", "2020-12-29", 22, 3),
            ("KEN", "2020-12-29", 22, 3)]
    kenya = client.get("/missing?as_of=2021-01-20&state_code=KEN").json
    assert [(m["role"], m["capacity"]) for m in kenya] == [
        ("focal_point", "under_review"), ("expert", "under_review")]
    bad = client.get("/missing?role=observer")
    assert bad.status_code == 422 and "role" in bad.json["errors"]
