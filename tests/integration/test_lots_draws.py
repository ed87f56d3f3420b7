"""Draws the States parties can trust, against PostgreSQL and SQLite: commitments, the
verification, repetitions, refusals, the division into groups and the published results."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from harness.waiting import running
from services.lots.adapters.orm import CommitmentRow, DrawRow, RepetitionRow, ReviewGroupRow
from services.lots.adapters.states_csv import parse_states_csv
from services.lots.app import create_app
from services.lots.bootstrap import MIGRATIONS as LOTS_MIGRATIONS
from services.lots.cli import main as cli
from services.lots.handlers.parties import register_state_parties
from services.lots.settings import Settings
from services.lots.worker import build_parts
from shared.clock import FixedClock
from shared.config import REPO_ROOT
from shared.db.migrate import upgrade

STATES_CSV = REPO_ROOT / "deploy" / "data" / "states_parties.csv"
START = dt.datetime(2020, 11, 23, 10, 0, tzinfo=dt.UTC)


def make_app(database_url, amqp_url, clock_at=START, **policy):
    settings = Settings(service="lots", database_url=database_url, amqp_url=amqp_url, **policy)
    app = create_app(settings, clock=FixedClock(clock_at))
    ctx = app.extensions["revmod"]
    upgrade(LOTS_MIGRATIONS, ctx.engine)
    register_state_parties(ctx, parse_states_csv(STATES_CSV.read_text(encoding="utf-8")))
    return app


@pytest.fixture
def lots(database_url, amqp_url):
    app = make_app(database_url, amqp_url, max_repetitions=1)
    yield app
    app.extensions["revmod"].engine.dispose()


def count(app, table) -> int:
    with app.extensions["revmod"].session_factory() as session:
        return session.query(table).count()


def new_group(client, n=24, **extra) -> dict:
    """A group of the first `n` States that were party on its start."""
    starts_on = extra.pop("starts_on", "2020-12-01")
    codes = [s["code"] for s in client.get(f"/states?as_of={starts_on}&page_size=100").json][:n]
    body = {"number": 1, "starts_on": starts_on, "states_under_review": codes, **extra}
    answer = client.post("/groups", json=body)
    assert answer.status_code == 201, answer.json
    return answer.json


def test_commitment_is_published_before_the_draw_and_the_seed_revealed_after(lots, bus):
    client = lots.test_client()
    group = new_group(client)
    committed = client.post(f"/groups/{group['id']}/commitment")
    assert committed.status_code == 201 and committed.json["seed"] is None
    assert client.post(f"/groups/{group['id']}/commitment").status_code == 409
    drawn = client.post(f"/groups/{group['id']}/draw", json={})
    assert drawn.status_code == 201
    revealed = client.get(f"/groups/{group['id']}/commitment").json
    assert hashlib.sha256(revealed["seed"].encode()).hexdigest() == committed.json["commitment"]
    assert drawn.json["seed"] == revealed["seed"]
    with running(build_parts(lots.extensions["revmod"].settings)):
        msgs = bus.received(until=lambda m: any(x["type"] == "LotsDrawn" for x in m))
    types = [m["type"] for m in msgs if m["type"] in ("DrawCommitted", "LotsDrawn")]
    assert types == ["DrawCommitted", "LotsDrawn"]
    assert msgs[[m["type"] for m in msgs].index("DrawCommitted")]["payload"]["commitment"] \
        == committed.json["commitment"]


def test_draw_without_commitment_commits_and_reveals_in_one_step(lots):
    client = lots.test_client()
    group = new_group(client)
    drawn = client.post(f"/groups/{group['id']}/draw", json={"seed": "c0ffee00"}).json
    assert drawn["commitment"] == hashlib.sha256(b"c0ffee00").hexdigest()
    assert client.get(f"/groups/{group['id']}/commitment").json["seed"] == "c0ffee00"


def test_committed_draw_refuses_another_seed_and_writes_nothing(lots):
    client = lots.test_client()
    group = new_group(client)
    client.post(f"/groups/{group['id']}/commitment")
    answer = client.post(f"/groups/{group['id']}/draw", json={"seed": "deadbeef"})
    assert answer.status_code == 409 and "seed" in answer.json["errors"]
    assert count(lots, DrawRow) == 0


def test_draw_verifies_by_endpoint_and_offline_from_its_export(lots, tmp_path, capsys):
    client = lots.test_client()
    group = new_group(client, n=62)
    draw = client.post(f"/groups/{group['id']}/draw", json={}).json
    assert any(r["additional_reviewers"] for r in draw["reviews"])
    assert client.get(f"/draws/{draw['id']}/verification").json["matches"] is True
    export = client.get(f"/draws/{draw['id']}/export")
    assert export.status_code == 200 and export.json["seed"] == draw["seed"]
    path = tmp_path / "draw.json"
    path.write_bytes(export.data)
    assert cli(["verify", str(path)]) == 0
    tampered = json.loads(export.data)
    tampered["picks"][0]["pool"].reverse()
    path.write_text(json.dumps(tampered))
    assert cli(["verify", str(path)]) == 1
    assert "DOES NOT MATCH" in capsys.readouterr().out


def test_infeasible_draw_is_a_409_naming_the_rule_and_the_states(database_url, amqp_url):
    app = make_app(database_url, amqp_url, max_reviews_per_reviewer=1)
    client = app.test_client()
    group = new_group(client, n=191, starts_on="2025-12-01")  # every party of the list
    answer = client.post(f"/groups/{group['id']}/draw", json={})
    assert answer.status_code == 409
    assert answer.content_type == "application/problem+json"
    assert answer.json["constraint"] == "max_reviews_per_reviewer"
    assert answer.json["states"] and "group_id" in answer.json["errors"]
    assert count(app, DrawRow) == 0 and count(app, CommitmentRow) == 0
    app.extensions["revmod"].engine.dispose()


def test_division_creates_the_groups_with_their_start_dates_by_lot(lots):
    client = lots.test_client()
    bad = client.post("/groups/division", json={"starts_on": ["2020-12-01"], "groups": 3})
    assert bad.status_code == 422 and "starts_on" in bad.json["errors"]
    unknown = client.post("/groups/division", json={"states": ["AFG", "XYZ"], "groups": 1,
                                                   "starts_on": ["2020-12-01"]})
    assert unknown.status_code == 422 and "XYZ" in unknown.json["errors"]["states"][0]
    assert count(lots, ReviewGroupRow) == 0
    answer = client.post("/groups/division", json={
        "starts_on": ["2020-12-01", "2021-11-01", "2022-11-01"], "balance_regions": True})
    assert answer.status_code == 201
    groups = answer.json
    assert [g["starts_on"] for g in groups] == ["2020-12-01", "2021-11-01", "2022-11-01"]
    then = "/states?as_of=2020-12-01&page_size=100"  # the parties on the first start
    assert sorted(c for g in groups for c in g["states_under_review"]) == sorted(
        s["code"] for s in client.get(then).json + client.get(f"{then}&page=2").json)
    assert len({g["division_seed"] for g in groups}) == 1
    for group in groups:
        drawn = client.post(f"/groups/{group['id']}/draw", json={})
        assert drawn.status_code == 201, drawn.json


def test_service_documents_the_new_endpoints(lots):
    paths = lots.test_client().get("/openapi.json").json["paths"]
    for path in ("/groups/division", "/groups/{group_id}/commitment",
                 "/draws/{draw_id}/repetitions", "/draws/{draw_id}/export",
                 "/draws/{draw_id}/verification", "/results.csv", "/results.html"):
        assert path in paths, path
    assert count(lots, RepetitionRow) == 0


def test_agreed_limits_on_reviewing_states_are_kept_with_the_group(lots):
    client = lots.test_client()
    codes = [s["code"] for s in client.get("/states?page_size=30").json]
    body = {"number": 1, "starts_on": "2020-12-01", "states_under_review": codes[:20]}
    stranger = client.post("/groups", json={**body, "reviewing_state_limits": {codes[25]: 5}})
    assert stranger.status_code == 422 and "reviewing_state_limits" in stranger.json["errors"]
    low = client.post("/groups", json={**body, "reviewing_state_limits": {codes[0]: 1}})
    assert low.status_code == 422 and "reviewing_state_limits" in low.json["errors"]
    assert count(lots, ReviewGroupRow) == 0
    group = client.post("/groups", json={**body, "reviewing_state_limits": {codes[0]: 2}}).json
    assert group["reviewing_state_limits"] == {codes[0]: 2}
    draw = client.post(f"/groups/{group['id']}/draw", json={}).json
    review = next(r for r in draw["reviews"] if r["state_under_review"] == codes[0])
    assert len(review["reviewing_states"]) == 2 and review["additional_reviewers"] == {}


def test_a_draw_read_without_its_picks_shows_the_same_reviews(lots):
    """GET /draws/{id}?picks=false (the portal's page of a draw) leaves the picks and their
    pools out and reads neither, with the same reviews in force; a bad flag is a 422."""
    client = lots.test_client()
    group = new_group(client, n=30)
    draw = client.post(f"/groups/{group['id']}/draw", json={}).json
    light = client.get(f"/draws/{draw['id']}?picks=false")
    assert light.status_code == 200 and "picks" not in light.json
    assert light.json["reviews"] == draw["reviews"] and light.json["seed"] == draw["seed"]
    assert len(light.data) * 5 < len(client.get(f"/draws/{draw['id']}").data)
    assert client.get(f"/groups/{group['id']}").json["draw_id"] == draw["id"]
    assert light.json["group"] == {k: group[k] for k in ("id", "number", "phase", "cluster",
                                                         "starts_on")}
    bad = client.get(f"/draws/{draw['id']}?picks=maybe")
    assert bad.status_code == 422 and bad.content_type == "application/problem+json"
    assert "picks" in json.dumps(bad.json)
    assert client.get("/draws/999?picks=false").status_code == 404
    assert client.get("/draws/999/repetitions").status_code == 404


def test_a_stored_draw_changed_after_a_verification_fails_the_next_one(lots):
    """The replay's verdict is kept per process for the record it was given: a record
    changed in the database is replayed afresh, and its difference found."""
    client = lots.test_client()
    draw = client.post(f"/groups/{new_group(client)['id']}/draw", json={}).json
    assert client.get(f"/draws/{draw['id']}/verification").json["matches"] is True
    with lots.extensions["revmod"].session_factory() as session, session.begin():
        pick = session.get(DrawRow, draw["id"]).picks[0]
        pick.pool = list(reversed(pick.pool))
    changed = client.get(f"/draws/{draw['id']}/verification").json
    assert changed["matches"] is False and changed["picks_match"] is False
