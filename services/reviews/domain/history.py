"""A review's past as the history bundle records it (docs/history-bundle.md, "The reviews
service"): each stage change and preliminary consultation of the records, applied in date
order through the rules of the live commands.

The bundle holds what the secretariat kept on paper: the focal points (imported by the
nominations service first), the consultations and the stage changes, but not the answers,
feedback or documents of the later stages. So where the bundle carries what a live command
needs, the same rule decides (a start needs every focal point, the questionnaire needs a
consultation that agreed the working languages, a send-back needs its reason); the moves
after the questionnaire are taken as the records state them, one stage at a time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from services.reviews.domain import lifecycle
from services.reviews.domain import stages as s
from services.reviews.domain.dates import (
    fact_date,
    not_before,
    not_before_group_start,
    stage_change_date,
)
from services.reviews.domain.facts import Move, Outcome, ReviewFacts
from services.reviews.domain.phases import EndDecision
from services.reviews.domain.rules import Refused, agreed_languages

#: the reason a recorded stage change gives when its line gives none
RECORDED = "recorded from the history bundle"


@dataclass(frozen=True)
class RecordedStage:
    """One line of stages.csv: the review entered `to_stage` on `on`."""

    line: int
    phase: int
    state_under_review: str
    to_stage: str
    on: dt.date
    reason: str | None = None


@dataclass(frozen=True)
class RecordedConsultation:
    """One line of consultations.csv: a preliminary consultation held on `held_on`."""

    line: int
    phase: int
    state_under_review: str
    held_on: dt.date
    languages: tuple[str, ...]
    languages_agreed: bool
    exceptional_reason: str | None = None
    facilitated: bool = True


def in_date_order(facts: list[RecordedStage | RecordedConsultation]) -> list:
    """The order a review lived them: by date and, within a day, a consultation after the
    start it belongs to and before the questionnaire it opens."""
    def rank(fact) -> float:
        if isinstance(fact, RecordedConsultation):
            return s.position(s.PRELIMINARY_CONSULTATION) + 0.5
        return s.position(fact.to_stage)
    return sorted(facts, key=lambda f: (_day(f), rank(f), f.line))


def _day(fact: RecordedStage | RecordedConsultation) -> dt.date:
    return fact.on if isinstance(fact, RecordedStage) else fact.held_on


def recorded_move(facts: ReviewFacts, fact: RecordedStage, today: dt.date,
                  previous: dt.date | None, starts_on: dt.date) -> Outcome:
    """The review's facts after the recorded stage change, and its move; `previous` is
    the day of the review's last stage change, `starts_on` its group's start."""
    stage_change_date(fact.on, today, previous)
    if facts.stage == s.COMPLETED:
        raise Refused("the review is completed by then: no stage follows", field="to_stage")
    reason = fact.reason or RECORDED
    if fact.to_stage == s.previous_stage(facts.stage):
        return lifecycle.send_back(facts, fact.reason or "")
    wanted = s.next_stage(facts.stage)
    if fact.to_stage != wanted:
        raise Refused(f"the review is at the stage {facts.stage} by then: the next stage "
                      f"is {wanted}, not {fact.to_stage}", field="to_stage")
    if facts.stage == s.WAITING_FOR_NOMINATIONS:
        not_before_group_start(fact.on, starts_on)
        started = _as_line(lambda: lifecycle.start(facts))
        return replace(started, move=replace(started.move, reason=fact.reason or
                                             started.move.reason))
    if facts.stage == s.PRELIMINARY_CONSULTATION and not facts.consultation_held:
        raise Refused("no preliminary consultation that agreed the working languages is "
                      "recorded by then (consultations.csv)", field="to_stage")
    return Outcome(replace(facts, stage=wanted), Move(facts.stage, wanted, reason))


def recorded_consultation(facts: ReviewFacts, fact: RecordedConsultation, today: dt.date,
                          previous: dt.date | None) -> ReviewFacts:
    """The review's facts after the recorded consultation, which moves no stage (the
    stage it opens is a line of stages.csv): held while the review was at the stage of
    the preliminary consultation, on or after the day it entered it."""
    fact_date(fact.held_on, today, field="held_on")
    not_before(fact.held_on, previous, "the review's last stage change", field="held_on")
    if facts.stage != s.PRELIMINARY_CONSULTATION:
        raise Refused(f"the review is at the stage {facts.stage} by then, not at the "
                      "preliminary consultation", field="held_on")
    if not fact.languages_agreed:
        if fact.languages:
            raise Refused("no languages are listed when none were agreed",
                          field="languages")
        return facts
    languages = agreed_languages(fact.languages, fact.exceptional_reason)
    return replace(facts, consultation_held=True, languages=languages,
                   exceptional_reason=fact.exceptional_reason if len(languages) > 2 else None)


def _as_line(decide) -> Outcome:
    """A live rule's refusal, named by the column that records the fact it refuses."""
    try:
        return decide()
    except Refused as exc:
        raise Refused(exc.detail, field="to_stage") from exc


ADVANCE, EXTEND = "advance", "extend"


@dataclass(frozen=True)
class RecordedDecision:
    """One line of decisions.csv: the Conference let a group's phase be followed by the
    next before the 70 per cent rule was met (`advance`), or moved its end (`extend`)."""

    line: int
    decided_on: dt.date
    group_number: int
    phase: int
    decision: str
    ends_on: dt.date | None
    reason: str


def phase_end_decision(fact: RecordedDecision, starts_on: dt.date,
                       today: dt.date) -> EndDecision:
    """The phase's new end as the Conference decided it: taken, with its reason, and
    after the phase's start."""
    fact_date(fact.decided_on, today, field="decided_on")
    if fact.ends_on is None:
        raise Refused("an extension gives the phase's new end", field="ends_on")
    if fact.ends_on <= starts_on:
        raise Refused(f"the phase starts on {starts_on.isoformat()}: it cannot end on "
                      f"{fact.ends_on.isoformat()}", field="ends_on")
    if not fact.reason.strip():
        raise Refused("give the Conference's decision (its reference or reason)",
                      field="reason")
    return EndDecision(fact.ends_on, fact.reason, fact.decided_on)
