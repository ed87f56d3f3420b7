"""The reviews' part of the history bundle (POST /history/import) on the real databases: a
good part is recorded on its own dates and announced as history, importing it again
changes and publishes nothing, and each kind of bad input is refused whole, naming file,
line and field, with nothing written."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import func, select

from harness.databases import database
from services.reviews import cli
from services.reviews.adapters.orm import PhaseRow, StageChangeRow
from services.reviews.adapters.work_orm import ConsultationRow
from services.reviews.domain import stages as s
from shared.bus.tables import outbox
from tests.unit.reviews.integration_support import (
    at,
    deliver,
    focal_point,
    ids_by_state,
    lots_drawn,
    make_app,
    published,
    review,
)

TODAY = dt.date(2022, 10, 1)
STAGES = """phase,state_under_review,to_stage,on,reason
1,FRA,preliminary_consultation,2020-12-08,
1,FRA,self_assessment,2021-01-10,
1,FRA,written_feedback,2021-06-01,questionnaire received
1,FRA,list_of_observations,2021-12-01,
1,KEN,preliminary_consultation,2020-12-08,
"""
CONSULTATIONS = """phase,state_under_review,held_on,languages,languages_agreed
1,FRA,2021-01-10,en;fr,yes
1,KEN,2021-02-01,,no
"""
DECISIONS = """decided_on,group_number,phase,decision,ends_on,reason
2022-06-01,1,1,extend,2023-06-01,Conference decision 11/1
"""


@pytest.fixture(scope="module", params=["postgres", "sqlite"])
def app(request, tmp_path_factory):
    """Three reviews drawn in December 2020; FRA's and KEN's started by themselves when
    their focal points were nominated on 8 December; DEU's waits. Shared by the module's
    tests: a refused import writes nothing, and the good one is imported twice."""
    with database(request.param, tmp_path_factory.mktemp("reviews")) as url:
        reviews = make_app(url)
        at(reviews, dt.date(2020, 12, 8))
        deliver(reviews, lots_drawn([("FRA", ("DEU", "KEN")), ("DEU", ("KEN", "FRA")),
                                     ("KEN", ("FRA", "DEU"))]))
        ids = ids_by_state(reviews)
        for state_under_review, taking_part in (("FRA", ("FRA", "DEU", "KEN")),
                                                ("KEN", ("KEN", "FRA", "DEU"))):
            for state in taking_part:
                deliver(reviews, focal_point(ids[state_under_review], state,
                                             dt.date(2020, 12, 8)))
        at(reviews, TODAY)
        yield reviews
        reviews.extensions["revmod"].engine.dispose()


def send(app, **files: str | bytes):
    """POST the files (named stages, consultations, decisions) as the secretariat does."""
    data = {f"{name}.csv": (io.BytesIO(body if isinstance(body, bytes) else body.encode()),
                            f"{name}.csv") for name, body in files.items()}
    return app.test_client().post("/history/import", data=data,
                                  content_type="multipart/form-data")


def written(app) -> tuple:
    """What an import can write: outbox rows, stage changes, consultations, phase ends."""
    with app.extensions["revmod"].engine.connect() as conn:
        return tuple(conn.scalar(query) for query in (
            select(func.count()).select_from(outbox),
            select(func.count()).select_from(StageChangeRow),
            select(func.count()).select_from(ConsultationRow),
            select(func.count(PhaseRow.ends_on))))


def report(app, as_of: str) -> dict:
    answer = app.test_client().get(f"/reports/status?as_of={as_of}")
    assert answer.status_code == 200, answer.json
    (group,) = answer.json["groups"]
    return group


BAD = {
    "a stage dated before its predecessor": (
        {"stages": STAGES + "1,FRA,summary,2021-11-01,\n", "consultations": CONSULTATIONS},
        ("stages.csv", 7)),
    "a date in the future": (
        {"stages": "phase,state_under_review,to_stage,on\n1,FRA,summary,2023-01-01\n",
         "consultations": CONSULTATIONS}, ("stages.csv", 2, "on")),
    "a file not in UTF-8": (
        {"stages": STAGES.replace("questionnaire received", "reçu").encode("latin-1"),
         "consultations": CONSULTATIONS}, ("stages.csv", 4, "encoding")),
    "a missing column": (
        {"stages": STAGES, "consultations": CONSULTATIONS.replace(",languages_agreed", "")
         .replace(",yes", "").replace(",no", "")},
        ("consultations.csv", 1, "languages_agreed")),
    "a review not known": (
        {"stages": STAGES + "1,ABW,preliminary_consultation,2020-12-08,\n",
         "consultations": CONSULTATIONS}, ("stages.csv", 7, "state_under_review")),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_the_part_is_refused_whole_naming_the_line_when_it_holds_bad_input(app, case):
    files, (file, line, *field) = BAD[case]
    before, stage = written(app), review(app, ids_by_state(app)["FRA"])["stage"]
    answer = send(app, **files)
    assert answer.status_code == 422, answer.json
    assert answer.mimetype == "application/problem+json"
    named = [(p["file"], p["line"], p["field"]) for p in answer.json["problems"]]
    assert any((f, n) == (file, line) and field in ([], [fd]) for f, n, fd in named), named
    assert all(p["reason"] for p in answer.json["problems"])
    assert written(app) == before
    assert review(app, ids_by_state(app)["FRA"])["stage"] == stage


def test_the_history_is_recorded_on_its_dates_once_when_imported_twice(app):
    answer = send(app, stages=STAGES, consultations=CONSULTATIONS, decisions=DECISIONS)
    assert answer.status_code == 200, answer.json
    assert answer.json == {"stage_changes": 3, "consultations": 2, "decisions": 1,
                           "already_recorded": 2}  # the two starts, by their focal points
    ids = ids_by_state(app)
    assert review(app, ids["FRA"])["stage"] == s.LIST_OF_OBSERVATIONS
    changes = [e for e in published(app, "ReviewStageChanged")
               if e["payload"]["review_id"] == ids["FRA"]][1:]
    assert [(e["payload"]["to_stage"], e["payload"]["on"], e["history"]) for e in changes] == [
        (s.SELF_ASSESSMENT, "2021-01-10", True), (s.WRITTEN_FEEDBACK, "2021-06-01", True),
        (s.LIST_OF_OBSERVATIONS, "2021-12-01", True)]
    assert all(e["occurred_at"].startswith("2022-10-01") for e in changes)  # recorded today
    march = report(app, "2021-03-01")
    assert {stage: n for stage, n in march["stages"].items() if n} == {
        s.WAITING_FOR_NOMINATIONS: 1, s.PRELIMINARY_CONSULTATION: 1, s.SELF_ASSESSMENT: 1}
    assert report(app, "2022-09-30")["end"]["ends_on"] == "2023-06-01"

    before = written(app)
    again = send(app, stages=STAGES, consultations=CONSULTATIONS, decisions=DECISIONS)
    assert again.status_code == 200, again.json
    assert again.json == {"stage_changes": 0, "consultations": 0, "decisions": 0,
                          "already_recorded": 8}
    assert written(app) == before


def test_the_command_line_imports_a_folder_and_names_each_bad_line(app, tmp_path, monkeypatch,
                                                                  capsys):
    monkeypatch.setenv("REVIEWS_DATABASE_URL", app.extensions["revmod"].settings.database_url)
    (tmp_path / "stages.csv").write_text(STAGES + "1,ABW,preliminary_consultation,2020-12-08,\n")
    (tmp_path / "consultations.csv").write_text(CONSULTATIONS)
    before = written(app)
    assert cli.main(["import-history", str(tmp_path)]) == 1
    assert "stages.csv, line 7, state_under_review: no review of ABW" in capsys.readouterr().err
    assert written(app) == before
    (tmp_path / "stages.csv").write_text(STAGES)
    assert cli.main(["import-history", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("history imported: ")
