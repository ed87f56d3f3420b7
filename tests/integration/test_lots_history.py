"""The lots part of a history bundle, against PostgreSQL and SQLite: imported whole, its
events marked as history; the same files again change nothing and publish nothing; a bad
part is refused whole with every problem named by file, line, field and reason."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from sqlalchemy import func, select

from services.lots.adapters.draw_history_csv import COLUMNS
from services.lots.adapters.orm import DrawRow, MeetingRow, ReviewGroupRow
from services.lots.cli import main as cli
from shared.bus.tables import outbox
from shared.config import REPO_ROOT
from tests.integration.test_lots_draws import count, make_app

NOW = dt.datetime(2022, 9, 27, 10, 0, tzinfo=dt.UTC)
MEETINGS = """meeting,title,held_on
IRG-2020-10,"Working group, first meeting",2020-10-12
IRG-2021-05,"Working group, second meeting",2021-05-03
"""
GROUPS = "group_number,starts_on,state_code\n" + "".join(
    f"{n},{day},{code}\n" for n, day, codes in (
        (1, "2020-12-01", "ARG AUT BRA DEU"), (2, "2021-11-01", "CHL ESP FRA ITA"),
        (3, "2022-11-01", "GHA KEN"))
    for code in codes.split())
DRAWS = ",".join(COLUMNS["draws.csv"]) + """
1,1,1,IRG-2020-10,2020-10-12,AUT,DEU;BRA,,
1,1,1,IRG-2020-10,2020-10-12,DEU,FRA;ARG,,
1,1,1,IRG-2020-10,2020-10-12,BRA,ARG;ITA,,
1,1,1,IRG-2020-10,2020-10-12,ARG,CHL;ESP,,
2,1,1,IRG-2021-05,2021-05-03,CHL,PER;AUT,,
2,1,1,IRG-2021-05,2021-05-03,ESP,AUT;MEX,,
2,1,1,IRG-2021-05,2021-05-03,FRA,BEL;COL,MEX:firearms,
2,1,1,IRG-2021-05,2021-05-03,ITA,NLD;PER,,
"""
REPETITIONS = ",".join(COLUMNS["repetitions.csv"]) + """
1,1,AUT,BRA,MEX,AUT,IRG-2021-05,2021-05-03,asked by Austria,no
"""
BUNDLE = {"meetings.csv": MEETINGS, "groups.csv": GROUPS, "draws.csv": DRAWS,
          "repetitions.csv": REPETITIONS}


@pytest.fixture
def lots(database_url, amqp_url):
    app = make_app(database_url, amqp_url, clock_at=NOW)
    yield app
    app.extensions["revmod"].engine.dispose()


def send(app, files: dict):
    form = {name: (io.BytesIO(text if isinstance(text, bytes) else text.encode()), name)
            for name, text in files.items()}
    return app.test_client().post("/history/draws", data=form,
                                  content_type="multipart/form-data")


def history_events(app) -> list[tuple[str, bool]]:
    with app.extensions["revmod"].engine.connect() as conn:
        bodies = conn.execute(select(outbox.c.event_type, outbox.c.body)
                              .order_by(outbox.c.id)).all()
    return [(t, json.loads(body)["history"]) for t, body in bodies]


def test_the_lots_part_is_imported_once_and_a_second_time_changes_nothing(lots):
    first = send(lots, BUNDLE)
    assert first.status_code == 200, first.json
    assert {k: first.json[k] for k in ("meetings", "groups", "draws", "repetitions")} == \
        {"meetings": 2, "groups": 3, "draws": 2, "repetitions": 1}
    events = history_events(lots)
    assert [e for e in events if e[0] in ("LotsDrawn", "DrawRepeated")] == \
        [("LotsDrawn", True), ("LotsDrawn", True), ("DrawRepeated", True)]
    client = lots.test_client()
    csv = client.get("/results.csv?as_of=2021-05-02").get_data(as_text=True)
    assert "AUT,Austria,BRA" in csv and not any(line.startswith("2,")
                                                for line in csv.splitlines())
    assert "AUT,Austria,MEX" in client.get("/results.csv?as_of=2021-05-03").get_data(
        as_text=True)
    again = send(lots, BUNDLE)
    assert again.status_code == 200, again.json
    assert (again.json["draws"], again.json["repetitions"], again.json["unchanged"]) == \
        (0, 0, {"meetings": 2, "groups": 1, "draws": 2, "repetitions": 1})
    assert history_events(lots) == events


#: (what the line said, what it says now, the rule): Austria reviewing itself, and Austria
#: and Germany reviewing each other
BREACHES = [("AUT,DEU;BRA", "AUT,AUT;BRA", "no_self_review"),
            ("DEU,FRA;ARG", "DEU,AUT;ARG", "no_mutual_reviews")]


def test_a_draw_breaking_a_rule_is_imported_only_with_its_exception_reason(lots):
    """Each breach refused alone, naming its line; a repetition whose replacement breaks a
    rule too (Brazil's place, of another regional group than Austria's, cannot go to
    France); then the breaches excused by their lines' exception_reason."""
    lines = DRAWS.splitlines()
    for before, after, rule in BREACHES:
        refused = send(lots, {**BUNDLE, "draws.csv": DRAWS.replace(before, after)})
        assert refused.status_code == 422 and refused.mimetype == "application/problem+json"
        line = next(n for n, text in enumerate(lines, start=1) if before in text)
        assert [(p["file"], p["line"], p["field"], p["reason"].split(":")[0])
                for p in refused.json["problems"]] == \
            [("draws.csv", line, "reviewing_states", rule)]
    refused = send(lots, {**BUNDLE, "repetitions.csv": REPETITIONS.replace(
        "AUT,BRA,MEX", "AUT,BRA,FRA")})
    assert [(p["file"], p["line"], p["field"], p["reason"].split(":")[0])
            for p in refused.json["problems"]] == \
        [("repetitions.csv", 2, "replacement", "regional_groups")]
    assert count(lots, DrawRow) == count(lots, MeetingRow) == 0
    excused = DRAWS
    for before, after, _ in BREACHES:
        excused = excused.replace(f"{before},,", f"{after},,agreed at the meeting")
    answer = send(lots, {**BUNDLE, "draws.csv": excused})
    assert answer.status_code == 200, answer.json
    assert answer.json["draws"] == 2


def test_a_bad_part_is_refused_whole_with_every_problem_named(lots):
    bad = {**BUNDLE,
           "meetings.csv": MEETINGS.replace("2021-05-03", "2022-09-28"),
           "groups.csv": GROUPS.replace("group_number,", "group,"),
           "repetitions.csv": REPETITIONS.replace("asked by Austria", "demandé").encode("latin-1")}
    refused = send(lots, bad)
    assert refused.status_code == 422
    where = {(p["file"], p["line"], p["field"]) for p in refused.json["problems"]}
    assert {("meetings.csv", 3, "held_on"), ("groups.csv", 1, "group_number"),
            ("repetitions.csv", 2, "encoding")} <= where
    with lots.extensions["revmod"].session_factory() as session:
        assert session.scalar(select(func.count()).select_from(ReviewGroupRow)) == 0
    assert not any(t in ("LotsDrawn", "DrawRepeated") for t, _ in history_events(lots))


def test_the_command_line_imports_a_bundle_folder(lots, tmp_path, monkeypatch, capsys):
    for name, text in BUNDLE.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    settings = lots.extensions["revmod"].settings
    monkeypatch.setenv("LOTS_DATABASE_URL", settings.database_url)
    (tmp_path / "draws.csv").write_text(DRAWS.replace("AUT,DEU;BRA", "AUT,AUT;BRA"),
                                        encoding="utf-8")
    assert cli(["import-history", str(tmp_path)]) == 1
    assert "draws.csv, line 2, reviewing_states" in capsys.readouterr().err
    assert count(lots, DrawRow) == 0
    (tmp_path / "draws.csv").write_text(DRAWS, encoding="utf-8")
    assert cli(["import-history", str(tmp_path)]) == 0
    assert count(lots, DrawRow) == 2


def test_the_example_bundle_imports_its_lots_part(lots):
    """deploy/data/history-example/, as deploy.import_history sends it: parties, then the
    draws' files, and a second time nothing."""
    example = REPO_ROOT / "deploy" / "data" / "history-example"
    client = lots.test_client()
    parties = client.post("/history/parties", data=(example / "parties.csv").read_bytes(),
                          content_type="text/csv")
    assert parties.status_code == 200, parties.json
    files = {name: (example / name).read_bytes() for name in COLUMNS}
    first = send(lots, files)
    assert first.status_code == 200, first.json
    assert first.json["draws"] >= 3 and first.json["meetings"] == 4
    again = send(lots, files)
    assert (again.json["draws"], again.json["repetitions"]) == (0, 0)
