"""A dead letter's row fits its columns whatever the message held."""

from __future__ import annotations

import json

import pika
import pytest

from shared.bus.dead_letter_rows import BODY_LIMIT, describe
from shared.bus.settling import REASON_HEADER

EVENT_ID = "4b8f3a55-7f44-4a8e-9c1d-2f6f8f1f0b11"


def properties(**kw) -> pika.BasicProperties:
    return pika.BasicProperties(**kw)


def test_id_and_type_come_from_the_envelope_when_the_body_is_one():
    row = describe(json.dumps({"id": EVENT_ID, "type": "LotsDrawn"}).encode(),
                   properties(headers={REASON_HEADER: "LotsDrawn payload refused"}))
    assert (row["event_id"], row["event_type"], row["reason"]) == (
        EVENT_ID, "LotsDrawn", "LotsDrawn payload refused")


@pytest.mark.parametrize("body", [b"[" * 1000 + b"]" * 1000, b'"LotsDrawn"', b"3", b"[1]",
                                  b"\xff\xfe{", b""])
def test_id_and_type_come_from_the_properties_when_the_body_is_not_an_envelope(body):
    row = describe(body, properties(message_id=EVENT_ID, type="LotsDrawn"))
    assert (row["event_id"], row["event_type"]) == (EVENT_ID, "LotsDrawn")


def test_fields_are_cut_to_their_columns_when_they_are_longer():
    row = describe(json.dumps({"id": "a" * 100, "type": "T" * 100}).encode(),
                   properties(headers={REASON_HEADER: "r" * 1000}))
    assert (len(row["event_id"]), len(row["event_type"]), len(row["reason"])) == (64, 80, 200)


def test_body_is_cut_and_the_reason_says_how_much_when_the_body_is_huge():
    row = describe(b"x" * (3 * 1024 * 1024), properties(headers={REASON_HEADER: "too big"}))
    assert row["body"] == "x" * BODY_LIMIT
    assert row["reason"] == f"body cut to {BODY_LIMIT} of {3 * 1024 * 1024} bytes; too big"


def test_text_a_database_cannot_store_is_escaped_when_the_message_holds_it():
    row = describe(b'{"id": "\\ud800", "type": "\x00"}\xff',
                   properties(message_id=b"\xfe\x00"))
    assert row["body"] == '{"id": "\\ud800", "type": "\\x00"}\\xff'
    assert row["event_id"] == "\\xfe\\x00"
    body = json.dumps({"id": "\ud800\x00", "type": None}).encode()
    assert describe(body, properties())["event_id"] == "\\ud800\\x00"


@pytest.mark.parametrize("headers", [
    {"x-delivery-count": "five", "x-death": "nobody", "x-first-death-reason": {"a": 1}},
    {"x-delivery-count": 2 ** 40, "x-death": [1, 2]},
    {"x-delivery-count": True, "x-death": [{"reason": b"\xff"}]},
])
def test_headers_of_the_wrong_kind_are_left_out_when_a_publisher_forged_them(headers):
    row = describe(b"{}", properties(headers=headers))
    assert row["deliveries"] is None
    assert row["reason"] in ("no reason given", "\\xff")


def test_the_brokers_reason_and_count_are_kept_when_the_broker_dead_lettered_it():
    row = describe(b"{}", properties(headers={
        "x-first-death-reason": "delivery_limit", "x-delivery-count": 4}))
    assert (row["reason"], row["deliveries"]) == ("delivery_limit", 4)


def test_the_correlation_comes_from_the_envelope_or_else_the_properties():
    body = json.dumps({"id": EVENT_ID, "type": "LotsDrawn", "correlation_id": "c-1"}).encode()
    assert describe(body, properties(correlation_id="c-2"))["correlation_id"] == "c-1"
    assert describe(b"not json", properties(correlation_id="c-2"))["correlation_id"] == "c-2"
    assert describe(b"not json", properties())["correlation_id"] is None
