"""Every event contract: a sample round-trips through the envelope, a broken one is refused."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from marshmallow import ValidationError

from shared.events import CONTRACTS, InvalidMessage, decode, encode, new_event

NOW = dt.datetime(2022, 9, 27, 12, 0, tzinfo=dt.UTC)
PARTY = {"code": "AUT", "name": "Austria", "regional_group": "western_european_others",
         "legal_system": "civil_law", "instruments": ["convention", "trafficking"]}
OUTCOME = {"message_id": 1, "recipient": "pm-aut@missions.example.org",
           "kind": "nomination_missing", "cause_event_id": "x", "detail": None}

SAMPLES = {
    "StatePartyRegistered": PARTY,
    "StatePartyUpdated": PARTY,
    "LotsDrawn": {"draw_id": 1, "group_id": 1, "group_number": 1,
                  "starts_on": dt.date(2020, 12, 1), "phase": 1, "cluster": 1,
                  "reviews": [{"state_under_review": "AUT", "reviewing_states": ["DEU", "BRA"]}]},
    "ReviewScheduled": {"review_id": 3, "draw_id": 1, "group_number": 1,
                        "state_under_review": "AUT", "reviewing_states": ["DEU", "BRA"],
                        "starts_on": dt.date(2020, 12, 1), "phase": 1, "cluster": 1,
                        "stage": "waiting_for_nominations"},
    "MissionContactChanged": {"state_code": "AUT", "emails": ["pm-aut@missions.example.org"],
                              "language": "en"},
    "FocalPointNominated": {"nomination_id": 1, "state_code": "AUT", "review_id": 3,
                            "name": "A. Person", "email": "a@gov.example.org",
                            "nominated_on": dt.date(2020, 12, 10)},
    "NominationMissing": {"state_code": "AUT", "role": "focal_point", "review_id": 3,
                          "capacity": "under_review", "state_under_review": "AUT",
                          "due_on": dt.date(2020, 12, 15), "as_of": dt.date(2021, 1, 15),
                          "days_overdue": 31, "reminder": 1},
    "DrawCommitted": {"group_id": 1, "group_number": 1, "commitment": "ab" * 32},
    "DrawRepeated": {"draw_id": 1, "group_number": 1, "phase": 1, "state_under_review": "AUT",
                     "replaced": "DEU", "replacement": "CHE", "reviewing_states": ["CHE", "BRA"],
                     "requested_by": "AUT", "reason": None, "exceptional": False,
                     "repetition": 1},
    "ReviewStageChanged": {"review_id": 3, "group_number": 1, "state_under_review": "AUT",
                           "reviewing_states": ["DEU", "BRA"],
                           "from_stage": "waiting_for_nominations",
                           "to_stage": "preliminary_consultation", "changed_by": "system",
                           "reason": None, "deadline": dt.date(2021, 1, 12)},
    "ReviewDeadlineMissed": {"review_id": 3, "group_number": 1, "state_under_review": "AUT",
                             "stage": "self_assessment", "deadline": dt.date(2021, 6, 1),
                             "as_of": dt.date(2021, 6, 2), "days_overdue": 1,
                             "responsible": ["AUT"]},
    "ReviewCompleted": {"review_id": 3, "group_number": 1, "phase": 1,
                        "state_under_review": "AUT", "completed_on": dt.date(2022, 12, 1)},
    "ExpertNominated": {"nomination_id": 2, "state_code": "AUT", "review_id": 3,
                        "name": "B. Person", "email": "b@gov.example.org",
                        "nominated_on": dt.date(2020, 12, 20)},
    "ObserverNominated": {"nomination_id": 3, "state_code": "AUT", "review_id": 3,
                          "name": "C. Person", "email": "c@gov.example.org",
                          "nominated_on": dt.date(2020, 12, 20)},
    "NominationWithdrawn": {"nomination_id": 1, "state_code": "AUT", "review_id": 3,
                            "role": "focal_point", "withdrawn_on": dt.date(2021, 2, 1),
                            "replaced_by": 4, "reason": "reassigned"},
    "NotificationSent": OUTCOME,
    "NotificationFailed": OUTCOME,
}


def test_every_contract_has_a_sample_when_the_suite_runs():
    assert {t for t, _ in CONTRACTS} == set(SAMPLES)


@pytest.mark.parametrize("event_type", sorted(SAMPLES))
def test_sample_round_trips_when_encoded_and_decoded(event_type):
    event = new_event(event_type, SAMPLES[event_type], NOW, correlation_id="corr-1")
    back = decode(encode(event))
    expected = event.__class__(**{**event.__dict__, "payload": SAMPLES[event_type]})
    if event_type == "LotsDrawn":  # the optional field comes back with its default
        for review in expected.payload["reviews"]:
            review.setdefault("additional_reviewers", {})
    assert back == expected
    assert back.routing_key.startswith(back.producer + ".")


@pytest.mark.parametrize("event_type", sorted(SAMPLES))
def test_payload_is_refused_when_a_field_is_missing(event_type):
    broken = dict(SAMPLES[event_type])
    broken.pop(next(iter(broken)))
    with pytest.raises(ValidationError):
        new_event(event_type, broken, NOW)


def test_decode_refuses_an_unknown_version_and_a_bad_envelope():
    wire = json.loads(encode(new_event("LotsDrawn", SAMPLES["LotsDrawn"], NOW)))
    with pytest.raises(InvalidMessage, match="version 2"):
        decode(json.dumps({**wire, "version": 2}).encode())
    with pytest.raises(InvalidMessage, match="envelope"):
        decode(json.dumps({**wire, "id": "not-a-uuid"}).encode())
    with pytest.raises(InvalidMessage, match="payload"):
        decode(json.dumps({**wire, "payload": {"draw_id": "x"}}).encode())


def test_routing_keys_follow_producer_and_snake_case_event_name():
    assert new_event("NominationMissing", SAMPLES["NominationMissing"], NOW).routing_key == \
        "nominations.nomination_missing"
