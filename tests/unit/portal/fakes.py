"""FakePeers: the four services' answers, canned, for the portal's page tests."""

from __future__ import annotations

from shared.web.client import PeerUnavailable

STATES = [{"code": c, "name": n, "regional_group": g} for c, n, g in [
    ("AUT", "Austria", "western_european_others"), ("FRA", "France", "western_european_others"),
    ("KEN", "Kenya", "african"), ("ITA", "Italy", "western_european_others"),
    ("PER", "Peru", "latin_american_caribbean")]]


def review(rid, under, reviewing, stage="waiting_for_nominations", deadline="2021-01-15"):
    return {"id": rid, "draw_id": 1, "group_number": 1, "phase": 1, "cluster": 1,
            "state_under_review": under, "reviewing_states": reviewing, "stage": stage,
            "starts_on": "2021-01-01", "stage_entered_at": "2021-01-01T09:00:00+00:00",
            "questionnaire_received_on": None, "deadline": deadline, "stage_history": [
                {"from_stage": None, "to_stage": "waiting_for_nominations",
                 "changed_at": "2021-01-01T09:00:00+00:00", "changed_by": "system",
                 "actor_state": None, "reason": "lots drawn (draw 1)"}],
            "focal_points": [under], "missing_focal_points": reviewing, "languages": ["en"],
            "exceptional_reason": None, "questions": 10, "answered": 0, "feedback_from": [],
            "observation_versions": 0, "summary_versions": 0, "translated": []}


REVIEWS = [review(1, "AUT", ["FRA", "KEN"]), review(2, "ITA", ["PER", "KEN"], "summary"),
           review(3, "PER", ["AUT", "ITA"], "completed", None)]
STAGES = {"waiting_for_nominations": 1, "preliminary_consultation": 0, "self_assessment": 0,
          "written_feedback": 0, "list_of_observations": 0, "summary": 1, "completed": 1}
REPORT = {"as_of": "2021-03-01", "threshold": 70, "groups": [{
    "group_number": 1, "phase": 1, "cluster": 1, "starts_on": "2021-01-01", "reviews": 3,
    "states_taking_part": 5, "stages": STAGES, "advancing": 1,
    "not_started": {"reviews": 1, "under_review": 0, "reviewing": 1, "all_nominated": 0},
    "completion": {"foreseen": 3, "completed": 1, "percentage": 33.3, "threshold": 70,
                   "rule_met": False, "may_advance": False, "override": None}}]}
MISSING = [{"state_code": "FRA", "role": "focal_point", "review_id": 1, "capacity": "reviewing",
            "state_under_review": "AUT", "due_on": "2021-01-15", "days_overdue": 45,
            "reminder": 2}]
MESSAGES = [{"id": 9, "kind": "nomination_missing", "state_code": "FRA", "review_id": 1,
             "status": "sent", "language": "fr", "subject": "Rappel: point de contact",
             "created_at": "2021-01-20T08:00:00+00:00", "sent_at": "2021-01-20T08:01:00+00:00",
             "last_error": None}]
#: the Permanent Missions' languages (the language their letters are written in)
MISSIONS = {code: {"state_code": code, "emails": [f"mission@{code.lower()}.example.org"],
                   "language": language} for code, language in
            [("AUT", "en"), ("FRA", "en"), ("PER", "es")]}
GROUP = {"id": 1, "number": 1, "draw_id": 1, "phase": 1, "cluster": 1,
         "starts_on": "2021-01-01", "states_under_review": ["AUT", "ITA", "PER"]}
DRAW = {"id": 1, "group_id": 1,
        "group": {k: GROUP[k] for k in ("id", "number", "phase", "cluster", "starts_on")},
        "seed": "c0ffee00", "commitment": "ab" * 32,
        "drawn_at": "2021-01-01T09:00:00+00:00", "repetitions": 1,
        "reviews": [{"state_under_review": r["state_under_review"],
                     "reviewing_states": r["reviewing_states"]} for r in REVIEWS]}
#: a result drawn at a meeting and recorded: no seed, nothing the lots service can replay
RECORDED_DRAW = {**DRAW, "id": 3, "seed": None, "commitment": None, "recorded": True,
                 "meeting": "IRG-2020-10", "drawn_on": "2020-10-19", "repetitions": 0,
                 "exceptions": {"AUT": "agreed at the meeting"}}
REPETITIONS = [{"number": 1, "draw_id": 1, "state_under_review": "ITA", "slot": "same_region",
                "replaced": "FRA", "replacement": "PER", "requested_by": "ITA",
                "request_count": 1, "reason": "a conflict of interest", "exceptional": False,
                "requested_at": "2021-01-05T10:00:00+00:00", "seed": "beef0001"}]
VERIFICATION = {"matches": False, "commitment_matches": True, "picks_match": True,
                "repetitions_match": False, "differences": ["repetition 1: PER, not KEN"]}


class FakePeers:
    def __init__(self, token, down: str | None = None, forbidden: tuple = ()) -> None:
        self.token = token
        self.down = down
        self.forbidden = forbidden
        #: every (service, path) read, in order
        self.asked: list[tuple[str, str]] = []

    def _answer(self, service: str, path: str, params: dict):
        self.asked.append((service, path))
        if service == self.down:
            raise PeerUnavailable(f"the {service} service is unavailable (ConnectionError)")
        if path == "/draws/3/verification":
            raise PeerUnavailable(f"{service} refused {path} with 409")
        if path in self.forbidden:
            raise PeerUnavailable(f"{service} refused {path} with 403")
        if path.startswith("/reviews/"):
            found = [r for r in REVIEWS if path == f"/reviews/{r['id']}"]
            if not found:
                raise PeerUnavailable(f"reviews refused {path} with 404")
            return found[0]
        return {("lots", "/states"): STATES,
                ("lots", "/groups"): [GROUP],
                ("lots", "/draws/1"): DRAW, ("lots", "/draws/1/repetitions"): REPETITIONS,
                ("lots", "/draws/1/verification"): VERIFICATION,
                ("lots", "/draws/3"): RECORDED_DRAW,
                ("reviews", "/reports/status"): REPORT, ("reviews", "/reviews"): REVIEWS,
                ("nominations", "/missing"): MISSING,
                **{("nominations", f"/missions/{code}"): m for code, m in MISSIONS.items()},
                ("notifications", "/messages"): MESSAGES}.get((service, path), 404)

    def get(self, service, path, **params):
        answer = self._answer(service, path, params)
        if answer == 404:
            raise PeerUnavailable(f"{service} refused {path} with 404")
        if isinstance(answer, list):
            for key in ("state_code", "review_id"):
                if params.get(key):  # one value, or several (?review_id=1&review_id=2)
                    wanted = params[key] if isinstance(params[key], list) else [params[key]]
                    answer = [a for a in answer if a.get(key) in wanted]
        return answer

    def maybe(self, service, path, **params):
        try:
            return self.get(service, path, **params)
        except PeerUnavailable as exc:
            if "404" in exc.detail:
                return None
            raise

    def permitted(self, service, path, **params):
        try:
            return self.get(service, path, **params)
        except PeerUnavailable as exc:
            if "403" in exc.detail:
                return None
            raise

    def all(self, service, path, **params):
        return self.get(service, path, **params)

    def page(self, service, path, number, size=100, **params):
        found = self.get(service, path, **params)
        return found[(number - 1) * size:number * size], len(found)
