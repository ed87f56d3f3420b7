"""Every POST to the portal is guarded before its view runs (pages/guard.py): without the
session's CSRF token it is refused, and the same form sent twice is refused the second time
with words, the view running once. A service's refusal is read into what the form shows."""

from __future__ import annotations

from flask import Blueprint

from services.portal.adapters.peers import Refusal
from services.portal.app import create_app
from services.portal.settings import Settings
from shared.clock import FixedClock
from tests.unit.portal.fakes import FakePeers
from tests.unit.portal.test_signin import NOW, FakeAccounts, csrf, sign_in


def portal_with_a_form(done: list[str]):
    app = create_app(Settings(secret_key="s" * 32), FixedClock(NOW),
                     lambda token: FakePeers(token), FakeAccounts())
    blp = Blueprint("trial", __name__)
    blp.add_url_rule("/trial", "send", lambda: done.append("sent") or ("ok", 200),
                     methods=["POST"])
    app.register_blueprint(blp)
    client = app.test_client()
    sign_in(client)
    return client


def test_a_form_without_the_sessions_token_is_refused_and_its_view_never_runs():
    done: list[str] = []
    client = portal_with_a_form(done)
    for data in ({}, {"csrf": "forged", "once": "a1"}):
        answer = client.post("/trial", data=data)
        assert answer.status_code == 400
        assert "the form has expired" in answer.get_data(as_text=True)
    assert done == []


def test_the_same_form_sent_twice_is_done_once_and_the_second_sending_is_told_why():
    done: list[str] = []
    client = portal_with_a_form(done)
    token = csrf(client, "/reviews")
    first = client.post("/trial", data={"csrf": token, "once": "form-1"})
    again = client.post("/trial", data={"csrf": token, "once": "form-1"})
    other = client.post("/trial", data={"csrf": token, "once": "form-2"})
    assert (first.status_code, again.status_code, other.status_code) == (200, 409, 200)
    assert "was sent already" in again.get_data(as_text=True)
    assert done == ["sent", "sent"]
    assert client.post("/trial", data={"csrf": token}).status_code == 400  # no form token


def test_a_services_refusal_is_read_field_by_field_from_its_problem_json():
    refusal = Refusal.of(422, {"title": "Unprocessable Entity", "detail": "invalid fields",
                               "errors": {"text": ["too long"],
                                          "legislation": {"0": {"link": ["not a URL"]}}}})
    assert refusal == Refusal(422, "invalid fields", {"text": ["too long"],
                                                      "legislation.0.link": ["not a URL"]})
    assert Refusal.of(409, "not json") == Refusal(409, "", {})
