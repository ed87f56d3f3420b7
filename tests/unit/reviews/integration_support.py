"""Helpers for the reviews service's integration tests (tests/integration/test_reviews_*):
an app on a real database with a settable clock, events handed to the handlers as the
consumer would hand them, and a review walked through its stages over the API."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import func, select

from services.reviews.adapters.orm import Base
from services.reviews.app import create_app
from services.reviews.bootstrap import migrate
from services.reviews.domain import stages as s
from services.reviews.domain.rules import OFFICIAL_LANGUAGES
from services.reviews.handlers.events import event_handlers
from services.reviews.settings import Settings
from shared.bus.tables import outbox
from shared.clock import FixedClock
from shared.events import decode, encode, new_event

NOW = dt.datetime(2020, 12, 1, 9, 30, tzinfo=dt.UTC)
START = dt.date(2020, 12, 1)
SECRETARIAT = {"actor": "Secretariat, review mechanism"}
_NOMINATIONS = itertools.count(1000)


def make_app(database_url: str, amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/%2F",
             clock: FixedClock | None = None, **settings):
    app = create_app(Settings(service="reviews", database_url=database_url,
                              amqp_url=amqp_url, **settings), clock or FixedClock(NOW))
    migrate(app.extensions["revmod"])  # the shipped question bank too
    return app


@contextmanager
def drawn(database_url: str, reviews) -> Iterator:
    """An app whose first draw scheduled `reviews`; its engine disposed of afterwards."""
    app = make_app(database_url)
    deliver(app, lots_drawn(reviews))
    try:
        yield app
    finally:
        app.extensions["revmod"].engine.dispose()


def clock_of(app) -> FixedClock:
    return app.extensions["revmod"].clock


def at(app, day: dt.date, hour: int = 10) -> None:
    """Move the app's clock to `day`."""
    clock_of(app).set(dt.datetime.combine(day, dt.time(hour), dt.UTC))


def deliver(app, event) -> None:
    """Hand an event to its handler as the consumer does (decoded, one transaction)."""
    ctx = app.extensions["revmod"]
    with ctx.uow() as uow:
        event_handlers(ctx)[event.type](uow, decode(encode(event)))


def lots_drawn(reviews, draw_id=1, group_number=1, starts_on=START, phase=1, cluster=1):
    return new_event("LotsDrawn", {
        "draw_id": draw_id, "group_id": draw_id, "group_number": group_number,
        "starts_on": starts_on, "phase": phase, "cluster": cluster,
        "reviews": [{"state_under_review": sur, "reviewing_states": list(rv)}
                    for sur, rv in reviews],
    }, NOW)


def focal_point(review_id: int, state: str, on: dt.date, nomination_id: int | None = None):
    return new_event("FocalPointNominated", {
        "nomination_id": nomination_id or next(_NOMINATIONS), "state_code": state,
        "review_id": review_id, "name": f"Focal point of {state}",
        "email": f"fp@{state.lower()}.example.org", "nominated_on": on}, NOW)


def withdrawn(nomination_id: int, review_id: int, state: str, on: dt.date,
              role: str = "focal_point"):
    return new_event("NominationWithdrawn", {
        "nomination_id": nomination_id, "state_code": state, "review_id": review_id,
        "role": role, "withdrawn_on": on, "replaced_by": None, "reason": "left the ministry"},
        NOW)


def ids_by_state(app, group_number: int | None = None) -> dict[str, int]:
    query = "" if group_number is None else f"&group_number={group_number}"
    reviews = app.test_client().get(f"/reviews?page_size=100{query}").json
    return {r["state_under_review"]: r["id"] for r in reviews}


def review(app, review_id: int) -> dict:
    return app.test_client().get(f"/reviews/{review_id}").json


def nominate_all(app, review_id: int, on: dt.date) -> None:
    detail = review(app, review_id)
    for state in [detail["state_under_review"], *detail["reviewing_states"]]:
        deliver(app, focal_point(review_id, state, on))


def call(app, method: str, path: str, expect: int = 200, **body):
    answer = getattr(app.test_client(), method)(path, json=body)
    assert answer.status_code == expect, (path, answer.status_code, answer.json)
    return answer.json


def published(app, *types: str) -> list[dict]:
    """What the service wrote to its outbox, oldest first, as {"type", "payload"}."""
    with app.extensions["revmod"].engine.connect() as conn:
        bodies = conn.scalars(select(outbox.c.body).order_by(outbox.c.id)).all()
    events = [json.loads(body) for body in bodies]
    return [e for e in events if not types or e["type"] in types]


def consult(app, review_id: int, held_on: dt.date, languages=("en",), facilitated=True,
            **extra):
    return call(app, "post", f"/reviews/{review_id}/preliminary-consultation",
                held_on=held_on.isoformat(), languages=list(languages),
                facilitated_by_secretariat=facilitated, **SECRETARIAT, **extra)


def question_ids(app, review_id: int) -> list[str]:
    """The questions of the review's questionnaire, as the secretariat reads them."""
    questionnaire = app.test_client().get(f"/reviews/{review_id}/questionnaire").json
    return [q["question_id"] for q in questionnaire["questions"]]


def answer_all(app, review_id: int, state: str, submit: bool = True) -> None:
    for question_id in question_ids(app, review_id):
        call(app, "put", f"/reviews/{review_id}/questionnaire/answers/{question_id}",
             actor="Ministry of Justice", actor_state=state, answer="Yes; see the penal code.")
    if submit:
        call(app, "post", f"/reviews/{review_id}/questionnaire/submit",
             actor="Ministry of Justice", actor_state=state)


def feedback_all(app, review_id: int) -> None:
    for state in review(app, review_id)["reviewing_states"]:
        call(app, "post", f"/reviews/{review_id}/feedback", actor="Reviewer",
             actor_state=state, text=f"Feedback of {state}.")


def review_articles(app, review_id: int) -> list[tuple[str, str]]:
    """(instrument, article) of each article the review's questionnaire covers."""
    questionnaire = app.test_client().get(f"/reviews/{review_id}/questionnaire").json
    return list(dict.fromkeys((q["instrument"], q["article"])
                              for q in questionnaire["questions"]))


def observe(app, review_id: int, articles, expect: int = 200) -> list[dict]:
    """A reviewing State's list of observations on `articles` (a challenge on each),
    agreed by the State under review and adopted today; the list's versions."""
    detail, lists = review(app, review_id), f"/reviews/{review_id}/observation-lists"
    [*_, drafted] = call(app, "post", lists, 201, actor="Reviewer",
                         actor_state=detail["reviewing_states"][0], articles=[
                             {"instrument": instrument, "article": article,
                              "challenges": [f"Few cases under article {article}."]}
                             for instrument, article in articles])
    version = f"{lists}/{drafted['version']}"
    call(app, "post", f"{version}/agree", actor="Ministry of Justice",
         actor_state=detail["state_under_review"], good_practices_public=True)
    return call(app, "post", f"{version}/adopt", expect, **SECRETARIAT)


def summarise_and_complete(app, review_id: int) -> None:
    call(app, "post", f"/reviews/{review_id}/summary", 201, **SECRETARIAT,
         text="The State has criminalized participation in an organized criminal group.")
    for language in OFFICIAL_LANGUAGES:
        call(app, "put", f"/reviews/{review_id}/summary/translations/{language}",
             status="done", **SECRETARIAT)
    call(app, "post", f"/reviews/{review_id}/complete", **SECRETARIAT)


def walk(app, review_id: int, to_stage: str, on: dt.date) -> dict:
    """Move a started review forward over the API, on day `on`, until `to_stage`."""
    at(app, on)
    sur = review(app, review_id)["state_under_review"]
    steps = {
        s.PRELIMINARY_CONSULTATION: lambda: consult(app, review_id, on),
        s.SELF_ASSESSMENT: lambda: answer_all(app, review_id, sur),
        s.WRITTEN_FEEDBACK: lambda: feedback_all(app, review_id),
        s.LIST_OF_OBSERVATIONS: lambda: observe(app, review_id,
                                                review_articles(app, review_id)),
        s.SUMMARY: lambda: summarise_and_complete(app, review_id),
    }
    while (stage := review(app, review_id)["stage"]) != to_stage:
        steps[stage]()
    return review(app, review_id)


def rows_everywhere(app) -> dict[str, int]:
    """How many rows each of the service's tables holds, the outbox included."""
    tables = [*Base.metadata.tables.values(), outbox]
    with app.extensions["revmod"].engine.connect() as conn:
        return {t.name: conn.scalar(select(func.count()).select_from(t)) for t in tables}


def refused(app, method, path, code, field, **body) -> dict:
    """The request is answered `code`, problem+json naming `field`, and nothing changed."""
    before = rows_everywhere(app)
    answer = getattr(app.test_client(), method)(path, json=body)
    assert answer.status_code == code, answer.json
    assert answer.content_type == "application/problem+json"
    assert field in answer.json["errors"], answer.json
    assert rows_everywhere(app) == before
    return answer.json
