"""Written feedback per question (DOMAIN.md: "written feedback is given per question by
each reviewing State"): comments and requests for clarification from the reviewing States,
and the State under review's replies to them, question by question.

Pure rules: each raises `Refused` naming the field to fix, and changes nothing.
"""

from __future__ import annotations

from services.reviews.domain import stages as s
from services.reviews.domain.facts import ReviewFacts
from services.reviews.domain.rules import Refused

COMMENT, CLARIFICATION = "comment", "clarification_request"
KINDS: tuple[str, ...] = (COMMENT, CLARIFICATION)
#: the State under review may still reply while the list of observations is drafted
REPLY_STAGES = (s.WRITTEN_FEEDBACK, s.LIST_OF_OBSERVATIONS)


def _require_question(facts: ReviewFacts, question_id: str) -> None:
    if question_id not in facts.questions:
        raise Refused(f"{question_id} is not a question of this review's questionnaire",
                      field="question_id")


def give(facts: ReviewFacts, question_id: str, state: str | None) -> None:
    """A reviewing State comments on an answer or asks for clarification, while written
    feedback is being given."""
    if facts.stage != s.WRITTEN_FEEDBACK:
        raise Refused(f"the review is at the stage {facts.stage}; feedback per question is "
                      f"given at {s.WRITTEN_FEEDBACK}", field="stage", conflict=True)
    if state not in facts.reviewing_states:
        raise Refused(f"{state or 'the secretariat'} is not a reviewing State of this review "
                      f"({', '.join(facts.reviewing_states)})", field="actor_state")
    _require_question(facts, question_id)


def reply(facts: ReviewFacts, state: str | None) -> None:
    """The State under review replies to an item of feedback on one of its answers."""
    if facts.stage not in REPLY_STAGES:
        raise Refused(f"the review is at the stage {facts.stage}; replies are written at "
                      + " or ".join(REPLY_STAGES), field="stage", conflict=True)
    if state != facts.state_under_review:
        raise Refused(f"only the State under review ({facts.state_under_review}) replies to "
                      "the feedback", field="actor_state")
