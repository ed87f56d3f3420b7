"""Hostile and broken input at the services' doors: each refusal is a 4xx
application/problem+json that names what to fix, and changes nothing."""

from __future__ import annotations

import importlib

import pytest

from shared.migrate import upgrade

PROBLEM = "application/problem+json"
SERVICES = ("lots", "reviews", "nominations", "notifications")


def service_app(name: str, database_url: str):
    settings = importlib.import_module(f"services.{name}.settings").Settings(
        service=name, database_url=database_url)
    app = importlib.import_module(f"services.{name}.app").create_app(settings)
    upgrade(name, app.extensions["revmod"].engine)
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
