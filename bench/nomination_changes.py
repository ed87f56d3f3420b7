"""Nominations a benchmark sends over HTTP as the secretariat, each with known events.

A focal point replaced (POST /nominations/<id>/replacement) announces NominationWithdrawn
and FocalPointNominated, which the reviews and the notifications services both consume; an
expert nominated for one review (POST /nominations with its review_id) announces one
ExpertNominated, which the notifications service consumes. Neither sends an e-mail at once,
and neither moves a review that has started.
"""

from __future__ import annotations

from bench.pacing import TakingTurns


class FocalPointReplacer(TakingTurns):
    """Replaces focal points in turn, each by a new person: the next replacement of a
    place names the nomination the last one's answer made."""

    def __init__(self, base_url: str, focal_points: list[dict]) -> None:
        super().__init__(len(focal_points))
        self.base_url = base_url
        self.current = [fp["id"] for fp in focal_points]  # place -> the nomination in force
        self.states = [fp["state_code"].lower() for fp in focal_points]

    def request(self, n: int) -> tuple[str, dict]:
        place = self.take(n)
        return f"{self.base_url}/nominations/{self.current[place]}/replacement", {
            "name": f"Focal point {n} of {self.states[place]}", "title": "Counsellor",
            "gender": "male", "email": f"fp{n}-{self.states[place]}@gov.example.org",
            "reason": "benchmark"}

    def answered(self, n: int, status: int, body) -> None:
        if status < 300:
            self.current[self.busy[n]] = body["id"]
        self.release(n)


class ExpertNominator:
    """Nominates a new expert for each State and review in turn."""

    def __init__(self, base_url: str, focal_points: list[dict]) -> None:
        self.url = f"{base_url}/nominations"
        self.places = [(fp["state_code"], fp["review_id"]) for fp in focal_points]

    def request(self, n: int) -> tuple[str, dict]:
        code, review = self.places[n % len(self.places)]
        return self.url, {
            "state_code": code, "role": "expert", "review_id": review,
            "name": f"Expert {n} of {code}", "title": "Prosecutor", "gender": "female",
            "email": f"expert{n}-{code.lower()}@gov.example.org"}

    def answered(self, n: int, status: int, body) -> None:
        pass  # each nomination stands alone
