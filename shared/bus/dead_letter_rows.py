"""A dead letter's row, made to fit whatever arrived.

Anyone who can publish to `revmod.dead` chooses the body and the headers, and a message the
consumer refused is refused for what it holds: so nothing here trusts them. Each field is cut
to its column, text that PostgreSQL cannot store (a NUL, a lone surrogate) is escaped, bytes
that are not UTF-8 are kept as `\\xNN` escapes, and the body is kept up to BODY_LIMIT bytes,
the reason saying how much was cut. `describe` never raises.
"""

from __future__ import annotations

import json

from shared.bus.settling import REASON_HEADER

#: the most of a body a dead letter keeps: enough for any real event (a draw of 190 States
#: is about 20 KiB), little enough that a flood of 1 MiB bodies does not fill the database
BODY_LIMIT = 64 * 1024
#: a body bigger than this is not parsed for its id and type (the consumer's own bound)
PARSE_LIMIT = 1024 * 1024
ID_LIMIT, TYPE_LIMIT, REASON_LIMIT = 64, 80, 200  # the columns' lengths
_INT_RANGE = range(-2 ** 31, 2 ** 31)  # an Integer column on PostgreSQL


def describe(body: bytes, properties) -> dict:
    """The dead_letters row for a message: event id, type and correlation, body, reason,
    deliveries."""
    headers = properties.headers if isinstance(properties.headers, dict) else {}
    event_id, event_type, correlation_id = _envelope_keys(body)
    reason = _reason(headers) or "no reason given"
    if len(body) > BODY_LIMIT:
        reason = f"body cut to {BODY_LIMIT} of {len(body)} bytes; {reason}"
    deliveries = headers.get("x-delivery-count")
    return {
        "event_id": fit(event_id or properties.message_id, ID_LIMIT),
        "event_type": fit(event_type or properties.type, TYPE_LIMIT),
        "correlation_id": fit(correlation_id or properties.correlation_id, ID_LIMIT),
        "body": fit(body[:BODY_LIMIT], None) or "",
        "reason": fit(reason, REASON_LIMIT),
        "deliveries": deliveries if type(deliveries) is int and deliveries in _INT_RANGE
        else None,
    }


def fit(value, limit: int | None) -> str | None:
    """Text any database stores, at most `limit` characters; None for what is not text."""
    if isinstance(value, bytes):
        text = value.decode("utf-8", errors="backslashreplace")
    elif isinstance(value, str):
        text = value.encode("utf-8", errors="backslashreplace").decode("utf-8")
    else:
        return None
    return text.replace("\x00", "\\x00")[:limit]


def _envelope_keys(body: bytes) -> tuple[object, object, object]:
    """The envelope's id, type and correlation id, if the body is a JSON object small enough
    to read."""
    if len(body) > PARSE_LIMIT:
        return None, None, None
    try:
        raw = json.loads(body)
    except (ValueError, RecursionError):
        return None, None, None
    if not isinstance(raw, dict):
        return None, None, None
    return raw.get("id"), raw.get("type"), raw.get("correlation_id")


def _reason(headers: dict) -> str | None:
    """Why it died: the consumer's own reason, else the broker's (rejected, delivery_limit)."""
    for value in (headers.get(REASON_HEADER), headers.get("x-first-death-reason")):
        if fit(value, REASON_LIMIT):
            return fit(value, REASON_LIMIT)
    deaths = headers.get("x-death")
    if isinstance(deaths, list) and deaths and isinstance(deaths[0], dict):
        return fit(deaths[0].get("reason"), REASON_LIMIT)
    return None
