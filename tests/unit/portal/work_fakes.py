"""The reviews service's content as the portal's work pages read and write it, canned: a
review at a chosen stage with a questionnaire of three questions, feedback with and without
replies, and lists of observations; every write recorded, and refused where told."""

from __future__ import annotations

import jwt

from services.portal.adapters.peers import Refusal, Sent
from tests.unit.portal.fakes import FakePeers, review

QUESTIONS = [
    {"question_id": f"c1-conv-{n}-a", "instrument": "convention", "article": str(n),
     "subject": f"Subject of article {n}", "cites": f"Convention, art. {n}",
     "text": f"What does your law say about article {n}?", "answer": None}
    for n in (5, 6, 7)]
CATEGORIES = [{"code": "capacity_building", "label": "Capacity building"},
              {"code": "other", "label": "Other"}]


def answered(question: dict, text: str, status: str = "draft") -> dict:
    return {**question, "answer": {
        "version": 1, "status": status, "text": text, "legislation": [
            {"title": "Penal Code", "provision": "art. 278", "link": None}], "cases": [],
        "written_by": "fp", "actor_state": "AUT", "written_at": "2021-02-27T10:15:00+00:00",
        "submitted_at": None}}


class WorkPeers(FakePeers):
    """One review (id 1: AUT under review, FRA and KEN reviewing) at `stage`."""

    def __init__(self, token, stage="self_assessment", questions=None, feedback=(),
                 lists=(), refuse: dict[str, Refusal] | None = None) -> None:
        super().__init__(token)
        self.review = {**review(1, "AUT", ["FRA", "KEN"], stage, "2021-02-20"),
                       "questions": 3, "answered": 0}
        self.questions = list(questions if questions is not None else QUESTIONS)
        self.feedback = list(feedback)
        self.lists = list(lists)
        self.refuse = refuse or {}
        self.summaries: list[dict] = []
        self.translations = [{"language": code, "summary_version": None,
                              "status": "not_requested", "updated_by": None,
                              "updated_at": None}
                             for code in ("ar", "zh", "en", "fr", "ru", "es")]
        self.sent: list[tuple[str, str, str, dict]] = []

    def _answer(self, service, path, params):
        found = {"/reviews/1": self.review, "/reviews": [self.review],
                 "/reviews/1/questionnaire": {"cluster": 1, "version": 1,
                                              "instruments": ["convention"], "fixed": True,
                                              "questions": self.questions},
                 "/reviews/1/questionnaire/feedback": self.feedback,
                 "/reviews/1/observation-lists": self.lists,
                 "/need-categories": CATEGORIES,
                 "/reviews/1/summary": self.summaries,
                 "/reviews/1/summary/translations": self.translations}
        if service == "reviews" and path in found:
            return found[path]
        return super()._answer(service, path, params)

    def send(self, service, path, body=None, method="POST"):
        self.sent.append((service, method, path, body))
        state = jwt.decode(self.token, options={"verify_signature": False}).get("state")
        if state and state not in (self.review["state_under_review"],
                                   *self.review["reviewing_states"]):
            # the service's scope: another State's review answers as one that does not exist
            return Sent(404, {}, Refusal(404, "review 1 does not exist",
                                         {"review_id": ["review 1 does not exist"]}))
        if path in self.refuse:
            refusal = self.refuse[path]
            return Sent(refusal.status, {}, refusal)
        return Sent(200, {})
