"""The questionnaire by cluster, instrument and article (issue 19, items 1 and 2), on the
real databases: the questions a State answers follow the instruments it was party to when
its review started and the bank version the review started with; answers keep their
versions and stay drafts, unseen by the reviewing States, until sent; feedback and replies
go per question; every bad request is a 4xx naming the field and changes nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from services.reviews import cli
from services.reviews.adapters.question_bank import SHIPPED
from services.reviews.domain import stages as s
from shared.events import new_event
from tests.support.clients import bearer
from tests.support.event_samples import PARTY
from tests.unit.reviews.integration_support import (
    NOW,
    START,
    at,
    call,
    deliver,
    focal_point,
    ids_by_state,
    lots_drawn,
    make_app,
    published,
    question_ids,
    refused,
    walk,
)

DAY = dt.date(2021, 1, 10)
AUT = {"actor": "Ministry of Justice", "actor_state": "AUT"}
DEU = {"actor": "Reviewer", "actor_state": "DEU"}


def party(code: str, **since) -> object:
    """A party to the Convention and to the Protocols named, since the days given."""
    fields = {f"{i}_on": since.get(i) for i in ("trafficking", "smuggling", "firearms")}
    return new_event("StatePartyRegistered", {
        **PARTY, "code": code, "instruments": ["convention", *since], **fields}, NOW)


@pytest.fixture
def app(database_url):
    app = make_app(database_url)
    # Austria: trafficking and smuggling before its review's start, firearms only after
    deliver(app, party("AUT", trafficking=dt.date(2005, 11, 15),
                       smuggling=dt.date(2007, 11, 30), firearms=dt.date(2021, 6, 1)))
    deliver(app, lots_drawn([("AUT", ["DEU", "BRA"]), ("FRA", ["KEN", "JPN"])]))
    ids = ids_by_state(app)
    for state in ("AUT", "DEU", "BRA"):
        deliver(app, focal_point(ids["AUT"], state, START))
    walk(app, ids["AUT"], s.SELF_ASSESSMENT, DAY)
    yield app
    app.extensions["revmod"].engine.dispose()


def questionnaire(app, review_id: int, headers: dict | None = None) -> dict:
    return app.test_client().get(f"/reviews/{review_id}/questionnaire", headers=headers).json


def test_state_party_to_two_protocols_answers_the_convention_and_those_two(app):
    aut = ids_by_state(app)["AUT"]
    shown = questionnaire(app, aut)
    assert (shown["cluster"], shown["version"], shown["fixed"]) == (1, 1, False)
    assert shown["instruments"] == ["convention", "trafficking", "smuggling"]
    bank = json.loads((SHIPPED / "cluster_1.json").read_text())
    expected = [q["id"] for a in bank["articles"] if a["instrument"] != "firearms"
                for q in a["questions"]]
    assert [q["question_id"] for q in shown["questions"]] == expected
    first = shown["questions"][0]
    assert (first["article"], first["cites"]) == ("5", "Convention, art. 5 (1) (a) (i) and (ii)")
    # France: no copy of its parties yet, the Convention alone
    fra = questionnaire(app, ids_by_state(app)["FRA"])
    assert {q["instrument"] for q in fra["questions"]} == {"convention"}


def test_review_keeps_the_bank_version_it_started_with_when_a_new_one_is_loaded(
        app, tmp_path, monkeypatch, capsys):
    ids = ids_by_state(app)
    call(app, "put", f"/reviews/{ids['AUT']}/questionnaire/answers/c1-conv-5-a", **AUT,
         answer="Section 278 of the penal code.")
    monkeypatch.setenv("REVIEWS_DATABASE_URL", app.extensions["revmod"].settings.database_url)
    bank = json.loads((SHIPPED / "cluster_1.json").read_text())
    bank["version"] = 2
    bank["articles"][0]["questions"][0]["text"] = "Rewritten for version 2."
    (tmp_path / "cluster_1.json").write_text(json.dumps(bank))
    assert cli.main(["load-questions", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "cluster 1 version 2: loaded (17 questions)\n"
    kept = questionnaire(app, ids["AUT"])
    assert (kept["version"], kept["fixed"]) == (1, True)
    assert questionnaire(app, ids["FRA"])["version"] == 2  # not started: the newest
    bank["articles"][0]["questions"][0]["text"] = "Changed again, same version."
    (tmp_path / "cluster_1.json").write_text(json.dumps(bank))
    (tmp_path / "cluster_4.json").write_text(json.dumps({**bank, "cluster": 4, "version": 0}))
    assert cli.main(["load-questions", str(tmp_path)]) == 1
    assert "cluster_4.json: version: must be a whole number from 1" in capsys.readouterr().err
    (tmp_path / "cluster_4.json").unlink()
    assert cli.main(["load-questions", str(tmp_path)]) == 1
    assert "version 2 is already loaded with other questions" in capsys.readouterr().err
    assert questionnaire(app, ids["FRA"])["questions"][0]["text"] == "Rewritten for version 2."


def test_answers_keep_versions_and_reach_the_reviewers_only_once_submitted(app):
    aut = ids_by_state(app)["AUT"]
    path = f"/reviews/{aut}/questionnaire/answers/c1-tip-5-a"
    law = {"title": "Criminal Code", "provision": "art. 104a",
           "link": "https://ris.example.org/stgb/104a"}
    call(app, "put", path, **AUT, answer="Draft.")
    versions = call(app, "put", path, **AUT, answer="Article 104a covers all three elements.",
                    legislation=[law], cases=[{"reference": "OGH 12 Os 1/19"}])
    assert [(v["version"], v["status"]) for v in versions] == [(1, "draft"), (2, "draft")]
    assert versions[1]["legislation"] == [law]
    reviewer = bearer("focal_point", "DEU")
    assert app.test_client().get(path, headers=reviewer).json == []
    problem = refused(app, "post", f"/reviews/{aut}/questionnaire/submit", 422, "answers",
                      **AUT)
    assert "c1-conv-5-a" in problem["detail"] and "c1-tip-5-a" not in problem["detail"]
    for question_id in question_ids(app, aut):
        if question_id != "c1-tip-5-a":
            call(app, "put", f"/reviews/{aut}/questionnaire/answers/{question_id}", **AUT,
                 answer="Yes.")
    assert call(app, "post", f"/reviews/{aut}/questionnaire/submit", **AUT)["stage"] == \
        s.WRITTEN_FEEDBACK
    seen = app.test_client().get(path, headers=reviewer).json
    assert [(v["version"], v["status"]) for v in seen] == [(2, "submitted")]
    (sent,) = [e["payload"] for e in published(app, "QuestionnaireSubmitted")]
    assert (sent["instruments"], sent["answers"], sent["bank_version"]) == (
        ["convention", "trafficking", "smuggling"], 15, 1)


def test_feedback_and_replies_go_per_question_and_bad_ones_change_nothing(app):
    aut = ids_by_state(app)["AUT"]
    walk(app, aut, s.WRITTEN_FEEDBACK, DAY)
    base = f"/reviews/{aut}/questionnaire"
    feedback = {"kind": "comment", "text": "Noted."}
    at(app, DAY + dt.timedelta(days=5))
    # not before the questionnaire was sent (on DAY), not after today
    for day in (DAY - dt.timedelta(days=1), DAY + dt.timedelta(days=6)):
        refused(app, "post", f"{base}/answers/c1-som-6-a/feedback", 422, "on", **DEU,
                **feedback, on=day.isoformat())
    given = call(app, "post", f"{base}/answers/c1-som-6-a/feedback", 201, **DEU,
                 kind="clarification_request", text="Does the offence require a benefit?",
                 on=(DAY + dt.timedelta(days=2)).isoformat())
    item = given[0]["id"]
    refused(app, "post", f"{base}/feedback/{item}/replies", 422, "on", **AUT, text="Yes.",
            on=(DAY + dt.timedelta(days=1)).isoformat())  # before the feedback it answers
    replied = call(app, "post", f"{base}/feedback/{item}/replies", 201, **AUT,
                   text="Yes: a financial or other material benefit.")
    assert [(f["question_id"], f["state_code"], len(f["replies"])) for f in replied] == [
        ("c1-som-6-a", "DEU", 1)]
    assert (replied[0]["given_on"], replied[0]["replies"][0]["written_on"]) == (
        "2021-01-12", "2021-01-15")
    (event,) = [e["payload"] for e in published(app, "FeedbackGiven")]
    assert (event["question_id"], event["kind"], event["reviewing_state"],
            event["given_on"]) == ("c1-som-6-a", "clarification_request", "DEU", "2021-01-12")
    refused(app, "post", f"{base}/answers/c1-som-6-a/feedback", 422, "actor_state",
            actor="Reviewer", actor_state="KEN", **feedback)
    refused(app, "post", f"{base}/answers/c1-fa-5-a/feedback", 422, "question_id", **DEU,
            **feedback)
    refused(app, "post", f"{base}/answers/c1-som-6-a/feedback", 422, "kind", **DEU,
            kind="praise", text="Good.")
    refused(app, "post", f"{base}/feedback/{item}/replies", 422, "actor_state", **DEU,
            text="We reply for Austria.")
    refused(app, "post", f"{base}/feedback/999/replies", 404, "feedback_id", **AUT, text="?")


def test_oversized_or_misplaced_answers_are_refused_naming_the_field(app):
    aut = ids_by_state(app)["AUT"]
    base = f"/reviews/{aut}/questionnaire/answers"
    refused(app, "put", f"{base}/c1-fa-5-a", 422, "question_id", **AUT, answer="Firearms.")
    refused(app, "put", f"{base}/c1-conv-5-a", 422, "on", **AUT, answer="Yes.",
            on="2099-01-01")
    call(app, "put", f"{base}/c1-conv-5-a", **AUT, answer="Yes.", on="2021-01-09")
    refused(app, "put", f"{base}/c1-conv-5-a", 422, "on", **AUT, answer="Yes, art. 278.",
            on="2021-01-08")  # before the answer's previous version
    [first] = call(app, "get", f"{base}/c1-conv-5-a")
    assert (first["written_on"], first["written_at"][:10]) == ("2021-01-09", "2021-01-10")
    refused(app, "put", f"{base}/c1-conv-5-a", 422, "answer", **AUT, answer="x" * 50_001)
    law = {"title": "Code", "provision": "art. 1"}
    refused(app, "put", f"{base}/c1-conv-5-a", 422, "legislation", **AUT, answer="Yes.",
            legislation=[law] * 51)
    refused(app, "put", f"{base}/c1-conv-5-a", 422, "legislation", **AUT, answer="Yes.",
            legislation=[{**law, "link": "javascript:alert(1)"}])
    huge = app.test_client().put(f"{base}/c1-conv-5-a",
                                 json={**AUT, "answer": "y" * (3 * 1024 * 1024)})
    assert huge.status_code == 413
