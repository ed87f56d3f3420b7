"""The envelope every event travels in, validated by marshmallow on both ends.

`id` is the idempotency key: consumers record it in their inbox, so a redelivery changes
nothing. A version the consumer does not know is refused (and so dead-lettered), and so is
an envelope whose `producer` is not its contract's: a service speaks only for itself.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field

from marshmallow import Schema, ValidationError, fields

from shared.events.contracts import contract_for


class InvalidMessage(Exception):
    """A message no retry can fix: bad JSON, bad envelope, unknown type or version, bad payload."""


class EnvelopeSchema(Schema):
    id = fields.UUID(required=True)
    type = fields.String(required=True)
    version = fields.Integer(required=True, strict=True)
    occurred_at = fields.AwareDateTime(required=True, default_timezone=dt.UTC)
    producer = fields.String(required=True)
    correlation_id = fields.String(required=True, allow_none=True)
    causation_id = fields.String(required=True, allow_none=True)
    payload = fields.Dict(required=True)
    #: the fact belongs to the mechanism's past, brought in by a history import: consumers
    #: keep their copies but tell no one about it (no letter about a passed deadline)
    history = fields.Boolean(load_default=False)


#: one instance for every event, as for the contracts' payload schemas
_ENVELOPE = EnvelopeSchema()


@dataclass(frozen=True)
class Envelope:
    type: str
    payload: dict
    producer: str
    version: int
    occurred_at: dt.datetime
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    correlation_id: str | None = None
    causation_id: str | None = None
    history: bool = False

    @property
    def routing_key(self) -> str:
        return contract_for(self.type, self.version).routing_key

    def caused(self, type_: str, payload: dict, occurred_at: dt.datetime) -> Envelope:
        """A follow-up event: same correlation, caused by this one."""
        return new_event(
            type_,
            payload,
            occurred_at,
            correlation_id=self.correlation_id or str(self.id),
            causation_id=str(self.id),
            history=self.history,
        )


def new_event(
    type_: str,
    payload: dict,
    occurred_at: dt.datetime,
    *,
    correlation_id: str | None = None,
    causation_id: str | None = None,
    history: bool = False,
) -> Envelope:
    """Build an event of the contract's current version, its payload checked against it."""
    contract = contract_for(type_)
    event_id = uuid.uuid4()
    return Envelope(
        type=type_,
        payload=contract.dump(payload),
        producer=contract.producer,
        version=contract.version,
        occurred_at=occurred_at,
        id=event_id,
        correlation_id=correlation_id or str(event_id),
        causation_id=causation_id,
        history=history,
    )


def encode(event: Envelope) -> bytes:
    body = _ENVELOPE.dump(
        {
            "id": event.id,
            "type": event.type,
            "version": event.version,
            "occurred_at": event.occurred_at,
            "producer": event.producer,
            "correlation_id": event.correlation_id,
            "causation_id": event.causation_id,
            "payload": event.payload,
            "history": event.history,
        }
    )
    return json.dumps(body, separators=(",", ":")).encode()


def decode(body: bytes) -> Envelope:
    """Parse and validate a message body; `InvalidMessage` says why it can never be handled.

    Whatever the bytes hold (nesting deeper than the parser's recursion, bytes that are not
    UTF-8, values no field expects), the failure is an InvalidMessage: a message that raised
    anything else would be neither handled nor dead-lettered."""
    try:
        return _decode(body)
    except InvalidMessage:
        raise
    except Exception as exc:
        raise InvalidMessage(f"body cannot be decoded: {type(exc).__name__}") from exc


def _decode(body: bytes) -> Envelope:
    try:
        raw = json.loads(body)
    except (ValueError, RecursionError) as exc:  # bad UTF-8 and bad JSON are ValueErrors
        raise InvalidMessage(f"body is not JSON: {str(exc)[:200]}") from exc
    if not isinstance(raw, dict):
        raise InvalidMessage("body is not a JSON object")
    try:
        data = _ENVELOPE.load(raw)
    except ValidationError as exc:
        raise InvalidMessage(f"envelope refused: {exc.messages}") from exc
    try:
        contract = contract_for(data["type"], data["version"])
    except KeyError as exc:
        raise InvalidMessage(str(exc.args[0])) from exc
    if data["producer"] != contract.producer:
        raise InvalidMessage(f"{contract.type} is published by {contract.producer}, "
                             f"not {data['producer']!r}")
    try:
        payload = contract.load(data["payload"])
    except ValidationError as exc:
        raise InvalidMessage(f"{data['type']} payload refused: {exc.messages}") from exc
    return Envelope(
        type=data["type"],
        payload=payload,
        producer=data["producer"],
        version=data["version"],
        occurred_at=data["occurred_at"],
        id=data["id"],
        correlation_id=data["correlation_id"],
        causation_id=data["causation_id"],
        history=data["history"],
    )
