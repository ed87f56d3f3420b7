"""The HTTP side every service shares: flask-smorest with problem+json errors, local /docs,
and the /healthz and /readyz probes.
"""

from __future__ import annotations

import http

import marshmallow as ma
import swagger_ui_bundle
from flask import Blueprint, Flask, send_from_directory
from flask_smorest import Api
from sqlalchemy.engine import Engine
from werkzeug.routing import IntegerConverter

from shared.auth.jwt import JwtConfig
from shared.db.engine import database_answers
from shared.web import access, audit, correlation, dead_letters, handled
from shared.web.errors import PROBLEM, http_error, problem, register_error_handlers


class ProblemSchema(ma.Schema):
    """application/problem+json (RFC 9457), with `errors` saying what to fix, and whatever
    extension members a refusal adds."""

    class Meta:
        unknown = ma.INCLUDE

    type = ma.fields.String()
    title = ma.fields.String()
    status = ma.fields.Integer()
    detail = ma.fields.String()
    errors = ma.fields.Raw(metadata={
        "description": "what to fix: the messages per field, or, for an imported file, "
                       "one entry per problem with its line and field",
        "oneOf": [{"type": "object"}, {"type": "array", "items": {"type": "object"}}]})


class BoundedInt(IntegerConverter):
    """Path ids fit a 64-bit integer column; a larger number is simply no such resource
    (404), not a database overflow."""

    def __init__(self, url_map, *args, **kwargs) -> None:
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(url_map, *args, **kwargs)


class RevmodApi(Api):
    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error):
        return http_error(error)

    def _register_responses(self):
        """The error answers every operation documents (the 422 of its arguments, the
        default for all others) as they travel: application/problem+json, where
        flask-smorest writes its own DEFAULT_RESPONSE_CONTENT_TYPE, application/json."""
        problem = {"content": {PROBLEM: {"schema": self.ERROR_SCHEMA}}}
        for status in http.HTTPStatus:
            body = problem if status >= 200 and status not in (204, 304) else {}
            self.spec.components.response(
                status.name, {"description": status.phrase, **body}, lazy=True)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, {
            "description": "an error, as application/problem+json", **problem}, lazy=True)


def configure_openapi(app: Flask, title: str) -> None:
    app.config.update(
        API_TITLE=title,
        API_VERSION="1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        # served from the installed swagger-ui-bundle: nothing loads from outside
        OPENAPI_SWAGGER_UI_URL="/docs/static/",
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        API_SPEC_OPTIONS={"security": [{"bearerAuth": []}]},
    )


def create_api(app: Flask, title: str, engine: Engine, jwt: JwtConfig, *,
               consumes: bool = True) -> RevmodApi:
    """The service's API with bearer-token access, the audit log, each write's correlation
    id and whether its events were handled, and (for a service that consumes events) its
    dead letters."""
    configure_openapi(app, title)
    app.url_map.converters["int"] = BoundedInt
    api = RevmodApi(app)
    api.register_converter(BoundedInt, lambda _converter: {"type": "integer",
                                                           "maximum": 2**63 - 1})
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    register_error_handlers(app)
    audit.install(app, engine)  # first: the request id exists even for a refused request
    access.install(app, jwt)
    correlation.install(app)
    app.config[handled.CONSUMES] = consumes
    app.register_blueprint(_probes(engine))
    app.register_blueprint(_docs_assets())
    api.register_blueprint(audit.blp)
    api.register_blueprint(handled.blp)
    if consumes:
        api.register_blueprint(dead_letters.blp)
    return api


def _probes(engine: Engine) -> Blueprint:
    bp = Blueprint("probes", __name__)

    @bp.get("/healthz")
    def healthz():
        return {"status": "ok"}

    @bp.get("/readyz")
    def readyz():
        if not database_answers(engine):
            return problem(503, "Service Unavailable", "database unreachable")
        return {"status": "ready", "database": "ok"}

    return bp


def _docs_assets() -> Blueprint:
    bp = Blueprint("docs_assets", __name__)

    @bp.get("/docs/static/<path:filename>")
    def asset(filename: str):
        return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename)

    return bp
