"""The nominations service against a real database (PostgreSQL and SQLite) and a real
RabbitMQ: its copies built from events, nominations, mission contacts and the sweep."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from harness.waiting import eventually, running
from services.nominations import cli
from services.nominations.adapters.orm import (
    MissingNoticeRow,
    MissionRow,
    NominationRow,
    ParticipationRow,
    PersonRow,
    StatePartyRow,
)
from services.nominations.app import create_app
from services.nominations.handlers.sweeps import sweep_missing
from services.nominations.settings import Settings
from services.nominations.worker import build_parts
from shared.bus.tables import outbox
from shared.config import REPO_ROOT
from tests.integration import test_nominations_world as shared_fixtures
from tests.integration.test_nominations_world import (
    START,
    count,
    party,
    person,
    published,
    repeated,
    scheduled,
)

clock, nominations = shared_fixtures.clock, shared_fixtures.nominations

MISSIONS_CSV = REPO_ROOT / "deploy" / "data" / "permanent_missions.csv"
AS_OF = "2020-12-20"  # five days after the focal points fell due (START + 14)
FIRST_SIX = ("KEN", "GHA", "NGA", "FRA", "DEU", "BRA")


@pytest.fixture
def settings(database_url, amqp_url, monkeypatch):
    monkeypatch.setenv("NOMINATIONS_DATABASE_URL", database_url)  # for the CLI
    return Settings(service="nominations", database_url=database_url, amqp_url=amqp_url)


@pytest.fixture
def world(nominations, settings, clock, bus):
    """Six States, two reviews (the first one delivered three times), and the worker on."""
    first = scheduled(1, "KEN", ["GHA", "FRA"])
    with running(build_parts(settings, clock)):
        for event in [*map(party, FIRST_SIX), first, first, scheduled(1, "KEN", ["GHA", "FRA"]),
                      scheduled(2, "BRA", ["KEN", "DEU"])]:
            bus.publish(event)
        eventually(lambda: count(nominations, ParticipationRow, ParticipationRow.review_id == 2)
                   == 3)
        yield nominations


def test_participations_are_recorded_once_when_reviews_are_scheduled_and_redelivered(world):
    with world.extensions["revmod"].session_factory() as session:
        rows = {(r.review_id, r.state_code, r.capacity, r.state_under_review, r.group_number,
                 r.starts_on) for r in session.scalars(select(ParticipationRow))}
    assert rows == {
        (1, "KEN", "under_review", "KEN", 1, START), (1, "GHA", "reviewing", "KEN", 1, START),
        (1, "FRA", "reviewing", "KEN", 1, START), (2, "BRA", "under_review", "BRA", 1, START),
        (2, "KEN", "reviewing", "BRA", 1, START), (2, "DEU", "reviewing", "BRA", 1, START)}


def test_focal_point_nominated_is_published_per_review_when_a_focal_point_is_named(world, bus):
    client = world.test_client()
    answer = client.post("/nominations", json=person("KEN", note_verbale_ref="NV/2020/17"))
    assert answer.status_code == 201
    assert [(n["review_id"], n["nominated_on"]) for n in answer.json] == [
        (1, "2020-11-20"), (2, "2020-11-20")]
    assert client.post("/nominations", json=person("GHA", "expert")).status_code == 201
    msgs = bus.received(until=lambda m: sum(x["type"] == "FocalPointNominated" for x in m) == 2)
    named = [m["payload"] for m in msgs if m["type"] == "FocalPointNominated"]
    assert sorted(p["review_id"] for p in named) == [1, 2]
    assert {p["email"] for p in named} == {"fp-ken-focal_point@example.org"}
    assert published(world, "FocalPointNominated") == 2  # the expert published nothing
    listed = client.get("/nominations?state_code=KEN&role=focal_point").json
    assert [n["email"] for n in listed] == ["fp-ken-focal_point@example.org"] * 2
    one = client.get(f"/nominations/{answer.json[0]['id']}").json
    assert one["phone"] == "+41 (22) 917-1234" and one["note_verbale_ref"] == "NV/2020/17"


def test_second_focal_point_is_a_conflict_naming_review_id_when_one_is_active(world):
    client = world.test_client()
    assert client.post("/nominations", json=person("FRA", review_id=1)).status_code == 201
    before = [count(world, t) for t in (NominationRow, PersonRow, outbox)]
    again = client.post("/nominations", json={**person("FRA", review_id=1),
                                              "email": "other@example.org"})
    assert again.status_code == 409
    assert again.content_type == "application/problem+json"
    assert "review_id" in again.json["errors"]
    every = client.post("/nominations", json={**person("FRA"), "email": "third@example.org"})
    assert every.status_code == 409
    assert [count(world, t) for t in (NominationRow, PersonRow, outbox)] == before


def test_nomination_is_refused_naming_the_field_when_state_or_review_is_wrong(world):
    client = world.test_client()
    unknown = client.post("/nominations", json=person("XYZ"))
    assert unknown.status_code == 422 and "state_code" in unknown.json["errors"]
    assert unknown.content_type == "application/problem+json"
    for body in (person("NGA"), person("GHA", review_id=2)):
        answer = client.post("/nominations", json=body)
        assert answer.status_code == 422 and "review_id" in answer.json["errors"]
    assert count(world, NominationRow) == 0


def test_line_break_in_email_is_refused_naming_email_when_nominating(world):
    answer = world.test_client().post("/nominations", json={
        **person("KEN"), "email": "fp@example.org\r\nBcc: all@example.org"})
    assert answer.status_code == 422 and "email" in answer.json["errors"]
    assert count(world, NominationRow) == count(world, PersonRow) == 0


def test_sweep_publishes_each_reminder_once_when_run_again_and_restarted(
        world, bus, settings, clock, capsys):
    # issue 4 changed what this pins: experts are chased too, and a reminder follows every
    # period (14 days) while the nomination is missing; each reminder still goes out once
    client = world.test_client()
    for body in (person("KEN"), person("GHA", review_id=1)):
        assert client.post("/nominations", json=body).status_code == 201
    assert client.post("/missing/sweep", json={"as_of": AS_OF}).json == {"published": 3}
    msgs = bus.received(until=lambda m: sum(x["type"] == "NominationMissing" for x in m) == 3)
    missing = {(p["state_code"], p["review_id"]): p for p in
               (m["payload"] for m in msgs if m["type"] == "NominationMissing")}
    assert {k: p["capacity"] for k, p in missing.items()} == {
        ("FRA", 1): "reviewing", ("BRA", 2): "under_review", ("DEU", 2): "reviewing"}
    assert {(p["due_on"], p["days_overdue"], p["reminder"], p["role"])
            for p in missing.values()} == {("2020-12-15", 5, 1, "focal_point")}
    ctx = world.extensions["revmod"]
    assert sweep_missing(ctx, dt.date(2020, 12, 29)) == 0  # neither reminder 2 nor experts
    assert cli.main(["sweep", "--as-of", AS_OF]) == 0
    assert "published: 0" in capsys.readouterr().out
    restarted = create_app(settings, clock)
    assert restarted.test_client().post("/missing/sweep", json={"as_of": AS_OF}).json == {
        "published": 0}
    # 30 December: reminder 2 of the three focal points, reminder 1 of the six experts
    clock.set(dt.datetime(2020, 12, 30, 9, 0, tzinfo=dt.UTC))
    assert build_parts(settings, clock)["sweep"].task() == 9  # a restarted worker's sweep
    assert build_parts(settings, clock)["sweep"].task() == 0  # and another restart
    assert cli.main(["sweep", "--as-of", "2020-12-30"]) == 0
    assert "published: 0" in capsys.readouterr().out
    with world.extensions["revmod"].session_factory() as session:
        notices = sorted((r.role, r.reminder) for r in session.scalars(select(MissingNoticeRow)))
    assert notices == [("expert", 1)] * 6 + [("focal_point", 1)] * 3 + [("focal_point", 2)] * 3
    assert published(world, "NominationMissing") == 12
    later = bus.received(until=lambda m: sum(x["type"] == "NominationMissing" for x in m) == 9)
    assert sum(m["type"] == "NominationMissing" for m in later) == 9
    assert not [m for m in bus.received(timeout=1.0) if m["type"] == "NominationMissing"]
    restarted.extensions["revmod"].engine.dispose()


def test_repetition_and_state_update_arrive_over_the_bus_when_lots_publishes_them(world, bus):
    client = world.test_client()
    assert client.post("/nominations", json=person("FRA", review_id=1)).status_code == 201
    bus.publish(repeated("KEN", "FRA", "NGA", ["GHA", "NGA"], dt.date(2020, 12, 10)))
    bus.publish(party("KEN", "Republic of Kenya", event_type="StatePartyUpdated"))
    msgs = bus.received(until=lambda m: any(x["type"] == "NominationWithdrawn" for x in m))
    (withdrawn,) = [m["payload"] for m in msgs if m["type"] == "NominationWithdrawn"]
    assert (withdrawn["state_code"], withdrawn["review_id"], withdrawn["withdrawn_on"]) == (
        "FRA", 1, "2020-12-10")
    eventually(lambda: count(world, ParticipationRow, ParticipationRow.state_code == "NGA"))
    eventually(lambda: count(world, StatePartyRow, StatePartyRow.name == "Republic of Kenya"))
    assert [n["review_id"] for n in client.post("/nominations", json=person("NGA")).json] \
        == [1]


def test_missing_list_is_oldest_due_first_when_reviews_start_on_different_days(world, bus):
    bus.publish(scheduled(3, "NGA", ["FRA", "GHA"], starts_on=dt.date(2020, 11, 25)))
    eventually(lambda: count(world, ParticipationRow) == 9)
    client = world.test_client()
    assert client.post("/nominations", json=person("BRA")).status_code == 201
    listed = client.get(f"/missing?as_of={AS_OF}&page_size=50").json
    assert [(m["review_id"], m["due_on"], m["days_overdue"]) for m in listed[:3]] == [
        (3, "2020-12-09", 11)] * 3
    assert [m["due_on"] for m in listed] == sorted(m["due_on"] for m in listed)
    assert ("BRA", 2) not in {(m["state_code"], m["review_id"]) for m in listed}
    assert {m["capacity"] for m in listed if m["review_id"] == 3 and m["state_code"] == "NGA"} \
        == {"under_review"}
    assert len(listed) == 8
    assert client.get("/missing?as_of=2020-12-09").json == []


def test_missions_import_publishes_once_per_mission_and_nothing_when_repeated(
        nominations, settings, bus, capsys):
    rows = len(MISSIONS_CSV.read_text("utf-8").strip().splitlines()) - 1
    assert cli.main(["import-missions", str(MISSIONS_CSV)]) == 0
    assert cli.main(["import-missions", str(MISSIONS_CSV)]) == 0
    out = capsys.readouterr().out
    assert f"{rows} new" in out and f"{rows} unchanged" in out
    client = nominations.test_client()
    changed = client.put("/missions/AFG", json={"emails": ["pm@afg.example.org"],
                                                "language": "fr"})
    assert changed.status_code == 200 and changed.json["language"] == "fr"
    assert client.put("/missions/AFG", json={"emails": ["pm@afg.example.org"],
                                             "language": "fr"}).status_code == 200
    with running(build_parts(settings)):
        msgs = bus.received(
            until=lambda m: sum(x["type"] == "MissionContactChanged" for x in m) == rows + 1)
    assert sum(m["type"] == "MissionContactChanged" for m in msgs) == rows + 1
    assert published(nominations, "MissionContactChanged") == rows + 1
    assert client.get("/missions/AFG").json["emails"] == ["pm@afg.example.org"]
    assert len(client.get("/missions?page_size=100").json) == 100


def test_missions_file_is_refused_whole_when_a_row_is_bad(nominations, tmp_path, capsys):
    bad = tmp_path / "missions.csv"
    bad.write_text("code,emails,language\nAFG,pm@afg.example.org,en\n"
                   "AGO,not-an-email,en\nALB,pm@alb.example.org,xx\n", encoding="utf-8")
    assert cli.main(["import-missions", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "line 3" in err and "line 4" in err
    assert count(nominations, MissionRow) == count(nominations, outbox) == 0
    client = nominations.test_client()
    refused = client.put("/missions/AFG", json={"emails": ["x@y.org\nBcc: z@y.org"],
                                                "language": "en"})
    assert refused.status_code == 422 and "emails" in refused.json["errors"]
    assert client.get("/missions/AFG").status_code == 404


def test_service_serves_its_openapi_docs_and_probes(nominations):
    client = nominations.test_client()
    spec = client.get("/openapi.json").json
    assert {"/nominations", "/missions/{code}", "/missing", "/missing/sweep", "/figures",
            "/nominations/import", "/nominations/{nomination_id}/replacement",
            "/nominations/{nomination_id}/withdrawal", "/persons"} <= set(spec["paths"])
    upload = spec["paths"]["/nominations/import"]["post"]["requestBody"]["content"]
    assert list(upload) == ["text/csv"]
    person = spec["components"]["schemas"]["Person"]["properties"]
    assert person["email"]["x-personal-data"] and person["phone"]["x-personal-data"]
    assert spec["info"]["title"] == "REVMOD nominations"
    assert client.get("/healthz").json == {"status": "ok"}
    assert client.get("/readyz").status_code == 200
