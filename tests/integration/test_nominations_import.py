"""Importing nominations from CSV (POST /nominations/import and the CLI) against a real
database: all of the file or, with every bad row listed, none of it."""

from __future__ import annotations

import pytest

from services.nominations import cli
from services.nominations.adapters.orm import NominationRow, PersonRow
from shared.bus.tables import outbox
from tests.integration import test_nominations_world as shared_fixtures
from tests.integration.test_nominations_world import (
    STATES,
    count,
    deliver,
    outbox_events,
    party,
    person,
    scheduled,
)

clock, nominations, settings = (shared_fixtures.clock, shared_fixtures.nominations,
                                shared_fixtures.settings)
HEADER = "state_code,role,review_id,name,title,email,phone,gender,languages,nominated_on\n"
GOOD = (HEADER
        + "KEN,focal_point,,A. Otieno,Counsellor,a@ken.example.org,+254 20 1,female,en,\n"
        + "GHA,focal_point,1,K. Mensah,Mr.,k@gha.example.org,,male,en;fr,2020-11-18\n"
        + "GHA,expert,1,E. Boateng,Dr.,e@gha.example.org,,female,,\n"
        + "DEU,observer,2,M. Weber,Ms.,m@deu.example.org,,female,de,\n")


@pytest.fixture
def register(nominations):
    deliver(nominations, *map(party, STATES), scheduled(1, "KEN", ["GHA", "FRA"]),
            scheduled(2, "BRA", ["KEN", "DEU"]))
    return nominations


def upload(app, text, content_type="text/csv"):
    return app.test_client().post("/nominations/import", data=text.encode("utf-8"),
                                  content_type=content_type)


def written(app):
    return [count(app, table) for table in (NominationRow, PersonRow, outbox)]


def test_every_row_is_registered_and_announced_when_the_file_is_good(register):
    answer = upload(register, GOOD.replace(",de,", ",,"))
    assert answer.status_code == 201, answer.json
    assert answer.json == {"rows": 4, "nominations": 5}  # KEN's focal point covers 1 and 2
    assert [e.type for e in outbox_events(register)] == [
        "FocalPointNominated", "FocalPointNominated", "FocalPointNominated",
        "ExpertNominated", "ObserverNominated"]
    ghana = register.test_client().get("/nominations?state_code=GHA&role=focal_point").json
    assert (ghana[0]["nominated_on"], ghana[0]["languages"]) == ("2020-11-18", ["en", "fr"])


def test_file_is_refused_whole_with_every_bad_row_listed_when_rows_are_bad(register):
    assert register.test_client().post("/nominations", json=person("FRA", review_id=1)) \
        .status_code == 201
    before = written(register)
    bad = (GOOD
           + "XYZ,expert,1,Nobody,Mr.,x@xyz.example.org,,male,,\n"          # line 6
           + "KEN,focal_point,1,Second,Mr.,b@ken.example.org,,male,,\n"     # line 7: in file
           + "FRA,focal_point,1,Other,Ms.,o@fra.example.org,,female,,\n"    # line 8: exists
           + "NGA,expert,,N. Obi,Mr.,n@nga.example.org,,male,,\n"           # line 9: no review
           + 'BRA,expert,2,"Line\nBreak",Mr.,l@bra.example.org,,male,,\n'  # line 10
           + "BRA,expert,2,Phone,Mr.,p@bra.example.org,12a,male,,\n")       # line 12
    answer = upload(register, bad)
    assert answer.status_code == 422
    assert answer.content_type == "application/problem+json"
    assert [(e["line"], e["field"]) for e in answer.json["errors"]] == [
        (5, "languages"), (6, "state_code"), (7, "review_id"), (8, "review_id"),
        (9, "review_id"), (10, "name"), (12, "phone")]
    assert all(e["message"] for e in answer.json["errors"])
    assert "nothing was imported" in answer.json["detail"]
    assert written(register) == before


def test_upload_is_refused_naming_the_problem_when_it_is_not_a_utf8_csv(register):
    wrong_type = upload(register, GOOD, content_type="application/json")
    assert wrong_type.status_code == 415
    assert wrong_type.content_type == "application/problem+json"
    latin1 = register.test_client().post(
        "/nominations/import", data=GOOD.replace("Otieno", "Otiéno").encode("latin-1"),
        content_type="text/csv")
    assert latin1.status_code == 422 and "file" in latin1.json["errors"]
    header_only = upload(register, HEADER)
    assert header_only.status_code == 422
    assert [e["field"] for e in header_only.json["errors"]] == ["file"]
    assert written(register) == [0, 0, 0]


def test_cli_imports_the_file_or_lists_every_bad_line_when_asked(register, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD + "XYZ,expert,1,Nobody,Mr.,x@xyz.example.org,,male,,\n", "utf-8")
    assert cli.main(["import-nominations", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "line 5, languages" in err and "line 6, state_code" in err
    assert written(register) == [0, 0, 0]
    good = tmp_path / "good.csv"
    good.write_text("\ufeff" + GOOD.replace(",de,", ",,"), "utf-8")  # with a BOM, as Excel
    assert cli.main(["import-nominations", str(good)]) == 0
    assert "4 rows, 5 nominations" in capsys.readouterr().out
    assert count(register, NominationRow) == 5
