"""Every event contract: a sample round-trips through the envelope, a broken one is refused."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from marshmallow import ValidationError

from shared.events import CONTRACTS, InvalidMessage, decode, encode, new_event
from tests.support.event_samples import SAMPLES

NOW = dt.datetime(2022, 9, 27, 12, 0, tzinfo=dt.UTC)


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


def test_history_mark_travels_with_the_event_and_to_what_it_causes():
    """An imported fact stays marked as history through the bus and in every follow-up, so
    no consumer writes to anyone about the past; an envelope without the mark is live."""
    event = new_event("ReviewCompleted", SAMPLES["ReviewCompleted"], NOW, history=True)
    back = decode(encode(event))
    assert back.history is True
    assert back.caused("ReviewCompleted", SAMPLES["ReviewCompleted"], NOW).history is True
    body = json.loads(encode(new_event("ReviewCompleted", SAMPLES["ReviewCompleted"], NOW)))
    del body["history"]
    assert decode(json.dumps(body).encode()).history is False


@pytest.mark.parametrize(("event_type", "fields"), [
    ("LotsDrawn", ("meeting", "drawn_on")), ("DrawRepeated", ("meeting", "repeated_on")),
    ("ReviewScheduled", ("drawn_on",)), ("ReviewStageChanged", ("on",))])
def test_meeting_and_date_are_none_when_an_older_message_lacks_them(event_type, fields):
    """Draws, repetitions, scheduled reviews and stage changes published before they
    carried their meeting and date still decode: the fields come back as None (the
    nominations service then takes the day the event occurred, or sets no lower bound)."""
    body = json.loads(encode(new_event(event_type, SAMPLES[event_type], NOW)))
    for name in fields:
        del body["payload"][name]
    back = decode(json.dumps(body).encode())
    assert [back.payload[name] for name in fields] == [None] * len(fields)


@pytest.mark.parametrize("event_type", ["StatePartyRegistered", "StatePartyUpdated"])
def test_party_dates_and_taking_part_are_none_when_an_older_message_lacks_them(event_type):
    """Parties published before they carried the day they joined each instrument and
    whether they take part in the reviews still decode, with None for each."""
    fields = ("convention_on", "trafficking_on", "smuggling_on", "firearms_on",
              "takes_part", "kept_out_reason")
    body = json.loads(encode(new_event(event_type, SAMPLES[event_type], NOW)))
    for name in fields:
        del body["payload"][name]
    back = decode(json.dumps(body).encode())
    assert [back.payload[name] for name in fields] == [None] * len(fields)
    assert back.payload["instruments"] == ["convention", "trafficking"]
