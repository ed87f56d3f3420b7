"""GET /figures against the register counted by hand (tests/unit/nominations/
figures_fixture.py), built the way it happens: reviews from the bus, nominations, an
expert withdrawn and a focal point replaced through the API, a repetition of the draw."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.integration import test_nominations_world as shared_fixtures
from tests.integration.test_nominations_world import (
    STATES,
    deliver,
    party,
    repeated,
    scheduled,
)
from tests.unit.nominations import figures_fixture as fx

clock, nominations, settings = (shared_fixtures.clock, shared_fixtures.nominations,
                                shared_fixtures.settings)


def details(key: str) -> dict:
    state, gender = fx.PERSONS[key]
    return {"name": f"Person {key}", "title": "Counsellor", "gender": gender,
            "email": f"{key.lower()}@{state.lower()}.example.org"}


def nominate(client, key, role, review, on) -> int:
    answer = client.post("/nominations", json={
        **details(key), "state_code": fx.PERSONS[key][0], "role": role, "review_id": review,
        "nominated_on": on.isoformat()})
    assert answer.status_code == 201, answer.json
    return answer.json[0]["id"]


@pytest.fixture
def history(nominations, clock):
    clock.set(dt.datetime(2022, 1, 10, 9, tzinfo=dt.UTC))
    deliver(nominations, *map(party, STATES), *[
        scheduled(review, under, reviewers, fx.GROUP_STARTS[group], group)
        for review, group, under, reviewers in fx.REVIEWS])
    client = nominations.test_client()
    review_id, replaced, replacement, on = fx.REPETITION
    _, _, under_review, reviewers = next(r for r in fx.REVIEWS if r[0] == review_id)
    made = [n for n in fx.NOMINATIONS if n[0] not in fx.REPLACED_BY.values()]
    ids = {}
    for key, role, review, nominated_on, _ in made:
        if nominated_on < on:
            ids[(key, role, review)] = nominate(client, key, role, review, nominated_on)
    deliver(nominations, repeated(under_review, replaced, replacement,
                                  [replacement if s == replaced else s for s in reviewers], on))
    for key, role, review, nominated_on, _ in made:
        if nominated_on >= on:
            ids[(key, role, review)] = nominate(client, key, role, review, nominated_on)
    _withdraw_and_replace(client, ids)
    return nominations


def _withdraw_and_replace(client, ids) -> None:
    for key, role, review, _, withdrawn_on in fx.NOMINATIONS:
        if withdrawn_on is None or key == "P4":  # P4 in review 1 ended with the repetition
            continue
        nomination = ids[(key, role, review)]
        if key in fx.REPLACED_BY:
            answer = client.post(f"/nominations/{nomination}/replacement", json={
                **details(fx.REPLACED_BY[key]), "nominated_on": withdrawn_on.isoformat()})
        else:
            answer = client.post(f"/nominations/{nomination}/withdrawal",
                                 json={"withdrawn_on": withdrawn_on.isoformat()})
        assert answer.status_code in (200, 201), answer.json


@pytest.mark.parametrize("as_of", sorted(fx.EXPECTED))
def test_figures_match_the_hand_count_when_asked_as_of_a_date(history, as_of):
    answer = history.test_client().get(f"/figures?as_of={as_of}")
    assert answer.status_code == 200
    assert answer.json == {"as_of": as_of, **fx.EXPECTED[as_of]}


def test_figures_default_to_today_and_refuse_a_bad_date_naming_it(history):
    client = history.test_client()
    assert client.get("/figures").json == {"as_of": "2022-01-10",
                                           **fx.EXPECTED["2021-12-31"]}
    bad = client.get("/figures?as_of=2021-02-30")
    assert bad.status_code == 422 and "as_of" in bad.json["errors"]


def test_figures_are_empty_when_no_review_is_known(nominations):
    assert nominations.test_client().get("/figures?as_of=2021-01-01").json == {
        "as_of": "2021-01-01", "groups": [],
        "totals": {"focal_points": 0, "experts": 0, "observers": 0,
                   "states_with_observers": 0, "women_share": None,
                   "states_in_several_groups": 0}}
