"""WritingPeers: the canned services of fakes.py, which also take writes: each write is
kept, and answered as the test sets it (done by default), so that the secretariat's form
pages can be tested without a service."""

from __future__ import annotations

from services.portal.adapters.peers import Refusal, Sent
from tests.unit.portal.fakes import FakePeers

PERSONS = [
    {"id": 1, "state_code": "AUT", "name": "A. Gruber", "title": "Counsellor",
     "gender": "female", "languages": ["en"], "email": "gruber@gv.at.example.org",
     "phone": None, "nominations": [], "for_every_review": [
         {"role": "focal_point", "nominated_on": "2020-12-10", "withdrawn_on": None}]},
    {"id": 2, "state_code": "AUT", "name": "B. Huber", "title": "Prosecutor",
     "gender": "male", "languages": ["en", "fr"], "email": None, "phone": None,
     "nominations": [{"id": 5, "review_id": 1, "role": "expert", "status": "active",
                      "nominated_on": "2021-01-04", "withdrawn_on": None}],
     "for_every_review": []},
    {"id": 3, "state_code": "AUT", "name": "C. Bauer", "title": "Judge", "gender": "female",
     "languages": [], "email": None, "phone": None, "nominations": [
         {"id": 6, "review_id": 1, "role": "observer", "status": "withdrawn",
          "nominated_on": "2021-01-05", "withdrawn_on": "2021-02-01"}],
     "for_every_review": []},
]
MEETINGS = [{"name": "IRG-2020-10", "title": "Implementation Review Group, first session",
             "held_on": "2020-10-19"}]
UNDRAWN = {"id": 2, "number": 2, "draw_id": None, "phase": 1, "cluster": 1,
           "starts_on": "2021-11-01", "states_under_review": ["FRA", "KEN"]}
PHASES = [{"group_number": 1, "phase": 1, "cluster": 1, "starts_on": "2020-12-01",
           "ends_on": "2022-12-01", "foreseen": 3, "completed": 1, "percentage": 33.3,
           "threshold": 70, "rule_met": False, "may_advance": False, "override": None,
           "end_decision": None}]
SURVEYS = [{"id": 1, "title": "Technical assistance needs 2021", "status": "draft",
            "deadline": None, "opened_on": None, "closed_on": None},
           {"id": 2, "title": "Technical assistance needs 2020", "status": "open",
            "deadline": "2021-04-01", "opened_on": "2021-01-10", "closed_on": None}]
LETTER = {"id": 4, "event_id": "e-4", "event_type": "LotsDrawn", "body": "{}",
          "reason": "rejected", "deliveries": 5, "dead_at": "2021-02-01T10:00:00+00:00",
          "replay_requested_at": None, "replayed_at": None}


def refusal(status: int, detail: str, **errors: list[str]) -> Sent:
    """A service's refusal as Peers.send returns it."""
    body = {"detail": detail, "errors": errors}
    return Sent(status, body, Refusal.of(status, body))


class WritingPeers(FakePeers):
    def __init__(self, token, answers: dict | None = None) -> None:
        super().__init__(token)
        #: (service, path) -> the Sent a write there answers
        self.answers = answers if answers is not None else {}
        self.sent: list[tuple[str, str, dict | None]] = []

    def _answer(self, service, path, params):
        if service == "nominations" and path.startswith("/persons/"):
            return next((p for p in PERSONS if path == f"/persons/{p['id']}"), 404)
        found = {("nominations", "/persons"): PERSONS, ("lots", "/meetings"): MEETINGS,
                 ("lots", "/groups"): [*super()._answer(service, path, params), UNDRAWN]
                 if (service, path) == ("lots", "/groups") else None,
                 ("reviews", "/phases"): PHASES, ("survey", "/surveys"): SURVEYS,
                 ("lots", "/dead-letters"): [LETTER], ("reviews", "/dead-letters"): []
                 }.get((service, path))
        return super()._answer(service, path, params) if found is None else found

    def send(self, service, path, body=None, method="POST"):
        self.sent.append((service, path, body))
        return self.answers.get((service, path), Sent(201, {}))
