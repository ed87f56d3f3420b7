"""Every operation of every service's OpenAPI, called with every role and with no token.

The expected answer of each operation comes from POLICY below; an operation the table does
not list fails the test, so a new endpoint cannot ship without a decision on who may use it.
"""

from __future__ import annotations

import importlib
import re

import pytest

from tests.support.clients import bearer

ANY = "any authenticated role reads"
STAFF = "secretariat and service read"
SECRETARIAT_READ = "secretariat alone reads"
SECRETARIAT = "secretariat alone writes"
STATES = "secretariat, and a State's officials for their own State, write"
OWN_STATE = "secretariat, and a State's own people (observers too) for their State, read"

POLICY = {
    "lots": {
        "GET /states": ANY, "POST /states": SECRETARIAT, "GET /states/{code}": ANY,
        "GET /groups": ANY, "POST /groups": SECRETARIAT, "POST /groups/division": SECRETARIAT,
        "GET /groups/{group_id}": ANY, "POST /groups/{group_id}/draw": SECRETARIAT,
        "GET /draws/{draw_id}": ANY, "GET /groups/{group_id}/commitment": ANY,
        "POST /groups/{group_id}/commitment": SECRETARIAT,
        "GET /draws/{draw_id}/repetitions": ANY,
        "POST /draws/{draw_id}/repetitions": SECRETARIAT,
        "GET /draws/{draw_id}/export": ANY, "GET /draws/{draw_id}/verification": ANY,
        "GET /results.csv": ANY, "GET /results.html": ANY,
        "POST /history/parties": SECRETARIAT,
        "GET /meetings": ANY, "POST /meetings": SECRETARIAT,
        "POST /draws/recorded": SECRETARIAT, "POST /history/draws": SECRETARIAT,
    },
    "reviews": {
        "GET /reviews": ANY, "GET /reviews/{review_id}": ANY,
        "POST /reviews/{review_id}/start": SECRETARIAT,
        "GET /reviews/{review_id}/preliminary-consultation": ANY,
        "POST /reviews/{review_id}/preliminary-consultation": SECRETARIAT,
        "POST /reviews/{review_id}/preliminary-consultation/no-agreement": SECRETARIAT,
        "POST /reviews/{review_id}/questionnaire/submit": STATES,
        "GET /reviews/{review_id}/feedback": ANY,
        "POST /reviews/{review_id}/feedback": STATES,
        "POST /reviews/{review_id}/observations/adopt": SECRETARIAT,
        "POST /reviews/{review_id}/complete": SECRETARIAT,
        "POST /reviews/{review_id}/send-back": SECRETARIAT,
        "GET /reviews/{review_id}/questionnaire": ANY,
        "GET /reviews/{review_id}/questionnaire/answers/{question_id}": ANY,
        "PUT /reviews/{review_id}/questionnaire/answers/{question_id}": STATES,
        "GET /reviews/{review_id}/questionnaire/feedback": ANY,
        "POST /reviews/{review_id}/questionnaire/answers/{question_id}/feedback": STATES,
        "POST /reviews/{review_id}/questionnaire/feedback/{feedback_id}/replies": STATES,
        "GET /reviews/{review_id}/observations": ANY,
        "POST /reviews/{review_id}/observations": SECRETARIAT,
        "GET /reviews/{review_id}/summary": ANY,
        "POST /reviews/{review_id}/summary": SECRETARIAT,
        "GET /reviews/{review_id}/summary/translations": ANY,
        "PUT /reviews/{review_id}/summary/translations/{language}": SECRETARIAT,
        "GET /reports/status": STAFF, "GET /reports/status.html": STAFF,
        "GET /phases": ANY, "GET /phases/{group_number}/{phase}": ANY,
        "POST /phases/{group_number}/{phase}/override": SECRETARIAT,
        "POST /phases/{group_number}/{phase}/end": SECRETARIAT,
        "POST /deadlines/sweep": SECRETARIAT,
        "POST /history/import": SECRETARIAT,
        "GET /reviews/{review_id}/observation-lists": ANY,
        "POST /reviews/{review_id}/observation-lists": STATES,
        "POST /reviews/{review_id}/observation-lists/{version}/agree": STATES,
        "POST /reviews/{review_id}/observation-lists/{version}/adopt": SECRETARIAT,
        "GET /need-categories": ANY, "POST /need-categories": SECRETARIAT,
        "GET /reports/trends": STAFF,
    },
    "nominations": {
        "GET /missions": ANY, "GET /missions/{code}": ANY, "PUT /missions/{code}": SECRETARIAT,
        "GET /nominations": ANY, "POST /nominations": STATES,
        "POST /nominations/import": SECRETARIAT, "GET /nominations/{nomination_id}": ANY,
        "POST /nominations/{nomination_id}/replacement": SECRETARIAT,
        "POST /nominations/{nomination_id}/withdrawal": SECRETARIAT,
        "POST /persons/{person_id}/withdrawal": SECRETARIAT,
        "POST /history/nominations": SECRETARIAT,
        "POST /nominations/{nomination_id}/activation": SECRETARIAT,
        "GET /persons": ANY, "GET /persons/{person_id}": ANY, "GET /missing": ANY,
        "POST /missing/sweep": SECRETARIAT, "GET /figures": STAFF,
    },
    "notifications": {
        "GET /messages": ANY, "GET /messages/{message_id}": ANY,
        "GET /missions/{code}": STAFF, "GET /items": STAFF, "GET /templates": STAFF,
        "GET /templates/{kind}/preview?language=en": STAFF,
    },
    "survey": {
        "GET /surveys": ANY, "POST /surveys": SECRETARIAT, "GET /surveys/{survey_id}": ANY,
        "POST /surveys/{survey_id}/open": SECRETARIAT,
        "POST /surveys/{survey_id}/close": SECRETARIAT,
        "GET /surveys/{survey_id}/answers/{state_code}": OWN_STATE,
        "PUT /surveys/{survey_id}/answers/{state_code}": STATES,
        "GET /surveys/{survey_id}/answers/{state_code}/history": OWN_STATE,
        "GET /surveys/{survey_id}/results": STAFF, "GET /surveys/{survey_id}/results.csv": STAFF,
        "GET /surveys/{survey_id}/results.html": STAFF,
    },
}
for _service in ("lots", "reviews", "nominations", "notifications", "survey"):
    POLICY[_service].update({"GET /dead-letters": SECRETARIAT_READ,
                             "POST /dead-letters/{letter_id}/replay": SECRETARIAT})
for _service in POLICY:
    POLICY[_service]["GET /audit"] = SECRETARIAT_READ
    POLICY[_service]["GET /events/handled?correlation_id=0b6f3c9e-3f1e-4c47-9d43-2c1b7e0f5a10"] \
        = STAFF

ROLES = {"secretariat": None, "service": None, "focal_point": "AUT", "expert": "AUT",
         "observer": "AUT"}
REFUSED = {  # role -> policies under which that role is refused with 403
    "secretariat": set(),
    "service": {SECRETARIAT_READ, SECRETARIAT, STATES, OWN_STATE},
    "observer": {STAFF, SECRETARIAT_READ, SECRETARIAT, STATES},
    "focal_point": {STAFF, SECRETARIAT_READ, SECRETARIAT},
    "expert": {STAFF, SECRETARIAT_READ, SECRETARIAT},
}
SAMPLE = {"code": "AUT", "kind": "nomination_missing", "language": "en", "question_id": "q1",
          "state_code": "AUT"}


@pytest.fixture(scope="module", params=sorted(POLICY))
def service(request, tmp_path_factory):
    name = request.param
    settings = importlib.import_module(f"services.{name}.settings").Settings(
        service=name, database_url=f"sqlite:///{tmp_path_factory.mktemp(name)}/db.sqlite")
    app = importlib.import_module(f"services.{name}.app").create_app(settings)
    importlib.import_module(f"services.{name}.bootstrap").migrate(app.extensions["revmod"])
    yield name, app
    app.extensions["revmod"].engine.dispose()


def operations(app) -> set[str]:
    spec = app.test_client().get("/openapi.json").json
    return {f"{method.upper()} {path}" for path, ops in spec["paths"].items()
            for method in ops if method in ("get", "post", "put", "patch", "delete")}


def call(app, operation: str, headers: dict):
    method, target = operation.split(" ", 1)
    url = re.sub(r"\{(\w+)\}", lambda m: SAMPLE.get(m.group(1), "1"), target)
    body = None if method == "GET" else {}
    return app.test_client().open(url, method=method, json=body, headers=headers)


def test_every_operation_has_a_policy_when_the_spec_is_read(service):
    name, app = service
    listed = {op.split("?")[0] for op in POLICY[name]}
    assert operations(app) == listed, "add the new operations to POLICY"


def test_every_operation_answers_401_when_no_token_is_sent(service):
    name, app = service
    for operation in POLICY[name]:
        answer = call(app, operation, {"Authorization": ""})
        assert answer.status_code == 401, operation
        assert answer.content_type == "application/problem+json"


@pytest.mark.parametrize("role", sorted(ROLES))
def test_each_role_is_refused_exactly_where_the_policy_says(service, role):
    name, app = service
    headers = bearer(role, ROLES[role])
    for operation, policy in POLICY[name].items():
        answer = call(app, operation, headers)
        assert answer.status_code < 500, (operation, role, answer.get_data(as_text=True))
        if policy in REFUSED[role]:
            assert answer.status_code == 403, (operation, role, answer.status_code)
        else:
            assert answer.status_code not in (401, 403), (operation, role, answer.json)
