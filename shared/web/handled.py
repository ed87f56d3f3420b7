"""GET /events/handled?correlation_id=...: what this service knows of the events one write
caused (its correlation id, sent back in `X-Correlation-Id`).

As a producer, how many of them it recorded in its outbox, and how many of those the relay
has published (or refused, over the size bound: never published). As a consumer, how many
its inbox holds, and which it gave up on (its dead letters not handled since). Every service
answers; a caller asks them all and compares (shared/web/handled_everywhere.py), since no
service can know what another has recorded. Follow-up events keep the correlation id, and
commit in the same transaction as the inbox row of the event that caused them.
"""

from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask.views import MethodView
from sqlalchemy import func, select

from shared.bus.dead_letters import dead_letters
from shared.bus.tables import inbox, outbox
from shared.context import current
from shared.web.access import require_roles
from shared.web.blueprint import Blueprint

#: the app's config key that says whether the service consumes events (and so keeps dead
#: letters), set by create_api
CONSUMES = "REVMOD_CONSUMES_EVENTS"


class HandledQuerySchema(ma.Schema):
    correlation_id = ma.fields.UUID(required=True, metadata={
        "description": "the X-Correlation-Id a write answered with"})


class CausedSchema(ma.Schema):
    recorded = ma.fields.Integer(metadata={"description": "events of this type in the outbox"})
    published = ma.fields.Integer(metadata={"description": "of those, published"})
    refused = ma.fields.Integer(metadata={
        "description": "of those, refused by the relay (over the size bound): never published"})


class DeadSchema(ma.Schema):
    event_id = ma.fields.String(allow_none=True)
    event_type = ma.fields.String(allow_none=True)
    reason = ma.fields.String(allow_none=True)
    dead_at = ma.fields.AwareDateTime()


class HandledSchema(ma.Schema):
    service = ma.fields.String()
    correlation_id = ma.fields.String()
    caused = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Nested(CausedSchema),
                            metadata={"description": "per event type, what this service "
                                                     "recorded and published"})
    published = ma.fields.Boolean(metadata={
        "description": "every event recorded has left the outbox (published or refused)"})
    handled = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(), metadata={
        "description": "per event type, how many this service's inbox holds"})
    dead_lettered = ma.fields.List(ma.fields.Nested(DeadSchema), metadata={
        "description": "events this service gave up on and has not handled since"})


blp = Blueprint("events_handled", __name__,
                description="Whether the events one write caused have been handled")


@blp.route("/events/handled")
class EventsHandled(MethodView):
    @blp.arguments(HandledQuerySchema, location="query")
    @blp.response(200, HandledSchema)
    def get(self, query):
        """What this service recorded, published, handled and gave up on of one write's
        events (secretariat and services)"""
        require_roles("secretariat", "service", what="read which events were handled")
        correlation_id = str(query["correlation_id"])
        ctx = current()
        with ctx.engine.connect() as conn:
            # the inbox before the outbox: a follow-up event commits with the inbox row of
            # the event that caused it, so an event counted as handled here has its
            # follow-ups counted below
            handled = dict(conn.execute(
                select(inbox.c.event_type, func.count())
                .where(inbox.c.correlation_id == correlation_id)
                .group_by(inbox.c.event_type)).all())
            dead = _dead_not_handled(conn, correlation_id) \
                if current_app.config[CONSUMES] else []
            caused = {row.event_type: {"recorded": row.recorded, "published": row.published,
                                       "refused": row.refused}
                      for row in conn.execute(
                          select(outbox.c.event_type, func.count().label("recorded"),
                                 func.count(outbox.c.sent_at).label("published"),
                                 func.count(outbox.c.refused_at).label("refused"))
                          .where(outbox.c.correlation_id == correlation_id)
                          .group_by(outbox.c.event_type))}
        return {"service": ctx.settings.service, "correlation_id": correlation_id,
                "caused": caused,
                "published": all(c["published"] + c["refused"] >= c["recorded"]
                                 for c in caused.values()),
                "handled": handled, "dead_lettered": dead}


def _dead_not_handled(conn, correlation_id: str) -> list[dict]:
    handled_since = select(inbox.c.event_id).where(inbox.c.correlation_id == correlation_id)
    found: dict[str | None, dict] = {}
    for row in conn.execute(
        select(dead_letters.c.event_id, dead_letters.c.event_type, dead_letters.c.reason,
               dead_letters.c.dead_at)
        .where(dead_letters.c.correlation_id == correlation_id,
               dead_letters.c.event_id.not_in(handled_since))
        .order_by(dead_letters.c.id)):
        # an event dead again after its replay failed is still one event given up on
        found.setdefault(row.event_id, dict(row._mapping))
    return list(found.values())
