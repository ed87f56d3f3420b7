"""The nominations part of the history bundle (POST /history/nominations and the CLI)
against the real databases: replayed in the order the facts happened, marked as history,
refused whole with every bad line named, and a second import changing nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from deploy.history_parts import media_type
from services.nominations import cli
from services.nominations.adapters.orm import NominationRow, PersonRow
from shared.bus.tables import outbox
from shared.config import REPO_ROOT
from shared.events import new_event
from tests.integration import test_nominations_world as shared_fixtures
from tests.integration.test_nominations_world import (
    STATES,
    count,
    deliver,
    outbox_events,
    party,
    repeated,
    scheduled,
)

BUNDLE = REPO_ROOT / "deploy" / "data" / "history-example"
clock, nominations, settings = (shared_fixtures.clock, shared_fixtures.nominations,
                                shared_fixtures.settings)
NOMINATIONS = """state_code,role,name,title,email,phone,gender,phase,state_under_review,nominated_on
KEN,focal_point,A. Otieno,Counsellor,a@ken.example.org,,female,,,2020-11-20
GHA,focal_point,K. Mensah,,k@gha.example.org,,male,1,KEN,2020-12-03
FRA,focal_point,M. Durand,,m@fra.example.org,,female,1,KEN,2020-12-05
ITA,focal_point,L. Rossi,,l@ita.example.org,,male,1,KEN,2021-03-10
GHA,focal_point,E. Boateng,,e@gha.example.org,,female,1,KEN,2021-06-01
BRA,expert,J. Silva,Dr.,j@bra.example.org,+55 61 1,,1,BRA,2020-12-10
"""
WITHDRAWALS = """\
state_code,role,email,phase,state_under_review,withdrawn_on,replaced_by_email,reason
GHA,focal_point,k@gha.example.org,1,KEN,2021-06-01,e@gha.example.org,reassigned
BRA,expert,j@bra.example.org,,,2021-02-01,,left the ministry
"""


@pytest.fixture
def world(nominations, clock):
    """Review 1: KEN <- GHA, FRA (FRA replaced by ITA on 1 March 2021); review 2: BRA <-
    KEN, DEU."""
    clock.set(dt.datetime(2022, 9, 30, 9, tzinfo=dt.UTC))
    deliver(nominations, *map(party, STATES),
            scheduled(1, "KEN", ["GHA", "FRA"], drawn_on=dt.date(2020, 11, 2)),
            scheduled(2, "BRA", ["KEN", "DEU"]),
            repeated("KEN", "FRA", "ITA", ["GHA", "ITA"], dt.date(2021, 3, 1)))
    return nominations


def send(app, nominations_csv: bytes, withdrawals_csv: bytes | None = None):
    files = {"nominations.csv": (io.BytesIO(nominations_csv), "nominations.csv")}
    if withdrawals_csv is not None:
        files["withdrawals.csv"] = (io.BytesIO(withdrawals_csv), "withdrawals.csv")
    return app.test_client().post("/history/nominations", data=files,
                                  content_type="multipart/form-data")


def written(app):
    return [count(app, table) for table in (NominationRow, PersonRow, outbox)]


def test_the_past_is_replayed_marked_as_history_and_a_second_import_changes_nothing(
        world, tmp_path, capsys):
    answer = send(world, NOMINATIONS.encode(), WITHDRAWALS.encode())
    assert answer.status_code == 200, answer.json
    assert answer.json == {"lines": 8, "nominations": 7, "withdrawals": 3}
    events = outbox_events(world)
    assert all(e.history for e in events)
    assert [e.type for e in events].count("NominationWithdrawn") == 3  # FRA left with the draw
    client = world.test_client()
    by_email = {n["email"]: n for n in client.get("/nominations?page_size=50").json}
    assert by_email["m@fra.example.org"]["withdrawn_on"] == "2021-03-01"
    assert by_email["k@gha.example.org"]["replaced_by"] == by_email["e@gha.example.org"]["id"]
    ken = client.get("/nominations?state_code=KEN").json
    assert sorted(n["review_id"] for n in ken) == [1, 2]
    figures = client.get("/figures?as_of=2021-01-15").json["totals"]
    assert (figures["focal_points"], figures["experts"]) == (3, 1)
    before = written(world)
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "nominations.csv").write_text(NOMINATIONS)
    (bundle / "withdrawals.csv").write_text(WITHDRAWALS)
    assert cli.main(["import-history", str(bundle)]) == 0
    assert "0 nominations, 0 withdrawals" in capsys.readouterr().out
    assert send(world, NOMINATIONS.encode(), WITHDRAWALS.encode()).json["nominations"] == 0
    assert written(world) == before


def test_the_part_is_refused_whole_with_every_bad_line_named(world):
    deliver(world, new_event("StatePartyUpdated", {
        "code": "BRA", "name": "Brazil", "regional_group": STATES["BRA"],
        "legal_system": None, "instruments": ["convention"],
        "convention_on": dt.date(2021, 1, 1)}, dt.datetime.now(dt.UTC)))
    bad = NOMINATIONS + "\n".join([
        "DEU,focal_point,X,,x@deu.example.org,,male,1,KEN,2020-12-03",
        "GHA,expert,Y,,y@gha.example.org,,male,1,KEN,2022-10-01",
        "KEN,observer,Z,,z@ken.example.org,,male,7,KEN,2020-12-03",
        "GHA,expert,W,,w@gha.example.org,,robot,1,KEN,2020-12-03"]) + "\n"
    answer = send(world, bad.encode(), "reason,withdrawn_on\né,2021-01-01\n".encode("latin-1"))
    assert answer.status_code == 422
    assert answer.content_type == "application/problem+json"
    found = {(p["file"], p["line"], p["field"]) for p in answer.json["problems"]}
    assert found == {
        ("nominations.csv", 6, "state_under_review"),    # GHA's focal point never left
        ("nominations.csv", 7, "state_code"),            # BRA not yet a party
        ("nominations.csv", 8, "state_under_review"),    # DEU not in KEN's review
        ("nominations.csv", 9, "nominated_on"),          # in the future
        ("nominations.csv", 10, "state_under_review"),   # no such review
        ("nominations.csv", 11, "gender"),
        ("withdrawals.csv", 2, "encoding"),
    }
    assert all(p["reason"] for p in answer.json["problems"])
    assert written(world) == [0, 0, 0]


def test_a_missing_column_refuses_the_file(world):
    answer = send(world, NOMINATIONS.replace(",nominated_on", "").encode())
    assert answer.status_code == 422
    assert {(p["file"], p["line"], p["field"]) for p in answer.json["problems"]} >= {
        ("nominations.csv", 1, "nominated_on")}
    assert written(world) == [0, 0, 0]


def example_world(app) -> None:
    """What the lots and reviews parts of the example bundle tell the nominations service:
    its parties, the reviews drawn (ReviewScheduled) and the repetitions (DrawRepeated)."""
    rows = {name: list(csv.DictReader((BUNDLE / f"{name}.csv").open(encoding="utf-8")))
            for name in ("parties", "groups", "draws", "repetitions")}
    now = dt.datetime.now(dt.UTC)
    starts = {g["group_number"]: dt.date.fromisoformat(g["starts_on"]) for g in rows["groups"]}
    events = [new_event("StatePartyRegistered", {
        "code": p["code"], "name": p["name"], "regional_group": p["regional_group"] or None,
        "legal_system": None, "instruments": ["convention"],
        "convention_on": dt.date.fromisoformat(p["convention_on"])}, now)
        for p in rows["parties"]]
    for review_id, d in enumerate(rows["draws"], start=1):
        extra = [a.split(":")[0] for a in d["additional_reviewers"].split(";") if a]
        events.append(new_event("ReviewScheduled", {
            "review_id": review_id, "draw_id": int(d["group_number"]),
            "group_number": int(d["group_number"]), "phase": int(d["phase"]), "cluster": 1,
            "state_under_review": d["state_under_review"],
            "reviewing_states": d["reviewing_states"].split(";") + extra,
            "starts_on": starts[d["group_number"]], "stage": "waiting_for_nominations",
            "drawn_on": dt.date.fromisoformat(d["drawn_on"])}, now))
    events += [new_event("DrawRepeated", {
        "draw_id": int(r["group_number"]), "group_number": int(r["group_number"]),
        "phase": int(r["phase"]), "state_under_review": r["state_under_review"],
        "replaced": r["replaced"], "replacement": r["replacement"], "reviewing_states": [],
        "requested_by": r["requested_by"], "reason": r["reason"] or None,
        "exceptional": r["exceptional"] == "yes", "repetition": 1,
        "repeated_on": dt.date.fromisoformat(r["repeated_on"])}, now)
        for r in rows["repetitions"]]
    deliver(app, *events)


def test_the_example_bundle_s_nominations_part_imports_once(nominations, clock):
    clock.set(dt.datetime(2022, 9, 30, 9, tzinfo=dt.UTC))
    example_world(nominations)
    files = [(BUNDLE / name).read_bytes() for name in ("nominations.csv", "withdrawals.csv")]
    answer = send(nominations, *files)
    assert answer.status_code == 200, answer.json
    assert answer.json["nominations"] >= 89 and answer.json["withdrawals"] >= 1
    before = written(nominations)
    assert send(nominations, *files).json == {**answer.json, "nominations": 0,
                                               "withdrawals": 0}
    assert written(nominations) == before


def test_the_part_is_described_in_the_openapi_as_the_import_command_sends_it(nominations):
    spec = nominations.test_client().get("/openapi.json").json
    assert media_type(spec, "/history/nominations") == "multipart/form-data"
    body = spec["paths"]["/history/nominations"]["post"]["requestBody"]["content"]
    assert set(body["multipart/form-data"]["schema"]["properties"]) == {
        "nominations.csv", "withdrawals.csv"}
    assert "/persons/{person_id}/withdrawal" in spec["paths"]
