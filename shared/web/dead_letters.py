"""GET /dead-letters and POST /dead-letters/<id>/replay: the secretariat sees what a service
could not handle and sends it back once the cause is fixed."""

from __future__ import annotations

import datetime as dt

import marshmallow as ma
from flask.views import MethodView
from sqlalchemy import select, update

from shared.bus.dead_letters import dead_letters
from shared.context import current
from shared.web.access import require_secretariat
from shared.web.blueprint import Blueprint
from shared.web.errors import Conflict, NotFound
from shared.web.pagination import rows_page


class DeadLetterSchema(ma.Schema):
    id = ma.fields.Integer()
    event_id = ma.fields.String(allow_none=True)
    event_type = ma.fields.String(allow_none=True)
    body = ma.fields.String()
    reason = ma.fields.String(allow_none=True)
    deliveries = ma.fields.Integer(allow_none=True)
    dead_at = ma.fields.AwareDateTime()
    replay_requested_at = ma.fields.AwareDateTime(allow_none=True)
    replayed_at = ma.fields.AwareDateTime(allow_none=True)


blp = Blueprint("dead_letters", __name__,
                description="Messages this service could not handle, and their replay")


@blp.route("/dead-letters")
class DeadLetters(MethodView):
    @blp.response(200, DeadLetterSchema(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        """List the dead letters, newest first (secretariat only)"""
        require_secretariat("read dead letters")
        query = select(dead_letters).order_by(dead_letters.c.id.desc())
        with current().engine.connect() as conn:
            return rows_page(conn, query, pagination_parameters)


@blp.route("/dead-letters/<int:letter_id>/replay")
class DeadLetterReplay(MethodView):
    @blp.response(202, DeadLetterSchema)
    def post(self, letter_id):
        """Send a dead letter back to this service's queue (the worker does it at once)"""
        require_secretariat("replay dead letters")
        with current().engine.begin() as conn:
            row = conn.execute(select(dead_letters).where(
                dead_letters.c.id == letter_id)).first()
            if row is None:
                raise NotFound(f"dead letter {letter_id} does not exist", field="letter_id")
            if row.replay_requested_at is not None:
                raise Conflict(f"dead letter {letter_id} was already sent back",
                               field="letter_id")
            conn.execute(update(dead_letters).where(dead_letters.c.id == letter_id)
                         .values(replay_requested_at=dt.datetime.now(dt.UTC)))
            return dict(conn.execute(select(dead_letters).where(
                dead_letters.c.id == letter_id)).first()._mapping)
