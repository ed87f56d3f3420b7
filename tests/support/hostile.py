"""The bad messages anyone who can reach the broker may publish, one of each kind, built on
a real event's envelope. Each carries a marker (a UUID) where a dead letter keeps it: its
envelope `id`, or its AMQP message id where the body has no readable one."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

import pika

from shared.events import contract_for, encode, new_event
from tests.support.event_samples import SAMPLES

NOW = dt.datetime(2022, 9, 27, 12, 0, tzinfo=dt.UTC)
PRODUCERS = ("lots", "reviews", "nominations", "notifications")
KINDS = ("nested", "not UTF-8", "not an object", "oversized", "wrong producer", "unknown type",
         "unknown version", "id 100 characters long", "payload refused")


@dataclass(frozen=True)
class Hostile:
    kind: str
    marker: str
    body: bytes

    @property
    def properties(self) -> pika.BasicProperties:
        return pika.BasicProperties(message_id=self.marker, delivery_mode=2)


def _bodies(wire: dict, oversize: int) -> dict[str, bytes]:
    marker, producer = wire["id"], wire["producer"]
    forger = next(p for p in PRODUCERS if p != producer)

    def spoilt(**changes) -> bytes:
        return json.dumps({**wire, **changes}).encode()

    return {
        "nested": b"[" * 1000 + b"]" * 1000,
        "not UTF-8": spoilt()[:-1] + b', "note": "\xff\xfe"}',
        "not an object": json.dumps([wire]).encode(),
        "oversized": spoilt(padding="x" * oversize),
        "wrong producer": spoilt(producer=forger),
        "unknown type": spoilt(type="NoSuchEvent"),
        "unknown version": spoilt(version=99),
        "id 100 characters long": spoilt(id=f"{marker}-{'a' * 63}"),
        "payload refused": spoilt(payload={}),
    }


def hostile_messages(event_type: str, oversize: int) -> list[Hostile]:
    """One message of each kind, on the envelope of a real `event_type`; the oversized one
    `oversize` bytes longer than that envelope."""
    found = []
    for kind in KINDS:
        marker = str(uuid.uuid4())
        wire = json.loads(encode(new_event(event_type, SAMPLES[event_type], NOW)))
        wire["id"] = marker
        found.append(Hostile(kind, marker, _bodies(wire, oversize)[kind]))
    return found


def routing_key(event_type: str) -> str:
    return contract_for(event_type).routing_key
