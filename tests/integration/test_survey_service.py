"""The survey service against its real database (PostgreSQL and SQLite): a survey written,
opened, answered and closed over the API; who may see and give answers; every bad answer
refused with the field named and nothing written; the results' figures on a made-up
population, per regional group and as of a day, with counts under three hidden, as JSON,
CSV and HTML, and the same counts as the one-query baseline."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from harness.waiting import eventually, running
from services.survey.adapters.orm import PersonRow, ResponseRow
from services.survey.adapters.results_baseline import choice_counts
from services.survey.app import create_app
from services.survey.bootstrap import migrate
from services.survey.handlers.copies import event_handlers
from services.survey.settings import Settings
from services.survey.worker import build_parts
from shared.bus.tables import outbox
from shared.clock import FixedClock
from shared.events import new_event
from tests.support.benchmarks import figures_of
from tests.support.clients import bearer
from tests.support.event_samples import SAMPLES

NOW = dt.datetime(2021, 1, 11, 9, tzinfo=dt.UTC)
DEADLINE = "2021-02-26"
GROUPS = {"african": ["NGA", "KEN", "EGY", "GHA"], "asia_pacific": ["JPN", "IND", "IDN"],
          "eastern_european": ["POL", "CZE"], "western_european_others": ["AUT", "DEU", "FRA"]}
SURVEY = {"title": "Technical assistance needs", "questions": [
    {"kind": "single", "text": "Do you need assistance on REVMOD?", "required": True,
     "options": [{"label": "Yes", "statement": "requested assistance on the operation of "
                                               "REVMOD"}, {"label": "No"}]},
    {"kind": "multiple", "text": "Training on what?",
     "options": [{"label": "Questionnaire"}, {"label": "Country visits"}]},
    {"kind": "text", "text": "Anything else?"}]}


@pytest.fixture
def service(database_url):
    clock = FixedClock(NOW)
    app = create_app(Settings(service="survey", database_url=database_url), clock)
    ctx = app.extensions["revmod"]
    migrate(ctx)
    handlers = event_handlers(ctx)
    with ctx.uow() as uow:
        for group, codes in GROUPS.items():
            for code in codes:
                handlers["StatePartyRegistered"](uow, new_event("StatePartyRegistered", {
                    **SAMPLES["StatePartyRegistered"], "code": code, "regional_group": group},
                    NOW))
        handlers["FocalPointNominated"](uow, new_event("FocalPointNominated", {
            **SAMPLES["FocalPointNominated"], "state_code": "AUT"}, NOW))
    yield app.test_client(), ctx, clock
    ctx.engine.dispose()


def opened(client, states=None) -> dict:
    survey = client.post("/surveys", json=SURVEY).get_json()
    states = states or [c for codes in GROUPS.values() for c in codes]
    answer = client.post(f"/surveys/{survey['id']}/open",
                         json={"states": states, "deadline": DEADLINE})
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def ids(survey: dict) -> tuple[int, list[int], int, list[int], int]:
    single, multiple, text = survey["questions"]
    return (single["id"], [o["id"] for o in single["options"]], multiple["id"],
            [o["id"] for o in multiple["options"]], text["id"])


def answer(client, survey, state, parts, role="focal_point"):
    return client.put(f"/surveys/{survey['id']}/answers/{state}", json={"answers": parts},
                      headers=bearer(role, state))


def events(ctx, event_type):
    with ctx.engine.connect() as conn:
        return [json.loads(b)["payload"] for b in conn.scalars(
            select(outbox.c.body).where(outbox.c.event_type == event_type)
            .order_by(outbox.c.id))]


def persons(ctx) -> int:
    with ctx.session_factory() as session:
        return session.scalar(select(func.count()).select_from(PersonRow))


def responses(ctx) -> int:
    with ctx.session_factory() as session:
        return session.scalar(select(func.count()).select_from(ResponseRow))


def test_a_state_answers_again_and_the_history_keeps_both_when_a_survey_runs(service):
    client, ctx, clock = service
    survey = opened(client, ["AUT", "DEU"])
    single, (yes, no), multiple, (quest, visits), text = ids(survey)
    [invited] = events(ctx, "SurveyOpened")
    assert invited["states"] == ["AUT", "DEU"] and invited["invitees"][0]["state_code"] == "AUT"
    first = answer(client, survey, "AUT", [{"question_id": single, "option_ids": [yes]}])
    assert first.status_code == 200, first.get_json()
    clock.advance(days=3)
    again = answer(client, survey, "AUT", [{"question_id": single, "option_ids": [no]},
                                           {"question_id": text, "text": "data"}], "expert")
    assert again.get_json()["answers"][0]["option_ids"] == [no]
    history = client.get(f"/surveys/{survey['id']}/answers/AUT/history",
                         headers=bearer("observer", "AUT")).get_json()
    assert [h["replaced_at"] is None for h in history] == [False, True]
    assert [(e["replaces"], e["state_code"]) for e in events(ctx, "SurveyAnswered")] == [
        (None, "AUT"), (history[0]["id"], "AUT")]
    closed = client.post(f"/surveys/{survey['id']}/close")
    assert closed.get_json()["status"] == "closed"
    assert events(ctx, "SurveyClosed")[0]["states_answered"] == 1


def test_answers_are_seen_by_their_state_and_the_secretariat_only_when_asked(service):
    client, ctx, _ = service
    survey = opened(client, ["AUT", "DEU"])
    single, (yes, _), *_ = ids(survey)
    answer(client, survey, "AUT", [{"question_id": single, "option_ids": [yes]}])
    url = f"/surveys/{survey['id']}/answers/AUT"
    assert client.get(url).status_code == 200
    assert client.get(url, headers=bearer("observer", "AUT")).status_code == 200
    assert client.get(url, headers=bearer("expert", "DEU")).status_code == 403
    assert answer(client, survey, "AUT", [{"question_id": single, "option_ids": [yes]}],
                  "observer").status_code == 403
    assert answer(client, survey, "AUT", [{"question_id": single, "option_ids": [yes]}],
                  "expert").status_code == 200
    refused = client.put(url, json={"answers": [{"question_id": single, "option_ids": [yes]}]},
                         headers=bearer("focal_point", "DEU"))
    assert refused.status_code == 403 and "state_code" in refused.get_json()["errors"]
    for role, state in (("focal_point", "AUT"), ("observer", "AUT")):
        results = client.get(f"/surveys/{survey['id']}/results", headers=bearer(role, state))
        assert results.status_code == 403
    assert client.get(f"/surveys/{survey['id']}", headers=bearer("expert", "BRA")).status_code \
        == 404
    assert client.get(f"/surveys/{survey['id']}", headers=bearer("expert", "DEU")).get_json()[
        "states"] == ["DEU"]
    assert [s["id"] for s in client.get("/surveys", headers=bearer("observer", "DEU"))
            .get_json()] == [survey["id"]]


def test_a_bad_answer_names_its_field_and_changes_nothing_when_refused(service):
    client, ctx, clock = service
    survey = opened(client)
    single, (yes, _), _, _, text = ids(survey)
    good = [{"question_id": single, "option_ids": [yes]}]
    cases = [
        ("BRA", good, "state_code"),
        ("AUT", [{"question_id": 999999, "option_ids": [yes]}], "answers.0.question_id"),
        ("AUT", [{"question_id": single, "option_ids": [999999]}], "answers.0.option_ids"),
        ("AUT", [*good, {"question_id": text, "text": "x" * 5000}], "answers"),
        ("AUT", good, "deadline"),
    ]
    for state, parts, field in cases:
        if field == "deadline":
            clock.advance(days=60)
        refused = client.put(f"/surveys/{survey['id']}/answers/{state}", json={"answers": parts})
        assert refused.status_code == 422, field
        assert refused.mimetype == "application/problem+json"
        assert field in json.dumps(refused.get_json()["errors"]), refused.get_json()
    assert responses(ctx) == 0 and events(ctx, "SurveyAnswered") == []


def test_an_oversized_answer_is_refused_whole_when_sent(service):
    client, ctx, _ = service
    survey = opened(client)
    single, (yes, _), *_ = ids(survey)
    huge = {"answers": [{"question_id": single, "option_ids": [yes], "text": "x" * 3_000_000}]}
    refused = client.put(f"/surveys/{survey['id']}/answers/AUT", json=huge)
    assert refused.status_code == 413 and responses(ctx) == 0
    many = {"answers": [{"question_id": single, "option_ids": [yes]}] * 500}
    assert client.put(f"/surveys/{survey['id']}/answers/AUT", json=many).status_code == 422


def test_results_state_counts_per_cents_and_groups_and_hide_counts_under_three(service):
    """12 States invited; 9 answer: every African and Western European State and two Asian
    and Pacific ones (too few to show), no Eastern European one. Seven ask for help on
    REVMOD; the next day Nigeria answers again, no, and leaves the training question out."""
    client, ctx, clock = service
    survey = opened(client)
    single, (yes, no), multiple, (quest, visits), text = ids(survey)
    answering = GROUPS["african"] + GROUPS["western_european_others"] + ["JPN", "IND"]
    for i, state in enumerate(answering):
        parts = [{"question_id": single, "option_ids": [yes if i < 7 else no]},
                 {"question_id": multiple, "option_ids": [quest, visits] if i < 2 else [quest]}]
        assert answer(client, survey, state, parts).status_code == 200
    clock.advance(days=1)
    answer(client, survey, "NGA", [{"question_id": single, "option_ids": [no]}])
    url = f"/surveys/{survey['id']}/results"
    found = client.get(url).get_json()
    assert (found["states_invited"], found["states_answered"]) == (12, 9)
    assert found["summary"] == \
        "Responses were received from 9 States parties across 3 of the 5 regional groups"
    first, second, third = found["questions"]
    assert [(o["states"], o["per_cent"]) for o in first["options"]] == [(6, 66.7), (3, 33.3)]
    assert first["options"][0]["sentence"] == \
        "66.7 per cent of States requested assistance on the operation of REVMOD"
    assert [(o["states"], o["per_cent"], o["hidden"]) for o in second["options"]] == [
        (8, 100.0, False), (None, None, True)]
    assert second["states_answered"] == 8 and third["states_answered"] is None
    groups = {g["regional_group"]: g for g in first["by_regional_group"]}
    # Africa: 3 of 4 said yes; shown beside its 4, they would give its one "no" away
    assert groups["african"]["states_answered"] == 4
    assert [(o["states"], o["per_cent"]) for o in groups["african"]["options"]] == [
        (None, None), (None, None)]
    # 9 for all less Africa's 4 would give Asia and the Pacific's 2 with Western Europe's 3
    assert groups["western_european_others"]["states_answered"] is None
    assert groups["asia_pacific"]["states_answered"] is None
    assert groups["eastern_european"]["states_answered"] is None
    before = client.get(url, query_string={"as_of": NOW.date().isoformat()}).get_json()
    # the day before: 7 yes of 9 would give the 2 who said no away, so both are hidden
    assert [o["states"] for o in before["questions"][0]["options"]] == [None, None]
    assert before["questions"][0]["states_answered"] == 9
    with ctx.session_factory() as session:
        counts = choice_counts(session, survey["id"], NOW.date())
    assert sum(n for (_, o, _), n in counts.items() if o == yes) == 7
    assert counts[(single, yes, "african")] == 4
    text_csv = client.get(url + ".csv").get_data(as_text=True)
    assert f"{single},Do you need assistance on REVMOD?,{yes},Yes,all,9,6,66.7" in text_csv
    assert f",{visits},Country visits,all,8,,\r\n" in text_csv
    page = client.get(url + ".html").get_data(as_text=True)
    assert "66.7 per cent of States requested assistance on the operation of REVMOD" in page
    for state in answering:
        assert state not in page and state not in text_csv and state not in json.dumps(found)


def test_the_worker_keeps_its_copies_from_the_bus_and_relays_the_opening(
        postgres_url, amqp_url, bus):
    """On the real broker: the States and the focal points heard from lots and nominations
    become the invitees of an opening, which the relay publishes as SurveyOpened."""
    settings = Settings(service="survey", database_url=postgres_url, amqp_url=amqp_url)
    app = create_app(settings, FixedClock(NOW))
    ctx, client = app.extensions["revmod"], app.test_client()
    migrate(ctx)
    survey = client.post("/surveys", json=SURVEY).get_json()
    opening = {"states": ["AUT"], "deadline": DEADLINE}
    with running(build_parts(settings)):
        bus.publish(new_event("StatePartyRegistered", {
            **SAMPLES["StatePartyRegistered"], "code": "AUT"}, NOW))
        bus.publish(new_event("FocalPointNominated", {
            **SAMPLES["FocalPointNominated"], "state_code": "AUT",
            "email": "fp@gov.example.org"}, NOW))
        bus.publish(new_event("NominationWithdrawn", {
            **SAMPLES["NominationWithdrawn"], "nomination_id": 99}, NOW))
        eventually(lambda: persons(ctx) == 1)
        answer = client.post(f"/surveys/{survey['id']}/open", json=opening)
        assert answer.get_json()["states"] == ["AUT"]
        opened = [m for m in bus.received(until=lambda ms: any(
            m["type"] == "SurveyOpened" for m in ms)) if m["type"] == "SurveyOpened"]
    assert [i["email"] for i in opened[0]["payload"]["invitees"]] == ["fp@gov.example.org"]
    ctx.engine.dispose()


def test_the_survey_benchmark_prints_its_figures_beside_their_baseline_when_run_small():
    figures = figures_of("survey.py", "--states", "12", "--respondents", "2", "--runs", "2")
    assert {"results_12_states", "results_12_states_baseline",
            "results_12_states_ratio"} <= set(figures)
