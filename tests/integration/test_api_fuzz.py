"""Schemathesis over the four services' OpenAPI specs, signed in as the secretariat: for a
bounded number of generated requests per operation, no answer is a 5xx and none breaks the
service's own schema."""

from __future__ import annotations

import importlib
import os
import tempfile

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from shared.migrate import upgrade
from tests.support.clients import bearer


def _app(name: str):
    directory = tempfile.mkdtemp(prefix=f"revmod-fuzz-{name}-")
    service_settings = importlib.import_module(f"services.{name}.settings").Settings(
        service=name, database_url=f"sqlite:///{directory}/db.sqlite")
    app = importlib.import_module(f"services.{name}.app").create_app(service_settings)
    upgrade(name, app.extensions["revmod"].engine)
    return app


EXAMPLES = int(os.environ.get("REVMOD_FUZZ_EXAMPLES", "8"))
SCHEMAS = {name: schemathesis.openapi.from_wsgi("/openapi.json", _app(name))
           for name in ("lots", "reviews", "nominations", "notifications")}
# derandomized: the same examples on every run, so CI is repeatable
CHECKS = dict(suppress_health_check=list(HealthCheck), deadline=None, max_examples=EXAMPLES,
              derandomize=True)


def _run(case) -> None:
    # the body against its schema, and no 5xx; headers are left out because flask-smorest
    # documents X-Pagination as an object while it travels as a JSON string
    case.call_and_validate(headers=bearer("secretariat"),
                           checks=[not_a_server_error, response_schema_conformance])


@SCHEMAS["lots"].parametrize()
@settings(**CHECKS)
def test_lots_never_answers_5xx_or_off_schema_when_fuzzed(case):
    _run(case)


@SCHEMAS["reviews"].parametrize()
@settings(**CHECKS)
def test_reviews_never_answers_5xx_or_off_schema_when_fuzzed(case):
    _run(case)


@SCHEMAS["nominations"].parametrize()
@settings(**CHECKS)
def test_nominations_never_answers_5xx_or_off_schema_when_fuzzed(case):
    _run(case)


@SCHEMAS["notifications"].parametrize()
@settings(**CHECKS)
def test_notifications_never_answers_5xx_or_off_schema_when_fuzzed(case):
    _run(case)
