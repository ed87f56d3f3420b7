"""The notifications API over a real database (PostgreSQL and SQLite): every message listed
with its filters, the items States owe, the templates and their preview; every refusal a
problem+json that names the field."""

from __future__ import annotations

import datetime as dt

import pytest

from services.notifications.app import create_app
from services.notifications.bootstrap import MIGRATIONS as NOTIFICATIONS_MIGRATIONS
from services.notifications.settings import Settings
from shared.clock import FixedClock
from shared.db.migrate import upgrade
from tests.integration.test_notifications_world import (
    at,
    contact,
    deliver,
    focal_point,
    missing,
    registered,
    scheduled,
    stage_changed,
)
from tests.support.clients import bearer

DAY1, DAY2 = dt.date(2021, 3, 1), dt.date(2021, 3, 2)
PROBLEM = "application/problem+json"


@pytest.fixture
def client(database_url):
    clock = FixedClock(at(DAY1))
    app = create_app(Settings(service="notifications", database_url=database_url), clock)
    upgrade(NOTIFICATIONS_MIGRATIONS, app.extensions["revmod"].engine)
    deliver(app, registered("KEN", clock.now()), contact("KEN", clock.now()),
            scheduled(7, "KEN", ["GHA", "FRA"], DAY1, clock.now()),
            missing("KEN", 7, "KEN", DAY1, DAY1))
    clock.set(at(DAY2))
    deliver(app, missing("GHA", 7, "KEN", DAY1, DAY2), missing("FRA", 8, "KEN", DAY1, DAY2))
    yield app.test_client()
    app.extensions["revmod"].engine.dispose()


def states(answer) -> list[str]:
    assert answer.status_code == 200, answer.json
    return [m["state_code"] for m in answer.json]


def test_messages_are_filtered_by_state_review_kind_status_and_creation_days(client):
    assert states(client.get("/messages")) == ["KEN", "GHA", "FRA"]
    assert states(client.get("/messages?review_id=7")) == ["KEN", "GHA"]
    assert states(client.get("/messages?review_id=7&review_id=8")) == ["KEN", "GHA", "FRA"]
    assert states(client.get("/messages?review_id=8&review_id=99")) == ["FRA"]
    assert states(client.get("/messages?state_code=GHA&kind=nomination_missing")) == ["GHA"]
    assert states(client.get("/messages?status=held")) == ["GHA", "FRA"]
    assert states(client.get("/messages?created_from=2021-03-02")) == ["GHA", "FRA"]
    assert states(client.get("/messages?created_to=2021-03-01")) == ["KEN"]
    assert states(client.get("/messages?created_from=2021-03-03")) == []
    first = client.get("/messages?state_code=KEN").json[0]
    assert first["cc"] == [] and first["body_html"].startswith("<!DOCTYPE html>")


def test_messages_listed_without_their_text_keep_everything_else(client):
    """body=false (the portal's lists of letters) leaves out the letters' text, and only
    that; the count and the filters stay as they were."""
    whole = client.get("/messages?review_id=7")
    light = client.get("/messages?review_id=7&body=false")
    assert light.status_code == 200 and len(light.json) == len(whole.json) == 2
    assert light.headers["X-Pagination"] == whole.headers["X-Pagination"]
    for full, short in zip(whole.json, light.json, strict=True):
        assert "body_text" not in short and "body_html" not in short
        assert short == {k: v for k, v in full.items() if k not in ("body_text", "body_html")}
    assert states(client.get("/messages?state_code=FRA&body=false")) == ["FRA"]


def test_a_letter_about_a_missing_nomination_says_which_one(client):
    """A reminder names the nomination it is about (its role), so a list of them can be
    told apart without the items, which only the secretariat reads."""
    deliver(client.application, missing("GHA", 7, "KEN", DAY1, DAY2, role="expert"),
            stage_changed(7, "KEN", ["GHA", "FRA"], "waiting_for_nominations",
                          "self_assessment", DAY2, at(DAY2)))
    reminders = client.get("/messages?review_id=7&state_code=GHA&kind=nomination_missing",
                           headers=bearer("focal_point", "GHA")).json
    assert sorted(m["role"] for m in reminders) == ["expert", "focal_point"]
    others = [m for m in client.get("/messages").json if m["kind"] != "nomination_missing"]
    assert others and all(m["role"] is None for m in others)


def test_copies_to_focal_points_show_only_to_those_who_may_see_personal_data(client):
    """The copy of a reminder goes to the State's focal point (cc): its address is personal
    data, shown to the secretariat and the same State's focal point only."""
    app = client.application
    deliver(app, focal_point("GHA", 7, at(DAY2)), stage_changed(
        7, "KEN", ["GHA", "FRA"], "waiting_for_nominations", "self_assessment", DAY2, at(DAY2)))
    (copied,) = [m for m in client.get("/messages?state_code=GHA").json if m["cc"]]
    assert copied["cc"] == ["fp-gha@gov.example.org"]
    for role in ("expert", "observer"):
        for answer in (client.get("/messages", headers=bearer(role, "GHA")),
                       client.get(f"/messages/{copied['id']}", headers=bearer(role, "GHA"))):
            shown = answer.json if isinstance(answer.json, list) else [answer.json]
            assert shown and all("cc" not in m for m in shown), role
    own = client.get(f"/messages/{copied['id']}", headers=bearer("focal_point", "GHA"))
    assert own.json["cc"] == ["fp-gha@gov.example.org"]
    spec = client.get("/openapi.json").json["components"]["schemas"]["Message"]
    assert spec["properties"]["cc"]["x-personal-data"]


@pytest.mark.parametrize("query,field", [
    ("created_from=2021-03-02&created_to=2021-03-01", "created_to"),
    ("created_from=yesterday", "created_from"),
    ("review_id=0", "review_id"),
    ("review_id=7&review_id=seven", "review_id"),
    ("state_code=kenya", "state_code"),
    ("status=lost", "status"),
    ("body=perhaps", "body"),
])
def test_bad_filters_answer_422_naming_the_field(client, query, field):
    answer = client.get(f"/messages?{query}")
    assert answer.status_code == 422 and answer.content_type == PROBLEM
    assert field in answer.json["errors"]


def test_items_list_what_each_state_owes_with_its_reminders(client):
    owed = client.get("/items?state_code=KEN&open=true").json
    assert [(i["topic"], i["deadline"]) for i in owed] == [
        ("focal_point", "2021-03-15"), ("expert", "2021-03-29")]
    fp = next(i for i in client.get("/items?review_id=7").json
              if i["state_code"] == "KEN" and i["topic"] == "focal_point")
    assert [r["slot"] for r in fp["reminders"]] == ["after-1"]
    both = client.get("/items?review_id=7&review_id=8").json
    assert {i["review_id"] for i in both} == {7, 8}
    assert len(both) == len(client.get("/items?review_id=7").json) + len(
        client.get("/items?review_id=8").json)
    assert client.get("/items?open=maybe").status_code == 422


def test_every_template_is_listed_and_previews_in_each_language(client):
    kinds = client.get("/templates").json
    assert {k["kind"] for k in kinds} >= {"nomination_missing", "digest", "lots_drawn"}
    assert all(sorted(k["languages"]) == ["ar", "en", "es", "fr", "ru", "zh"] for k in kinds)
    arabic = client.get("/templates/nomination_missing/preview?language=ar").json
    assert arabic["language"] == "ar" and '<html lang="ar" dir="rtl">' in arabic["html"]
    assert "تهدي أمانة" in arabic["text"] and arabic["context"]["due_on"] == "2020-12-15"
    assert "2020年12月15日" in client.get(
        "/templates/nomination_missing/preview?language=zh").json["text"]


def test_an_unknown_template_or_language_answers_problem_json_naming_the_field(client):
    unknown = client.get("/templates/love_letter/preview")
    assert unknown.status_code == 404 and unknown.content_type == PROBLEM
    assert "kind" in unknown.json["errors"]
    bad = client.get("/templates/digest/preview?language=de")
    assert bad.status_code == 422 and "language" in bad.json["errors"]
