"""Whatever bytes arrive, `decode` either returns an event or raises InvalidMessage with the
reason: a hostile body never escapes as another exception."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from shared.events import InvalidMessage, decode, encode, new_event

NOW = dt.datetime(2022, 9, 27, 12, 0, tzinfo=dt.UTC)
LOTS_DRAWN = {"draw_id": 1, "group_id": 1, "group_number": 1,
              "starts_on": dt.date(2020, 12, 1), "phase": 1, "cluster": 1,
              "reviews": [{"state_under_review": "AUT", "reviewing_states": ["DEU", "BRA"]}]}


def wire() -> dict:
    return json.loads(encode(new_event("LotsDrawn", LOTS_DRAWN, NOW)))


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


HOSTILE = {
    "nested a thousand levels": nested(1000).encode(),
    "nested a hundred thousand levels": nested(100_000).encode(),
    "nested inside the payload": json.dumps({**wire(), "payload": "x"}).encode().replace(
        b'"x"', nested(2000).encode()),
    "nested just under the parser's limit": json.dumps(
        {**wire(), "payload": {"reviews": "x"}}).encode().replace(b'"x"', nested(900).encode()),
    "not UTF-8": b'{"id": "\xff\xfe"}',
    "a lone surrogate": json.dumps({**wire(), "type": "\ud800"}).encode(),
    "a JSON list": b"[1, 2]",
    "a JSON string": b'"LotsDrawn"',
    "a JSON number": b"3",
    "null": b"null",
    "empty": b"",
    "an id 100 characters long": json.dumps({**wire(), "id": "a" * 100}).encode(),
    "a type that is an object": json.dumps({**wire(), "type": {"a": 1}}).encode(),
    "an unknown type": json.dumps({**wire(), "type": "LotsStolen"}).encode(),
    "a version that is a float": json.dumps({**wire(), "version": 1.5}).encode(),
    "a huge version": json.dumps({**wire(), "version": 10 ** 400}).encode(),
    "a payload that is a list": json.dumps({**wire(), "payload": [1]}).encode(),
}


@pytest.mark.parametrize("body", HOSTILE.values(), ids=HOSTILE.keys())
def test_decode_raises_invalid_message_when_the_body_is_hostile(body):
    with pytest.raises(InvalidMessage):
        decode(body)


def test_decode_names_the_reason_when_the_body_is_nested_too_deep():
    with pytest.raises(InvalidMessage, match="not JSON"):
        decode(HOSTILE["nested a thousand levels"])


def test_decode_refuses_an_envelope_when_its_producer_is_not_the_contracts():
    forged = {**wire(), "producer": "nominations"}
    with pytest.raises(InvalidMessage, match="LotsDrawn is published by lots, not .nominations."):
        decode(json.dumps(forged).encode())


def test_decode_returns_the_event_when_its_producer_is_the_contracts():
    assert decode(json.dumps(wire()).encode()).producer == "lots"
