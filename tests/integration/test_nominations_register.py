"""The register of persons against a real database (PostgreSQL and SQLite): experts and
observers, replacing a focal point, withdrawing, activating, persons and their roles, and
every refusal naming its field with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest

from services.nominations.adapters.orm import NominationRow, PersonRow, StatePartyRow
from shared.bus.tables import outbox
from shared.web import personal
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
TODAY = "2020-11-20"  # the clock's


@pytest.fixture
def register(nominations):
    """Ten States; review 1 of KEN (GHA, FRA reviewing), review 2 of BRA (KEN, DEU)."""
    deliver(nominations, *map(party, STATES), scheduled(1, "KEN", ["GHA", "FRA"]),
            scheduled(2, "BRA", ["KEN", "DEU"]))
    return nominations


def post(app, path, body):
    return app.test_client().post(path, json=body)


def details(state_code, **extra):
    """A person as a replacement names them (the State and role are the nomination's)."""
    return {k: v for k, v in person(state_code, **extra).items()
            if k not in ("state_code", "role")}


def written(app):
    return [count(app, table) for table in (NominationRow, PersonRow, outbox)]


def test_expert_and_observer_nominated_are_published_per_review_when_named(register):
    experts = post(register, "/nominations", person("KEN", "expert", languages=["en", "fr"]))
    assert experts.status_code == 201
    assert [(n["review_id"], n["capacity"], n["group_number"], n["status"], n["languages"])
            for n in experts.json] == [(1, "under_review", 1, "nominated", ["en", "fr"]),
                                       (2, "reviewing", 1, "nominated", ["en", "fr"])]
    assert post(register, "/nominations",
                person("DEU", "observer", review_id=2)).status_code == 201
    named = outbox_events(register)
    assert [(e.type, e.payload["review_id"]) for e in named] == [
        ("ExpertNominated", 1), ("ExpertNominated", 2), ("ObserverNominated", 2)]
    assert named[0].payload["email"] == "fp-ken-expert@example.org"
    assert named[0].payload["nomination_id"] == experts.json[0]["id"]


def test_focal_point_replacement_names_who_leaves_and_keeps_the_history_when_replaced(
        register):
    old = post(register, "/nominations", person("FRA", review_id=1)).json[0]
    new = post(register, f"/nominations/{old['id']}/replacement", details(
        "FRA", email="successor@fra.example.org", name="J. Martin", gender="male",
        reason="posted elsewhere", note_verbale_ref="NV/FRA/9"))
    assert new.status_code == 201, new.json
    assert (new.json["state_code"], new.json["review_id"], new.json["role"]) == (
        "FRA", 1, "focal_point")
    left = register.test_client().get(f"/nominations/{old['id']}").json
    assert (left["status"], left["replaced_by"], left["withdrawn_on"],
            left["withdrawal_reason"]) == ("withdrawn", new.json["id"], TODAY,
                                           "posted elsewhere")
    events = outbox_events(register)[1:]
    assert [e.type for e in events] == ["NominationWithdrawn", "FocalPointNominated"]
    assert events[0].payload["replaced_by"] == events[1].payload["nomination_id"] == \
        new.json["id"]
    listed = register.test_client().get("/nominations?state_code=FRA").json
    assert [n["status"] for n in listed] == ["withdrawn", "nominated"]
    again = post(register, f"/nominations/{old['id']}/replacement",
                 details("FRA", email="third@fra.example.org"))
    assert again.status_code == 409 and "nomination_id" in again.json["errors"]


def test_replacement_is_refused_naming_the_field_when_it_cannot_be_one(register):
    fp = post(register, "/nominations", person("GHA", review_id=1)).json[0]
    expert = post(register, "/nominations", person("GHA", "expert", review_id=1)).json[0]
    before = written(register)
    for nomination_id, body, status, field in [
            (expert["id"], details("GHA", email="x@gha.example.org"), 422, "nomination_id"),
            (fp["id"], details("GHA"), 422, "email"),
            (999, details("GHA"), 404, "nomination_id"),
            (fp["id"], details("GHA", email="y@gha.example.org", nominated_on="2020-01-01"),
             422, "nominated_on"),
            (fp["id"], details("GHA", email="z@gha.example.org", phone="1\n2"), 422, "phone")]:
        answer = post(register, f"/nominations/{nomination_id}/replacement", body)
        assert (answer.status_code, field in answer.json["errors"]) == (status, True)
        assert answer.content_type == "application/problem+json"
    assert written(register) == before


def test_withdrawal_keeps_the_record_and_frees_the_place_when_a_nomination_ends(register):
    expert = post(register, "/nominations", person("DEU", "expert", review_id=2)).json[0]
    fp = post(register, "/nominations", person("DEU", review_id=2)).json[0]
    gone = post(register, f"/nominations/{expert['id']}/withdrawal", {"reason": "retired"})
    assert gone.status_code == 200
    assert (gone.json["status"], gone.json["withdrawn_on"]) == ("withdrawn", TODAY)
    assert post(register, f"/nominations/{fp['id']}/withdrawal", {}).status_code == 200
    (ended_expert, ended_fp) = outbox_events(register, "NominationWithdrawn")
    assert (ended_expert.payload["role"], ended_expert.payload["reason"],
            ended_expert.payload["replaced_by"]) == ("expert", "retired", None)
    assert ended_fp.payload["role"] == "focal_point"
    assert count(register, NominationRow) == 2  # the records stay
    assert post(register, "/nominations", {**person("DEU", review_id=2),
                                           "email": "next@deu.example.org"}).status_code == 201
    before = written(register)
    for nomination_id, body, status, field in [
            (expert["id"], {}, 409, "nomination_id"),
            (12345, {}, 404, "nomination_id"),
            (fp["id"] + 1, {"withdrawn_on": "2020-11-21"}, 422, "withdrawn_on"),
            (fp["id"] + 1, {"withdrawn_on": "2020-11-19"}, 422, "withdrawn_on"),
            (fp["id"] + 1, {"reason": "a\r\nBcc: x"}, 422, "reason")]:
        answer = post(register, f"/nominations/{nomination_id}/withdrawal", body)
        assert (answer.status_code, field in answer.json["errors"]) == (status, True)
    assert written(register) == before


def test_activation_marks_a_nomination_active_when_access_is_given(register):
    fp = post(register, "/nominations", person("KEN", review_id=1)).json[0]
    for _ in range(2):
        answer = post(register, f"/nominations/{fp['id']}/activation", None)
        assert (answer.status_code, answer.json["status"]) == (200, "active")
    second = post(register, "/nominations", {**person("KEN", review_id=1),
                                             "email": "other@ken.example.org"})
    assert second.status_code == 409 and "review_id" in second.json["errors"]
    assert post(register, f"/nominations/{fp['id']}/withdrawal", {}).status_code == 200
    assert post(register, f"/nominations/{fp['id']}/activation", None).status_code == 409


@pytest.mark.parametrize("change, status, field", [
    ({"name": "Ana\rBcc: all@example.org"}, 422, "name"),
    ({"name": "Ana\nMaria"}, 422, "name"),
    ({"phone": "+41 22\n"}, 422, "phone"),
    ({"phone": "+41\r22"}, 422, "phone"),
    ({"email": "fp@example.org\r\nBcc: all@example.org"}, 422, "email"),
    ({"email": "fp@example.org\n"}, 422, "email"),
    ({"title": "Dr.\n"}, 422, "title"),
    ({"role": "chair"}, 422, "role"),
    ({"gender": "f"}, 422, "gender"),
    ({"languages": ["de"]}, 422, "languages"),
    ({"state_code": "XYZ"}, 422, "state_code"),
    ({"state_code": "NGA"}, 422, "review_id"),
    ({"review_id": 2}, 422, "review_id"),
    ({"nominated_on": "2020-11-21"}, 422, "nominated_on"),
    ({"note_verbale_date": "2020-11-21", "nominated_on": "2020-11-20"}, 422,
     "note_verbale_date"),
])
def test_nomination_is_refused_naming_the_field_and_writing_nothing_when_a_field_is_bad(
        register, change, status, field):
    answer = post(register, "/nominations", {**person("GHA", "expert"), **change})
    assert answer.status_code == status
    assert answer.content_type == "application/problem+json"
    assert field in answer.json["errors"], answer.json
    assert written(register) == [0, 0, 0]


def test_same_person_twice_in_one_role_is_a_conflict_naming_email_when_still_nominated(
        register):
    assert post(register, "/nominations", person("KEN", "expert", review_id=1)).status_code \
        == 201
    before = written(register)
    again = post(register, "/nominations", person("KEN", "expert"))  # reviews 1 and 2
    assert again.status_code == 409 and "email" in again.json["errors"]
    assert again.json["review_ids"] == [1]
    assert written(register) == before


def test_persons_show_every_role_they_hold_per_review_when_listed(register):
    post(register, "/nominations", person("KEN"))
    post(register, "/nominations", {**person("KEN", "expert", review_id=2),
                                    "email": "fp-ken-focal_point@example.org"})
    post(register, "/nominations", person("KEN", "observer", review_id=1))
    client = register.test_client()
    people = client.get("/persons?state_code=KEN").json
    assert len(people) == 2
    focal = people[0]
    assert [(n["review_id"], n["role"], n["capacity"]) for n in focal["nominations"]] == [
        (1, "focal_point", "under_review"), (2, "focal_point", "reviewing"),
        (2, "expert", "reviewing")]
    assert client.get(f"/persons/{focal['id']}").json == focal
    assert [p["id"] for p in client.get("/persons?role=observer").json] == [people[1]["id"]]
    missing = client.get("/persons/999")
    assert missing.status_code == 404 and "person_id" in missing.json["errors"]


def test_personal_data_drops_out_of_every_answer_when_the_one_rule_hides_it(
        register, monkeypatch):
    post(register, "/nominations", person("KEN"))
    post(register, "/nominations", person("GHA", review_id=1))
    client = register.test_client()
    shown = client.get("/nominations").json
    assert all({"email", "phone"} <= set(n) for n in shown)
    monkeypatch.setattr(personal, "shows_personal_data", lambda state_code: state_code == "GHA")
    for answer in (client.get("/nominations").json, client.get("/persons").json):
        hidden = {row["state_code"]: {"email", "phone"} & set(row) for row in answer}
        assert hidden == {"KEN": set(), "GHA": {"email", "phone"}}
        assert all(row["name"] for row in answer)


def test_state_copy_follows_lots_when_a_state_party_is_updated(register):
    deliver(register, party("KEN", "Republic of Kenya", event_type="StatePartyUpdated"))
    with register.extensions["revmod"].session_factory() as session:
        assert session.get(StatePartyRow, "KEN").name == "Republic of Kenya"


def test_nominations_filter_by_status_when_asked(register):
    fp = post(register, "/nominations", person("FRA", review_id=1)).json[0]
    post(register, "/nominations", person("FRA", "expert", review_id=1))
    post(register, f"/nominations/{fp['id']}/withdrawal", {})
    client = register.test_client()
    assert [n["role"] for n in client.get("/nominations?status=withdrawn").json] == [
        "focal_point"]
    assert [n["role"] for n in client.get("/nominations?status=nominated").json] == ["expert"]
    bad = client.get("/nominations?status=gone")
    assert bad.status_code == 422 and "status" in bad.json["errors"]
    assert dt.date.fromisoformat(fp["nominated_on"]) == dt.date(2020, 11, 20)
