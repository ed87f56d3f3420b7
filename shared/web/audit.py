"""The audit log: every write to a service, who made it (subject, role, State), what
(method, path, answer) and when, with the request id the caller can quote. Each service
keeps its own, readable by the secretariat at GET /audit."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

import marshmallow as ma
from flask import Flask, g, request
from flask.views import MethodView
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from shared.context import current
from shared.db.engine import UtcDateTime
from shared.fields import StateCode
from shared.web.access import SAFE_METHODS, require_secretariat
from shared.web.blueprint import Blueprint
from shared.web.pagination import rows_page

log = logging.getLogger(__name__)


def _columns() -> list[Column]:
    return [
        Column("id", Integer, primary_key=True),
        Column("at", UtcDateTime, nullable=False, index=True),
        Column("request_id", String(64), nullable=False),
        Column("subject", String(200), nullable=False),
        Column("role", String(20), nullable=False),
        Column("state", String(3), nullable=True),
        Column("method", String(10), nullable=False),
        Column("path", String(500), nullable=False),
        Column("status", Integer, nullable=False),
    ]


audit_log = Table("audit_log", MetaData(), *_columns())


def create_audit_table(op) -> None:
    """Called from each service's migration that adds the audit log."""
    op.create_table("audit_log", *_columns())


def install(app: Flask, engine: Engine) -> None:
    @app.before_request
    def assign_request_id():
        g.request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex

    @app.after_request
    def record_write(response):
        response.headers["X-Request-ID"] = g.get("request_id", "")
        principal = g.get("principal")
        if request.method in SAFE_METHODS or principal is None:
            return response
        try:
            _record(engine, principal, response.status_code)
        except SQLAlchemyError as exc:  # the database is down: the write itself failed too
            log.error("audit entry for %s %s (request %s) not written: %r", request.method,
                      request.path, g.get("request_id"), exc)
        return response


#: built once and given its values as parameters: building `insert().values(...)` for
#: each write cost more than running it
_INSERT = insert(audit_log)


def _record(engine: Engine, principal, status: int) -> None:
    with engine.begin() as conn:
        conn.execute(_INSERT, {
            "at": dt.datetime.now(dt.UTC), "request_id": g.request_id,
            "subject": principal.subject[:200], "role": principal.role,
            "state": principal.state, "method": request.method,
            "path": request.full_path.rstrip("?")[:500], "status": status,
        })


class AuditEntrySchema(ma.Schema):
    id = ma.fields.Integer()
    at = ma.fields.AwareDateTime()
    request_id = ma.fields.String()
    subject = ma.fields.String()
    role = ma.fields.String()
    state = ma.fields.String(allow_none=True)
    method = ma.fields.String()
    path = ma.fields.String()
    status = ma.fields.Integer()


class AuditFilterSchema(ma.Schema):
    state = StateCode()
    role = ma.fields.String()


blp = Blueprint("audit", __name__, description="Who changed what, and when")


@blp.route("/audit")
class Audit(MethodView):
    @blp.arguments(AuditFilterSchema, location="query")
    @blp.response(200, AuditEntrySchema(many=True))
    @blp.paginate()
    def get(self, filters, pagination_parameters):
        """List the writes made to this service, newest first (secretariat only)"""
        require_secretariat("read the audit log")
        query = select(audit_log).order_by(audit_log.c.id.desc())
        for name, value in filters.items():
            query = query.where(audit_log.c[name] == value)
        with current().engine.connect() as conn:
            return rows_page(conn, query, pagination_parameters)
