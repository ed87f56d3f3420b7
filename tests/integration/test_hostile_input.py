"""Hostile and broken input at the services' doors: each refusal is a 4xx
application/problem+json that names what to fix, and changes nothing."""

from __future__ import annotations

import importlib
import re

import pytest

from services.portal.app import create_app as portal_app
from services.portal.settings import Settings as PortalSettings
from services.reviews.domain.stages import STAGES

PROBLEM = "application/problem+json"
SERVICES = ("lots", "reviews", "nominations", "notifications", "survey")


def service_app(name: str, database_url: str):
    settings = importlib.import_module(f"services.{name}.settings").Settings(
        service=name, database_url=database_url)
    app = importlib.import_module(f"services.{name}.app").create_app(settings)
    importlib.import_module(f"services.{name}.bootstrap").migrate(app.extensions["revmod"])
    return app


@pytest.fixture
def nominations(database_url):
    app = service_app("nominations", database_url)
    yield app.test_client()
    app.extensions["revmod"].engine.dispose()


def test_mission_code_is_refused_when_a_line_break_follows_it(nominations):
    answer = nominations.put("/missions/AFG%0A", json={
        "emails": ["pm-afg@missions.example.org"], "language": "en"})
    assert answer.status_code == 422 and answer.content_type == PROBLEM
    assert list(answer.json["errors"]) == ["code"]
    assert nominations.get("/missions").json == []


@pytest.fixture(scope="module", params=SERVICES)
def service(request, tmp_path_factory):
    app = service_app(request.param,
                      f"sqlite:///{tmp_path_factory.mktemp(request.param)}/db.sqlite")
    yield app.test_client()
    app.extensions["revmod"].engine.dispose()


def resolved(spec: dict, node: dict) -> dict:
    while "$ref" in node:
        node = spec["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def wrapped(spec: dict, prop: dict, day: str):
    """`day` where the property takes a date: itself, in a list, or as a map's value."""
    prop = resolved(spec, prop)
    if prop.get("format") == "date":
        return day
    if resolved(spec, prop.get("items", {})).get("format") == "date":
        return [day]
    values = prop.get("additionalProperties")
    if isinstance(values, dict) and resolved(spec, values).get("format") == "date":
        return {STAGES[2]: day}  # the one map of dates: time frames per stage
    return None


def operations(spec: dict):
    """(method, url, operation) of every operation, its path filled with sample values."""
    for path, methods in spec["paths"].items():
        url = re.sub(r"\{\w+\}", lambda m: "AUT" if m.group() == "{code}" else "1", path)
        for method, operation in methods.items():
            if method != "parameters":
                yield method.upper(), url, operation


def date_inputs(spec: dict, day: str):
    """(method, url, query, body, field) for every date an operation takes."""
    for method, url, operation in operations(spec):
        for parameter in operation.get("parameters", []):
            if parameter.get("schema", {}).get("format") == "date":
                yield method, url, {parameter["name"]: day}, None, parameter["name"]
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        for name, prop in resolved(spec, (body or {}).get("schema", {})).get(
                "properties", {}).items():
            value = wrapped(spec, prop, day)
            if value is not None:
                yield method, url, None, {name: value}, name


@pytest.mark.parametrize("day", ["1999-12-31", "2101-01-01", "9999-12-31"])
def test_every_date_an_api_takes_is_refused_naming_it_when_outside_2000_to_2100(service, day):
    spec = service.get("/openapi.json").json
    inputs = list(date_inputs(spec, day))
    assert inputs, "every service takes dates somewhere"
    for method, url, query, body, field in inputs:
        answer = service.open(url, method=method, query_string=query, json=body)
        assert answer.status_code == 422, (method, url, field, answer.json)
        assert answer.content_type == PROBLEM
        assert "2000-01-01 and 2100-12-31" in str(answer.json["errors"].get(field)), (
            method, url, field, answer.json)


NESTED = ["[" * 10_000 + "]" * 10_000, '{"a": ' * 10_000 + "1" + "}" * 10_000]
MALFORMED = ['{"number": 1,', "{'number': 1}", "\xff\xfe".encode("latin-1"), "[1] [2]"]


def test_every_json_body_is_a_400_problem_when_nested_too_deep_or_malformed(service):
    """Operations that read a JSON body refuse it as unreadable; the others never read it
    and answer as they would without it, never a 5xx."""
    for method, url, operation in operations(service.get("/openapi.json").json):
        if method == "GET":
            continue
        reads = "application/json" in operation.get("requestBody", {}).get("content", {})
        for body in [*NESTED, *MALFORMED]:
            answer = service.open(url, method=method, data=body,
                                  content_type="application/json")
            assert answer.content_type == PROBLEM, (method, url, body[:20])
            if reads:
                assert answer.status_code == 400, (method, url, body[:20], answer.json)
                assert "json" in answer.json["errors"]
            else:
                assert answer.status_code < 500, (method, url, body[:20], answer.json)


def test_portal_answers_a_json_body_with_a_400_problem_when_nested_or_malformed():
    portal = portal_app(PortalSettings(secret_key="s" * 32)).test_client()
    for body in [*NESTED, *MALFORMED]:
        answer = portal.post("/signin", data=body, content_type="application/json")
        assert answer.status_code == 400 and answer.content_type == PROBLEM, body[:20]
