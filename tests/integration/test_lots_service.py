"""The lots service against a real database (PostgreSQL and SQLite) and a real RabbitMQ."""

from __future__ import annotations

import pytest

from harness.waiting import running
from services.lots.adapters.orm import ReviewGroupRow
from services.lots.adapters.states_csv import parse_states_csv
from services.lots.app import create_app
from services.lots.bootstrap import MIGRATIONS as LOTS_MIGRATIONS
from services.lots.handlers.parties import register_state_parties
from services.lots.settings import Settings
from services.lots.worker import build_parts
from shared.config import REPO_ROOT
from shared.db.migrate import upgrade

STATES_CSV = REPO_ROOT / "deploy" / "data" / "states_parties.csv"


@pytest.fixture
def lots(database_url, amqp_url):
    settings = Settings(service="lots", database_url=database_url, amqp_url=amqp_url)
    app = create_app(settings)
    ctx = app.extensions["revmod"]
    upgrade(LOTS_MIGRATIONS, ctx.engine)
    register_state_parties(ctx, parse_states_csv(STATES_CSV.read_text(encoding="utf-8")))
    yield app
    ctx.engine.dispose()


def group_body(client, n=24, number=1):
    codes = [s["code"] for s in client.get("/states?page_size=100").json][:n]
    return {"number": number, "starts_on": "2020-12-01", "states_under_review": codes}


def test_draw_publishes_lots_drawn_through_the_outbox_when_the_worker_runs(lots, bus):
    client = lots.test_client()
    group = client.post("/groups", json=group_body(client)).json
    draw = client.post(f"/groups/{group['id']}/draw", json={"seed": "c0ffee00"})
    assert draw.status_code == 201
    settings = lots.extensions["revmod"].settings
    with running(build_parts(settings)):
        msgs = bus.received(until=lambda m: any(x["type"] == "LotsDrawn" for x in m))
    drawn = [m for m in msgs if m["type"] == "LotsDrawn"]
    assert len(drawn) == 1
    assert len(drawn[0]["payload"]["reviews"]) == 24
    assert drawn[0]["payload"]["reviews"] == draw.json["reviews"]
    assert sum(m["type"] == "StatePartyRegistered" for m in msgs) == 191


def test_unknown_state_code_is_refused_with_problem_json_and_nothing_written(lots):
    client = lots.test_client()
    body = group_body(client)
    body["states_under_review"] = [*body["states_under_review"][:3], "XYZ"]
    answer = client.post("/groups", json=body)
    assert answer.status_code == 422
    assert answer.content_type == "application/problem+json"
    assert "XYZ" in answer.json["errors"]["states_under_review"][0]
    with lots.extensions["revmod"].session_factory() as session:
        assert session.query(ReviewGroupRow).count() == 0


def test_malformed_date_and_unknown_group_name_the_field(lots):
    client = lots.test_client()
    body = group_body(client)
    body["starts_on"] = "2020-02-31"
    bad = client.post("/groups", json=body)
    assert bad.status_code == 422 and "starts_on" in bad.json["errors"]
    missing = client.post("/groups/999/draw", json={})
    assert missing.status_code == 404
    assert missing.content_type == "application/problem+json"
    assert "group_id" in missing.json["errors"]


def test_second_draw_of_a_group_is_a_conflict(lots):
    client = lots.test_client()
    group = client.post("/groups", json=group_body(client)).json
    assert client.post(f"/groups/{group['id']}/draw", json={}).status_code == 201
    again = client.post(f"/groups/{group['id']}/draw", json={})
    assert again.status_code == 409 and again.json["draw_id"]


def test_service_serves_its_openapi_docs_and_probes(lots):
    client = lots.test_client()
    spec = client.get("/openapi.json").json
    assert "/groups/{group_id}/draw" in spec["paths"]
    assert client.get("/docs").status_code == 200
    assert client.get("/healthz").json == {"status": "ok"}
    assert client.get("/readyz").status_code == 200
