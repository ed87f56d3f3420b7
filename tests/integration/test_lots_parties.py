"""The States parties as of any date, against PostgreSQL and SQLite: the dates each became
party to each instrument and whether it takes part decide who a draw places and on what;
the shipped list loads with its sources; the history's parties.csv imports once, marked as
history, or is refused whole with file, line, field and reason."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from services.lots.adapters.orm import StatePartyRow
from services.lots.app import create_app
from services.lots.bootstrap import MIGRATIONS as LOTS_MIGRATIONS
from services.lots.cli import main as cli
from services.lots.settings import Settings
from shared.bus.tables import outbox
from shared.clock import FixedClock
from shared.config import REPO_ROOT
from shared.db.migrate import upgrade

NOW = dt.datetime(2023, 3, 1, 9, 0, tzinfo=dt.UTC)
HEADER = ("code,name,regional_group,legal_system,convention_on,trafficking_on,smuggling_on,"
          "firearms_on,takes_part,kept_out_reason\n")
REGIONS = {"A": "african", "E": "eastern_european", "W": "western_european_others"}
BEFORE, START, AFTER = "2004-01-05", "2020-12-01", "2021-06-30"


def party_line(code: str, *, convention=BEFORE, protocols=BEFORE, firearms=BEFORE,
               takes_part="yes", reason="") -> str:
    return (f"{code},State {code},{REGIONS[code[0]]},civil_law,{convention},{protocols},"
            f"{protocols},{firearms},{takes_part},{reason}\n")


#: eight parties in each of three regions; AXL joined the Firearms Protocol after the
#: group's start, WKO is kept out of the reviews, ELT joined the Convention after the start
WORLD = (HEADER + "".join(party_line(f"{r}{c}{c}") for r in REGIONS for c in "BCDEFGH")
         + party_line("AXL", firearms=AFTER)
         + party_line("WKO", takes_part="no", reason="asked not to take part")
         + party_line("ELT", convention=AFTER, protocols="", firearms=""))


@pytest.fixture
def lots(database_url):
    app = create_app(Settings(service="lots", database_url=database_url),
                     clock=FixedClock(NOW))
    upgrade(LOTS_MIGRATIONS, app.extensions["revmod"].engine)
    yield app
    app.extensions["revmod"].engine.dispose()


def send(client, text: str | bytes):
    body = text.encode() if isinstance(text, str) else text
    return client.post("/history/parties", data=body, content_type="text/csv")


def outbox_bodies(app) -> list[dict]:
    with app.extensions["revmod"].engine.connect() as conn:
        return [json.loads(b) for b in conn.scalars(select(outbox.c.body))]


def test_draw_reviews_a_state_only_on_what_it_was_party_to_at_the_start_and_skips_kept_out(lots):
    client = lots.test_client()
    assert send(client, WORLD).status_code == 200
    under_review = ["ABB", "AXL", "ECC", "WDD"]
    group = client.post("/groups", json={"number": 1, "starts_on": START,
                                         "states_under_review": under_review})
    assert group.status_code == 201, group.json
    draw = client.post(f"/groups/{group.json['id']}/draw", json={"seed": "c0ffee00"})
    assert draw.status_code == 201, draw.json
    record = client.get(f"/draws/{draw.json['id']}/export").json
    instruments = {p["code"]: p["instruments"] for p in record["inputs"]["parties"]}
    assert instruments["AXL"] == ["convention", "trafficking", "smuggling"]
    assert instruments["ABB"] == ["convention", "trafficking", "smuggling", "firearms"]
    assert "WKO" not in instruments and "ELT" not in instruments
    reviewed = {p["state_under_review"]: set() for p in draw.json["picks"]}
    for pick in draw.json["picks"]:
        reviewed[pick["state_under_review"]].update(pick["instruments"])
        assert "WKO" not in pick["pool"] and "ELT" not in pick["pool"]
    assert "firearms" not in reviewed["AXL"] and "firearms" in reviewed["ABB"]


def test_group_is_refused_naming_the_state_kept_out_or_not_yet_party_on_its_start(lots):
    client = lots.test_client()
    send(client, WORLD)
    answer = client.post("/groups", json={"number": 1, "starts_on": START,
                                          "states_under_review": ["ABB", "WKO", "ELT"]})
    assert answer.status_code == 422
    [reason] = answer.json["errors"]["states_under_review"]
    assert "WKO is kept out of the country reviews (asked not to take part)" in reason
    assert f"ELT was not yet party to the Convention on {START}" in reason
    later = client.post("/groups", json={"number": 2, "starts_on": "2022-11-01",
                                         "states_under_review": ["ELT"]})
    assert later.status_code == 201


def test_states_as_of_a_date_are_those_party_then_with_the_instruments_of_then(lots):
    client = lots.test_client()
    send(client, WORLD)
    then = {s["code"]: s for s in client.get(f"/states?as_of={START}&page_size=100").json}
    assert "ELT" not in then and then["AXL"]["instruments"] == [
        "convention", "trafficking", "smuggling"]
    assert then["WKO"]["takes_part"] is False
    now = client.get("/states/AXL").json
    assert now["firearms_on"] == AFTER and "firearms" in now["instruments"]
    assert len(client.get("/states?page_size=100").json) == len(then) + 1


def test_party_history_imports_once_marked_as_history_and_again_changes_nothing(lots):
    client = lots.test_client()
    first = send(client, WORLD)
    assert first.json == {"registered": 24, "updated": 0, "unchanged": 0}
    events = outbox_bodies(lots)
    assert len(events) == 24 and all(e["history"] for e in events)
    axl = next(e["payload"] for e in events if e["payload"]["code"] == "AXL")
    assert (axl["firearms_on"], axl["takes_part"]) == (AFTER, True)
    again = send(client, WORLD)
    assert again.json == {"registered": 0, "updated": 0, "unchanged": 24}
    assert len(outbox_bodies(lots)) == 24


def test_bad_parties_file_is_refused_whole_naming_file_line_field_and_reason(lots):
    client = lots.test_client()
    bad = (HEADER + party_line("ABB") + party_line("ACC", firearms="2003-01-01")
           + party_line("WKO", takes_part="no")
           + party_line("EDD", convention="2099-01-01", protocols="", firearms="")
           + party_line("ABB"))
    answer = send(client, bad)
    assert answer.status_code == 422 and answer.content_type == "application/problem+json"
    found = {(p["file"], p["line"], p["field"]) for p in answer.json["problems"]}
    assert found == {("parties.csv", 3, "firearms_on"), ("parties.csv", 4, "kept_out_reason"),
                     ("parties.csv", 5, "convention_on"), ("parties.csv", 6, "code")}
    assert all(p["reason"] for p in answer.json["problems"])
    latin1 = send(client, (HEADER + "ABB,Côte,african,,2004-01-05,,,,yes,\n").encode("latin-1"))
    [problem] = latin1.json["problems"]
    assert (problem["line"], problem["field"]) == (2, "encoding")
    assert problem["reason"].startswith("not UTF-8")
    short = send(client, HEADER.replace(",takes_part", "") + "ABB\n")
    assert [p["field"] for p in short.json["problems"]] == ["takes_part"]
    assert client.get("/states").json == [] and outbox_bodies(lots) == []


def test_shipped_list_loads_with_its_sources_and_a_bad_list_is_refused_whole(
        lots, database_url, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("LOTS_DATABASE_URL", database_url)
    shipped = REPO_ROOT / "deploy" / "data" / "states_parties.csv"
    assert cli(["import-states", str(shipped)]) == 0
    with lots.extensions["revmod"].session_factory() as session:
        rows = session.scalars(select(StatePartyRow).order_by(StatePartyRow.code)).all()
    assert len(rows) >= 190 and all(row.source for row in rows)
    assert {row.confirmed for row in rows} <= {True, False}
    lines = shipped.read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "states.csv"
    broken.write_text("\n".join([lines[0], lines[1].replace(",yes,", ",no,", 1),
                                 lines[2], "XYZ,Nowhere"]) + "\n", encoding="utf-8")
    assert cli(["import-states", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "line 2" in err and "kept_out_reason" in err and "line 4" in err
    assert lots.test_client().get(f"/states/{rows[0].code}").json["takes_part"] is True
