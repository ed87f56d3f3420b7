"""The reviews' part of the history bundle (stages.csv, consultations.csv, decisions.csv;
docs/history-bundle.md), imported all or nothing.

Everything is checked in one transaction, each review's facts in date order through the
rules of the live commands (domain/history.py), and committed only if no line failed;
otherwise every bad line is named (file, line, field, reason) and nothing is written. A
fact already on record (a stage entered on that day, a consultation held on that day, a
decision taken on that day) is passed over, so importing the same files again changes
nothing and publishes nothing. The events an import causes carry the history mark.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from services.reviews.adapters.orm import ReviewRow
from services.reviews.adapters.unit_of_work import ReviewsUnitOfWork
from services.reviews.adapters.work_orm import ConsultationRow
from services.reviews.domain import stages as s
from services.reviews.domain.facts import Actor
from services.reviews.domain.history import (
    ADVANCE,
    RecordedConsultation,
    RecordedDecision,
    RecordedStage,
    in_date_order,
    phase_end_decision,
    recorded_consultation,
    recorded_move,
)
from services.reviews.domain.rules import Refused
from services.reviews.handlers.moves import make_move
from services.reviews.handlers.phases import override_phase
from shared.bundle_csv import LineProblem, PartRefused
from shared.context import ServiceContext
from shared.web.errors import DomainError

log = logging.getLogger(__name__)

STAGES, CONSULTATIONS, DECISIONS = "stages.csv", "consultations.csv", "decisions.csv"
#: who the records name as having recorded an imported fact
IMPORTED = Actor("history import")


@dataclass
class HistoryPart:
    """The reviews' files as read: their lines, and the problems of reading them."""

    stages: list[RecordedStage] = field(default_factory=list)
    consultations: list[RecordedConsultation] = field(default_factory=list)
    decisions: list[RecordedDecision] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)


@dataclass
class Counts:
    stage_changes: int = 0
    consultations: int = 0
    decisions: int = 0
    already_recorded: int = 0


def import_history(ctx: ServiceContext, part: HistoryPart) -> dict:
    """Check every line against the records and the lines before it, write, and commit
    only if no line failed; say how many facts were new and how many already on record."""
    problems, counts = list(part.problems), Counts()
    with ctx.uow() as uow:
        for (phase, state), facts in _by_review(part).items():
            review = _review(uow, phase, state, facts, problems)
            if review is not None:
                _apply(ctx, uow, review, facts, problems, counts)
        for decision in sorted(part.decisions, key=lambda d: (d.decided_on, d.line)):
            _decide(ctx, uow, decision, problems, counts)
        if problems:
            raise PartRefused(sorted(set(problems), key=lambda p: (p.file, p.line, p.field)))
    log.info("history imported: %s", counts)
    return asdict(counts)


def _by_review(part: HistoryPart) -> dict[tuple[int, str], list]:
    facts: dict[tuple[int, str], list] = defaultdict(list)
    for fact in [*part.stages, *part.consultations]:
        facts[(fact.phase, fact.state_under_review)].append(fact)
    return facts


def _review(uow: ReviewsUnitOfWork, phase: int, state: str, facts: list,
            problems: list[LineProblem]) -> ReviewRow | None:
    """The review the lines name, resolved in our own copy; each line refused if none."""
    review = uow.review_named(phase, state)
    if review is None:
        problems += [LineProblem(_file(f), f.line, "state_under_review",
                             f"no review of {state} in phase {phase} is known here")
                     for f in facts]
    return review


def _apply(ctx: ServiceContext, uow: ReviewsUnitOfWork, review: ReviewRow, facts: list,
           problems: list[LineProblem], counts: Counts) -> None:
    """The review's facts in date order; its first refusal ends it (the facts after it
    would be refused for its sake)."""
    now, today = ctx.clock.now(), ctx.clock.today()
    state, history = uow.facts(review), uow.stage_days(review.id)
    held = uow.consultation_days(review.id)
    previous = review.stage_entered_on
    start_seen = False
    for fact in in_date_order(facts):
        try:
            if isinstance(fact, RecordedConsultation):
                if fact.held_on in held:
                    counts.already_recorded += 1
                    continue
                state = recorded_consultation(state, fact, today, previous)
                uow.add(_consultation_row(review, fact, now))
                counts.consultations += 1
                continue
            is_start = fact.to_stage == s.PRELIMINARY_CONSULTATION and not start_seen
            start_seen = start_seen or is_start
            if (fact.to_stage, fact.on) in history or (is_start and _started(history)):
                counts.already_recorded += 1
                continue
            outcome = recorded_move(state, fact, today, previous, review.starts_on)
            make_move(uow, review, outcome.move, IMPORTED, now, ctx.settings.deadlines,
                      on=fact.on, history=True)
            state, previous = outcome.facts, fact.on
            counts.stage_changes += 1
        except Refused as exc:
            problems.append(LineProblem(_file(fact), fact.line, exc.field, exc.detail))
            return


def _started(history: set[tuple[str, dt.date]]) -> bool:
    """The review has started (by itself, once its focal points were nominated): a start
    line of the bundle is then already on record, whatever day it gives."""
    return any(stage == s.PRELIMINARY_CONSULTATION for stage, _ in history)


def _consultation_row(review: ReviewRow, fact: RecordedConsultation,
                      now: dt.datetime) -> ConsultationRow:
    return ConsultationRow(
        review_id=review.id, held_on=fact.held_on, languages=list(fact.languages),
        languages_agreed=fact.languages_agreed,
        exceptional_reason=fact.exceptional_reason if len(fact.languages) > 2 else None,
        time_frames={}, facilitated_by_secretariat=fact.facilitated,
        recorded_by=IMPORTED.name, actor_state=None, recorded_at=now)


def _decide(ctx: ServiceContext, uow: ReviewsUnitOfWork, fact: RecordedDecision,
            problems: list[LineProblem], counts: Counts) -> None:
    """A Conference decision on a phase, through the live command's rules for an
    override; a decision taken on the same day is already on record."""
    try:
        row = uow.phase_for_update(fact.group_number, fact.phase)
        if fact.decision == ADVANCE:
            if row is not None and row.override_on == fact.decided_on:
                counts.already_recorded += 1
                return
            override_phase(uow, fact.group_number, fact.phase, IMPORTED, fact.reason,
                           fact.decided_on, ctx.clock.now(), history=True)
        else:
            if row is None:
                raise Refused(f"group {fact.group_number} has no phase {fact.phase}",
                              field="phase")
            if row.ends_on_decided_on == fact.decided_on:
                counts.already_recorded += 1
                return
            end = phase_end_decision(fact, row.starts_on, ctx.clock.today())
            row.ends_on, row.ends_on_reason, row.ends_on_decided_on = (
                end.ends_on, end.reason, end.decided_on)
            row.ends_on_recorded_at = ctx.clock.now()
        counts.decisions += 1
    except (Refused, DomainError) as exc:
        problems.append(LineProblem(DECISIONS, fact.line, exc.field or "decision", exc.detail))


def _file(fact: RecordedStage | RecordedConsultation) -> str:
    return STAGES if isinstance(fact, RecordedStage) else CONSULTATIONS
