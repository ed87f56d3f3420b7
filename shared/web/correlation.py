"""Every write is told its correlation id (`X-Correlation-Id`), so that its caller can ask
each service whether the events it caused have been handled (GET /events/handled).

The caller may choose it (a UUID in the request's `X-Correlation-Id`, as the history import
does for each part), or the service makes one; the events the request records carry it
(shared/bus/outbox.py), and so does every event they cause in turn.
"""

from __future__ import annotations

import uuid

from flask import Flask, g, request

from shared.bus.outbox import correlate_writes
from shared.web.access import SAFE_METHODS
from shared.web.errors import problem

HEADER = "X-Correlation-Id"


def install(app: Flask) -> None:
    @app.before_request
    def correlate():
        if request.method in SAFE_METHODS:
            return None
        given = request.headers.get(HEADER)
        try:
            g.correlation_id = str(uuid.UUID(given)) if given else str(uuid.uuid4())
        except ValueError:
            return problem(400, "Bad Request", f"the {HEADER} header must be a UUID",
                           errors={HEADER: ["not a UUID"]})
        correlate_writes(g.correlation_id)
        return None

    @app.after_request
    def tell(response):
        if g.get("correlation_id"):
            response.headers[HEADER] = g.correlation_id
        return response

    @app.teardown_request
    def forget(_exc):
        correlate_writes(None)
