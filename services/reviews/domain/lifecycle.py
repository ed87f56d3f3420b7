"""The life of one country review as a pure state machine (DOMAIN.md, "Country review
stages").

`ReviewFacts` is what the rules need to know about a review. Every command is a function
`(facts, ...) -> Outcome`: the facts after the command and the stage move it makes, if
any; a command the rules refuse raises `Refused` and changes nothing. Moves go forward
one stage at a time, or back one stage when the secretariat sends a review back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from services.reviews.domain import stages as s
from services.reviews.domain.dates import not_before_group_start
from services.reviews.domain.facts import Move, Outcome, ReviewFacts
from services.reviews.domain.rules import (
    OFFICIAL_LANGUAGES,
    TRANSLATED,
    Refused,
    agreed_languages,
    check_summary_length,
)

__all__ = ["Move", "Outcome", "Refused", "ReviewFacts"]


def _require_stage(facts: ReviewFacts, *allowed: str) -> None:
    if facts.stage not in allowed:
        wanted = " or ".join(allowed)
        raise Refused(f"the review is at the stage {facts.stage}; this needs {wanted}",
                      field="stage", conflict=True)


def _forward(facts: ReviewFacts, reason: str) -> Outcome:
    to = s.next_stage(facts.stage)
    assert to is not None, "nothing follows completed"
    return Outcome(replace(facts, stage=to), Move(facts.stage, to, reason))


def set_focal_point(facts: ReviewFacts, state: str, active: bool) -> ReviewFacts:
    """The copy of the nominations changed; a started review never goes back for it."""
    points = facts.focal_points | {state} if active else facts.focal_points - {state}
    return replace(facts, focal_points=points)


def start(facts: ReviewFacts, on: dt.date | None = None) -> Outcome:
    """Open the preliminary consultation on the day `on`: only once every State has its
    focal point, and never before the group's start date."""
    _require_stage(facts, s.WAITING_FOR_NOMINATIONS)
    if facts.missing_focal_points:
        raise Refused("no focal point yet for " + ", ".join(facts.missing_focal_points),
                      field="focal_points", conflict=True)
    if on is not None and facts.starts_on is not None:
        not_before_group_start(on, facts.starts_on)
    return _forward(facts, "focal points of the State under review and of every "
                           "reviewing State nominated")


def start_if_ready(facts: ReviewFacts, on: dt.date | None = None) -> Outcome:
    """`start` when it would be allowed on the day `on`, else nothing (the automatic
    start: a review whose group starts later waits for that day, DOMAIN.md)."""
    if facts.stage != s.WAITING_FOR_NOMINATIONS or facts.missing_focal_points:
        return Outcome(facts)
    if on is not None and facts.starts_on is not None and on < facts.starts_on:
        return Outcome(facts)
    return start(facts, on)


def hold_consultation(facts: ReviewFacts, languages, exceptional_reason: str | None,
                      reason: str) -> Outcome:
    """The preliminary consultation agreed time frames and working languages."""
    _require_stage(facts, s.PRELIMINARY_CONSULTATION)
    agreed = agreed_languages(languages, exceptional_reason)
    held = replace(facts, consultation_held=True, consultation_without_agreement=False,
                   languages=agreed,
                   exceptional_reason=exceptional_reason if len(agreed) > 2 else None)
    return _forward(held, reason)


def hold_consultation_without_agreement(facts: ReviewFacts) -> Outcome:
    """The preliminary consultation was held but the States found no agreement on the
    working languages (note, para. 27): the review stays at the stage, in that state,
    until a consultation agrees them (or a repeated draw changes its reviewers)."""
    _require_stage(facts, s.PRELIMINARY_CONSULTATION)
    return Outcome(replace(facts, consultation_without_agreement=True))


def answer(facts: ReviewFacts, question: str, actor_state: str | None) -> Outcome:
    """The State under review answers one question; it may start while the consultation
    is pending (note, para. 20), and may revise an answer until it submits."""
    _require_stage(facts, s.WAITING_FOR_NOMINATIONS, s.PRELIMINARY_CONSULTATION,
                   s.SELF_ASSESSMENT)
    _require_state_under_review(facts, actor_state)
    if question not in facts.questions:
        raise Refused(f"{question} is not a question of this review's questionnaire (its "
                      "cluster, and the instruments the State was party to when the review "
                      "started)", field="question_id")
    return Outcome(replace(facts, answered=facts.answered | {question}))


def _require_state_under_review(facts: ReviewFacts, actor_state: str | None) -> None:
    if actor_state != facts.state_under_review:
        raise Refused(f"only the State under review ({facts.state_under_review}) answers "
                      "the self-assessment questionnaire", field="actor_state")


def submit_questionnaire(facts: ReviewFacts, actor_state: str | None) -> Outcome:
    """The State under review sends its answers: every question of its questionnaire must
    be answered (a 422 names those that are not)."""
    _require_stage(facts, s.SELF_ASSESSMENT)
    _require_state_under_review(facts, actor_state)
    if not facts.questions:
        raise Refused("no question list is loaded for this review's cluster",
                      field="questions", conflict=True)
    missing = sorted(facts.questions - facts.answered)
    if missing:
        raise Refused(f"{len(missing)} questions are not answered yet: {', '.join(missing)}",
                      field="answers")
    submitted = replace(facts, questionnaire_submitted=True)
    return _forward(submitted, "self-assessment questionnaire received")


def give_feedback(facts: ReviewFacts, state: str | None) -> Outcome:
    """A reviewing State gives its written feedback; the stage ends with the last one."""
    _require_stage(facts, s.WRITTEN_FEEDBACK)
    if state not in facts.reviewing_states:
        raise Refused(f"only the reviewing States ({', '.join(facts.reviewing_states)}) "
                      "give written feedback", field="actor_state")
    if state in facts.feedback_from:
        raise Refused(f"{state} has already given its written feedback",
                      field="actor_state", conflict=True)
    given = replace(facts, feedback_from=facts.feedback_from | {state})
    if set(facts.reviewing_states) <= given.feedback_from:
        return _forward(given, "written feedback given by every reviewing State")
    return Outcome(given)


def write_observations(facts: ReviewFacts) -> Outcome:
    """A new version of the free-text list of observations (a document beside the list
    per article, which alone moves the review on)."""
    _require_stage(facts, s.LIST_OF_OBSERVATIONS)
    return Outcome(replace(facts, observation_versions=facts.observation_versions + 1))


def adopt_observations(facts: ReviewFacts, reason: str) -> Outcome:
    """The summary can be written once the list of observations of every article reviewed
    is adopted (issue 19, item 3: the list per article is what the summary sums up)."""
    _require_stage(facts, s.LIST_OF_OBSERVATIONS)
    if not facts.list_adopted:
        raise Refused("no list of observations per article has been adopted yet",
                      field="observation_lists", conflict=True)
    if facts.unobserved_articles:
        raise Refused("the adopted list of observations says nothing on "
                      + ", ".join(facts.unobserved_articles)
                      + ": adopt a version that covers every article reviewed",
                      field="observation_lists", conflict=True)
    return _forward(facts, reason)


def write_summary(facts: ReviewFacts, text: str) -> Outcome:
    """A new version of the summary; translations start again for it."""
    _require_stage(facts, s.SUMMARY)
    check_summary_length(text)
    return Outcome(replace(facts, summary_versions=facts.summary_versions + 1,
                           translated=frozenset()))


def track_translation(facts: ReviewFacts, language: str, status: str) -> Outcome:
    """The translation of the latest summary into one language moved on."""
    _require_stage(facts, s.SUMMARY)
    if facts.summary_versions < 1:
        raise Refused("no summary has been written yet", field="summary", conflict=True)
    if language not in OFFICIAL_LANGUAGES:
        raise Refused(f"{language} is not one of the six official languages",
                      field="language")
    done = facts.translated | {language} if status == TRANSLATED else facts.translated - {
        language}
    return Outcome(replace(facts, translated=done))


def complete(facts: ReviewFacts, reason: str) -> Outcome:
    """The summary exists and is translated into the six official languages."""
    _require_stage(facts, s.SUMMARY)
    if facts.summary_versions < 1:
        raise Refused("no summary has been written yet", field="summary", conflict=True)
    missing = [code for code in OFFICIAL_LANGUAGES if code not in facts.translated]
    if missing:
        raise Refused("the summary is not yet translated into " + ", ".join(missing),
                      field="translations", conflict=True)
    return _forward(facts, reason)


def send_back(facts: ReviewFacts, reason: str) -> Outcome:
    """The secretariat sends the review back one stage; what that stage produces must be
    produced again, so its outputs are forgotten (they stay in the records)."""
    if facts.stage in (s.WAITING_FOR_NOMINATIONS, s.COMPLETED):
        raise Refused(f"a review at the stage {facts.stage} cannot be sent back",
                      field="stage", conflict=True)
    if not reason.strip():
        raise Refused("say why the review is sent back", field="reason")
    to = s.previous_stage(facts.stage)
    assert to is not None
    back = replace(facts, stage=to, **_forgotten_on_return(to))
    return Outcome(back, Move(facts.stage, to, reason, backward=True))


def _forgotten_on_return(stage: str) -> dict:
    if stage == s.PRELIMINARY_CONSULTATION:
        return {"consultation_held": False, "consultation_without_agreement": False,
                "languages": (), "exceptional_reason": None}
    if stage == s.SELF_ASSESSMENT:
        return {"questionnaire_submitted": False}
    if stage == s.WRITTEN_FEEDBACK:
        return {"feedback_from": frozenset()}
    return {}
