"""Country reviews that a benchmark can move back and forth, over HTTP as the secretariat.

Setting up: lots drawn for one group starting today (a letter about a date long past is
recorded, not sent), a focal point for every State in it, so each review starts on its own
and stands at the preliminary consultation. Then each change is one of two commands, in
turn for the same review: the consultation held (on to the self-assessment questionnaire)
and the review sent back (to the consultation). Both are stage changes, so each tells the
State under review and each reviewing State by e-mail; neither passes the stage that
waits for nominations, where a new focal point would start the review on its own.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from bench.pacing import TakingTurns
from harness.system import draw_group
from harness.waiting import eventually
from services.notifications.domain.mail import message_id_for
from shared.bus.tables import outbox
from shared.db.engine import make_engine

CONSULTATION, QUESTIONNAIRE = "preliminary_consultation", "self_assessment"


def started_reviews(system, size: int) -> tuple[list[dict], list[dict]]:
    """`size` reviews of one group, every one at the preliminary consultation, and their
    focal points' nominations, one per State and review. draw_group reads one page of 100
    missing focal points: 24 reviews fit, 32 (with their additional reviewers) do not."""
    http, reviews_url = system.http, f"{system.urls['reviews']}/reviews"
    today = dt.datetime.now(dt.UTC).date()
    focal_points = []
    for code in draw_group(system, size, starts_on=today.isoformat()):
        answer = http.post(f"{system.urls['nominations']}/nominations", json={
            "state_code": code, "role": "focal_point", "name": f"Focal point of {code}",
            "title": "Counsellor", "email": f"fp-{code.lower()}@gov.example.org",
            "gender": "female"}, timeout=30)
        answer.raise_for_status()
        focal_points += answer.json()

    def all_started() -> list[dict] | None:
        reviews = http.get(reviews_url, params={"page_size": 100}, timeout=30).json()
        return reviews if all(r["stage"] == CONSULTATION for r in reviews) else None
    return eventually(all_started, timeout=180, interval=0.5), focal_points


class StageMover(TakingTurns):
    """Moves one review per request, the reviews in turn. Each change is named by its
    actor ("bench-<n>"), which the history and ReviewStageChanged carry."""

    def __init__(self, base_url: str, reviews: list[dict]) -> None:
        super().__init__(len(reviews))
        self.base_url = base_url
        self.ids = [r["id"] for r in reviews]
        self.stage = [r["stage"] for r in reviews]
        self.before: dict[int, tuple[int, str]] = {}  # request -> (review, stage before)

    def request(self, n: int) -> tuple[str, dict]:
        """The URL and body of change `n`; the review's stage as if it succeeded."""
        i = self.take(n)
        before = self.before[n] = (i, self.stage[i])
        self.stage[i] = QUESTIONNAIRE if before[1] == CONSULTATION else CONSULTATION
        url, actor = f"{self.base_url}/reviews/{self.ids[i]}", f"bench-{n}"
        if before[1] == CONSULTATION:
            return f"{url}/preliminary-consultation", {
                "actor": actor, "held_on": dt.datetime.now(dt.UTC).date().isoformat(),
                "languages": ["en"], "facilitated_by_secretariat": False}
        return f"{url}/send-back", {"actor": actor, "reason": "benchmark"}

    def answered(self, n: int, status: int, _body) -> None:
        i, stage = self.before.pop(n)
        if status >= 300:
            self.stage[i] = stage  # refused: the review stayed where it was
        self.release(n)


def letters_of_changes(database_url: str) -> dict[int, list[str]]:
    """For each change `n`, the Message-IDs of the letters it causes: one per State of the
    review (usually three), keyed as the notifications service keys them (its cause
    event, State, kind)."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(outbox.c.event_id, outbox.c.body)
                                .where(outbox.c.event_type == "ReviewStageChanged")).all()
    finally:
        engine.dispose()
    letters = {}
    for event_id, body in rows:
        p = json.loads(body)["payload"]
        if not p["changed_by"].startswith("bench-"):
            continue
        states = dict.fromkeys([p["state_under_review"], *p["reviewing_states"]])
        letters[int(p["changed_by"].removeprefix("bench-"))] = [
            message_id_for(f"{event_id}:{state}:stage_changed") for state in states]
    return letters
