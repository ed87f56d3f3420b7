"""The lists of observations per article on the real databases: drafted by a reviewing
State, agreed by the State under review, adopted on its day, each version kept, and
`ObservationsAdopted` in the outbox; each bad input refused naming its field with nothing
changed; only the review's States and the secretariat see the lists."""

from __future__ import annotations

import datetime as dt

import pytest

from services.reviews.domain import stages as s
from tests.integration.test_reviews_guards import refused
from tests.support.clients import bearer
from tests.unit.reviews.integration_support import (
    SECRETARIAT,
    START,
    deliver,
    ids_by_state,
    lots_drawn,
    make_app,
    nominate_all,
    published,
    walk,
)

DAY = dt.date(2021, 3, 1)
DEU, FRA = bearer("focal_point", "DEU", "fp-deu"), bearer("focal_point", "FRA", "fp-fra")
ARTICLE = {"instrument": "convention", "article": "5", "successes": ["A special unit."],
           "challenges": ["Few convictions."],
           "needs": [{"category": "capacity_building", "text": "Training of prosecutors."}]}


@pytest.fixture
def review_app(database_url):
    app = make_app(database_url)
    deliver(app, lots_drawn([("FRA", ["DEU", "KEN"]), ("BRA", ["ARG", "JPN"])]))
    fra = ids_by_state(app)["FRA"]
    nominate_all(app, fra, START)
    walk(app, fra, s.LIST_OF_OBSERVATIONS, DAY)
    yield app, fra
    app.extensions["revmod"].engine.dispose()


def post(app, path, headers, expect, **body):
    answer = app.test_client().post(path, json=body, headers=headers)
    assert answer.status_code == expect, answer.json
    return answer.json


def test_list_is_drafted_agreed_and_adopted_with_versions_kept_and_announced(review_app):
    app, fra = review_app
    lists = f"/reviews/{fra}/observation-lists"
    post(app, lists, DEU, 201, articles=[ARTICLE])
    versions = post(app, lists, DEU, 201, articles=[ARTICLE, {
        "instrument": "convention", "article": "23", "challenges": ["No witness scheme."]}])
    assert [v["status"] for v in versions] == ["drafted", "drafted"]
    post(app, f"{lists}/2/agree", FRA, 200, good_practices_public=True, on="2021-03-01")
    versions = post(app, f"{lists}/2/adopt", {}, 200, on="2021-03-01", **SECRETARIAT)
    latest = versions[-1]
    assert (latest["status"], latest["adopted_on"], latest["agreed_on"]) == (
        "adopted", "2021-03-01", "2021-03-01")
    assert latest["good_practices_public"] is True and latest["adopted_at"]
    assert [a["article"] for a in latest["articles"]] == ["5", "23"]
    assert versions[0]["articles"][0]["items"][2] == {
        "kind": "need", "category": "capacity_building", "text": "Training of prosecutors."}
    [event] = published(app, "ObservationsAdopted")
    assert event["payload"]["version"] == 2 and event["payload"]["adopted_on"] == "2021-03-01"
    assert event["payload"]["articles"] == ["convention 23", "convention 5"]


def test_bad_drafts_agreements_and_adoptions_are_refused_naming_the_field(review_app):
    app, fra = review_app
    lists = f"/reviews/{fra}/observation-lists"
    outside = {**ARTICLE, "article": "12"}
    unknown = {**ARTICLE, "needs": [{"category": "weather", "text": "Rain."}]}
    refused(app, "post", lists, 422, "articles[0].article", articles=[outside],
            actor="R", actor_state="DEU")
    protocol = {**ARTICLE, "instrument": "trafficking"}  # FRA is party to no Protocol here
    refused(app, "post", lists, 422, "articles[1].article", articles=[ARTICLE, protocol],
            actor="R", actor_state="DEU")
    refused(app, "post", lists, 422, "articles[0].needs[0].category", articles=[unknown],
            actor="R", actor_state="DEU")
    refused(app, "post", lists, 422, "actor_state", articles=[ARTICLE], actor="R",
            actor_state="FRA")
    refused(app, "post", lists, 422, "articles",
            articles=[ARTICLE] * 201, actor="R", actor_state="DEU")
    refused(app, "post", lists, 422, "articles",
            articles=[{**ARTICLE, "challenges": ["x" * 4001]}], actor="R", actor_state="DEU")
    refused(app, "post", f"{lists}/1/agree", 409, "version", good_practices_public=True,
            actor="R", actor_state="FRA")
    refused(app, "post", lists, 422, "on", articles=[ARTICLE], actor="R", actor_state="DEU",
            on="2021-02-28")  # before the review reached the list of observations
    post(app, lists, DEU, 201, articles=[ARTICLE])
    refused(app, "post", f"{lists}/1/agree", 422, "actor_state", good_practices_public=True,
            actor="R", actor_state="DEU")
    refused(app, "post", f"{lists}/1/agree", 422, "on", good_practices_public=True,
            actor="R", actor_state="FRA", on="2021-02-28")  # before the draft
    refused(app, "post", f"{lists}/1/adopt", 409, "version", **SECRETARIAT)
    post(app, f"{lists}/1/agree", FRA, 200, good_practices_public=False)
    refused(app, "post", f"{lists}/1/adopt", 422, "on", on="2099-01-01", **SECRETARIAT)
    refused(app, "post", f"{lists}/1/adopt", 422, "on", on="2021-01-01", **SECRETARIAT)
    again = post(app, "/need-categories", {}, 409, code="other", label="Other", **SECRETARIAT)
    assert "code" in again["errors"]
    big = app.test_client().post(lists, data=b"x" * (3 * 1024 * 1024),
                                 content_type="application/json")
    assert big.status_code == 413


def test_lists_are_seen_by_the_reviews_states_and_the_secretariat_only(review_app):
    app, fra = review_app
    client, lists = app.test_client(), f"/reviews/{fra}/observation-lists"
    post(app, lists, DEU, 201, articles=[ARTICLE])
    for headers in (FRA, bearer("observer", "KEN"), {}):
        assert client.get(lists, headers=headers).status_code == 200
    for headers in (bearer("focal_point", "BRA"), bearer("observer", "JPN")):
        assert client.get(lists, headers=headers).status_code == 404
    assert client.get("/reports/trends", headers=DEU).status_code == 403
    post(app, "/need-categories", bearer("focal_point", "DEU"), 403, code="x", label="X")
    categories = post(app, "/need-categories", {}, 201, code="victim_support",
                      label="Victim support", **SECRETARIAT)
    assert {"code": "victim_support", "label": "Victim support"} in categories
