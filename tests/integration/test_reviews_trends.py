"""The general report of trends over the API on the real databases: the made-up population
(tests/unit/reviews/trends_population.py) adopted in six reviews whose States' regional
groups came from the lots service's events; each count checked against the population
counted again, as of a day before and after the adoptions, in each format."""

from __future__ import annotations

import datetime as dt

import pytest

from services.reviews.adapters.observations_orm import ObservationItemRow, ObservationListRow
from services.reviews.domain.observations import ADOPTED, CHALLENGE, DRAFTED, NEED
from services.reviews.domain.trends.figures import trend_figures
from shared.events import new_event
from tests.unit.reviews.integration_support import (
    NOW,
    at,
    deliver,
    ids_by_state,
    lots_drawn,
    make_app,
)
from tests.unit.reviews.trends_population import FOUND, GROUPS, expected, population

STATES = {1: "KEN", 2: "NGA", 3: "GHA", 4: "EGY", 5: "JPN", 6: "IND"}
ADOPTED_ON = dt.date(2022, 5, 2)


def party(code: str, group: str):
    return new_event("StatePartyRegistered", {
        "code": code, "name": code, "regional_group": group, "legal_system": None,
        "instruments": ["convention"]}, NOW)


def adopt(app, review_id: int, version: int, public: bool, items, status=ADOPTED) -> None:
    ctx = app.extensions["revmod"]
    with ctx.uow() as uow:
        uow.observations.add_version(ObservationListRow(
            review_id=review_id, version=version, status=status, drafted_by="R",
            drafter_state="FRA", drafted_on=NOW.date(), drafted_at=NOW,
            good_practices_public=public,
            adopted_on=ADOPTED_ON if status == ADOPTED else None), [
            ObservationItemRow(instrument=a[0], article=a[1], kind=kind, category=category,
                               text=text, position=i)
            for i, (a, kind, category, text) in enumerate(items)])


@pytest.fixture
def app(database_url):
    app = make_app(database_url)
    deliver(app, lots_drawn([(code, ["FRA", "BRA"]) for code in STATES.values()]))
    ids = ids_by_state(app)
    for n, code in STATES.items():
        deliver(app, party(code, GROUPS[n]))
        public, items = FOUND[n]
        adopt(app, ids[code], 1, not public, [])
        adopt(app, ids[code], 2, public, items)
        adopt(app, ids[code], 3, public, [], status=DRAFTED)
    at(app, dt.date(2023, 1, 10))
    yield app
    app.extensions["revmod"].engine.dispose()


def test_trends_count_the_latest_adopted_lists_by_regional_group(app):
    client = app.test_client()
    figures = client.get("/reports/trends?cluster=1&phase=1&as_of=2022-06-30").json
    assert figures["reviews"] == 6
    # the figures the unit tests check on the population (tests/unit/reviews/test_trends.py),
    # read from the lists in force in the database
    assert figures["articles"] == trend_figures(population(), figures["categories"])["articles"]
    five = figures["articles"][0]
    assert (five["reviews"], five["challenges"], five["needs"]["capacity_building"]) == (
        6, expected(("convention", "5"), CHALLENGE), expected(("convention", "5"), NEED,
                                                               "capacity_building"))
    assert [a["good_practices_quoted"] for a in figures["articles"]] == [["Unit A."], []]
    before = client.get("/reports/trends?as_of=2022-05-01").json
    assert (before["reviews"], before["articles"]) == (None, [])
    assert client.get("/reports/trends?cluster=4").json["articles"] == []
    for fmt, kind in (("csv", "text/csv"), ("html", "text/html"), ("text", "text/plain")):
        answer = client.get(f"/reports/trends?format={fmt}")
        assert answer.status_code == 200 and answer.mimetype == kind
        assert not any(code in answer.text for code in STATES.values())
    assert client.get("/reports/trends?as_of=2099-01-01").status_code == 422
