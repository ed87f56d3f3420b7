"""One error envelope for every service: application/problem+json (RFC 9457).

Domain errors carry no HTTP knowledge; `STATUS` is the one table that maps them to codes.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, json, request
from sqlalchemy.exc import DataError, OperationalError, StatementError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

PROBLEM = "application/problem+json"


class DomainError(Exception):
    """A rule of the mechanism refused the request; `field` names what to fix, if one does."""

    title = "Request refused"

    def __init__(self, detail: str, *, field: str | None = None, **extra) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field
        self.extra = extra


class NotFound(DomainError):
    title = "Not found"


class Conflict(DomainError):
    title = "Conflict with the current state"


class RuleViolated(DomainError):
    title = "A rule of the review mechanism refuses this"


class Unprocessable(DomainError):
    title = "The request cannot be processed"


class Forbidden(DomainError):
    title = "Forbidden"


class Unauthorized(DomainError):
    """Credentials were not good enough (a sign-in that failed)."""

    title = "Unauthorized"


class TooManyAttempts(DomainError):
    """Slowed or locked after repeated failures; `retry_after` seconds to wait."""

    title = "Too many attempts"


STATUS: dict[type[DomainError], int] = {
    NotFound: 404,
    Conflict: 409,
    RuleViolated: 422,
    Unprocessable: 422,
    Forbidden: 403,
    Unauthorized: 401,
    TooManyAttempts: 429,
}


def problem(status: int, title: str, detail: str | None = None, **extra) -> Response:
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return Response(json.dumps(body), status=status, mimetype=PROBLEM)


def flatten_validation(messages: dict) -> dict:
    """webargs nests messages by location ({"json": {...}}); a client wants them by field."""
    flat: dict = {}
    for location, fields in messages.items():
        if isinstance(fields, dict):
            flat.update(fields)
        else:
            flat[location] = fields
    return flat


def domain_error(exc: DomainError) -> Response:
    status = next(code for cls, code in STATUS.items() if isinstance(exc, cls))
    extra = dict(exc.extra)
    if exc.field:
        extra["errors"] = {exc.field: [exc.detail]}
    answer = problem(status, exc.title, exc.detail, **extra)
    if "retry_after" in extra:
        answer.headers["Retry-After"] = str(extra["retry_after"])
    return answer


def http_error(exc: HTTPException) -> Response:
    extra = {}
    data = getattr(exc, "data", None) or {}
    if "messages" in data:
        extra["errors"] = flatten_validation(data["messages"])
        detail = "The request has invalid fields: " + ", ".join(sorted(extra["errors"])) + "."
    else:
        detail = exc.description
    return problem(exc.code or 500, exc.name, detail, **extra)


def database_unavailable(exc: OperationalError) -> Response:
    log.error("database unavailable on %s %s: %s", request.method, request.path, exc)
    return problem(503, "Service Unavailable",
                   "The service's database cannot be reached; nothing was changed. Retry later.")


def out_of_range(exc: Exception) -> Response:
    """A number too large for its column (an id, a filter): the request is wrong, not the
    server; the transaction was rolled back, so nothing was written. (SQLite's driver raises
    OverflowError as it binds the value; PostgreSQL answers DataError.)"""
    if isinstance(exc, DataError | OverflowError) or isinstance(
            getattr(exc, "orig", None), OverflowError):
        return problem(422, "Unprocessable Entity",
                       "A number in the request is out of range for this service.")
    return unexpected(exc)


def unexpected(exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.path)
    return problem(500, "Internal Server Error", "An unexpected error occurred; it was logged.")


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(DomainError, domain_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(StatementError, out_of_range)
    app.register_error_handler(OverflowError, out_of_range)
    app.register_error_handler(Exception, unexpected)
