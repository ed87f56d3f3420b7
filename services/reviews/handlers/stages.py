"""The commands that move a country review through its stages (POST /reviews/<id>/...).

Each command is one transaction: lock the review, check the day its fact happened (`on`,
today by default: not to come, not before the review's previous stage change), ask the
domain's rules (which refuse or decide the outcome), write what the command records, make
the stage move if there is one (history row dated on that day, and events in the outbox),
and commit; a refusal writes nothing. Each answers with the review's detail as it left it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from services.reviews.adapters.orm import ReviewRow
from services.reviews.adapters.queries import detail_of
from services.reviews.adapters.repository import refusals
from services.reviews.adapters.unit_of_work import ReviewsUnitOfWork
from services.reviews.adapters.work_orm import ConsultationRow, FeedbackRow
from services.reviews.domain import lifecycle
from services.reviews.domain.dates import ON, not_before, stage_change_date
from services.reviews.domain.facts import Actor, Outcome, ReviewFacts
from services.reviews.handlers.answers import send_answers
from services.reviews.handlers.moves import make_move
from services.reviews.handlers.observations import list_coverage
from shared.context import ServiceContext

Decide = Callable[[ReviewFacts], Outcome]
Write = Callable[[ReviewsUnitOfWork, ReviewRow, dt.datetime], None]
#: what a command's rules need beyond the facts every command reads (ReviewFacts fields)
Read = Callable[[ReviewsUnitOfWork, ReviewRow], dict]


@dataclass(frozen=True)
class When:
    """The day a command's fact happened, as the request gave it (None: today), and the
    field a refusal names."""

    on: dt.date | None = None
    field: str = ON


TODAY = When()


def run_command(ctx: ServiceContext, review_id: int, actor: Actor, decide: Decide,
                write: Write | None = None, reason: str | None = None,
                when: When = TODAY) -> Outcome:
    """The shape every review command shares; `reason` replaces the rule's own wording."""
    with ctx.uow() as uow, refusals():
        return _carry_out(ctx, uow, review_id, actor, decide, write, reason, when)[1]


def run_stage_command(ctx: ServiceContext, review_id: int, actor: Actor, decide: Decide,
                      write: Write | None = None, reason: str | None = None,
                      when: When = TODAY, read: Read | None = None) -> dict:
    """`run_command`, answering with the review's detail as the command left it.

    The detail comes from the command's own transaction: the review's row as written, the
    rules' facts after the command (lifecycle's outcome), and the history read after the
    move. Read again in a second session, it would cost another round of queries and
    could show a later command's result instead of this one's."""
    with ctx.uow() as uow, refusals():
        review, outcome = _carry_out(ctx, uow, review_id, actor, decide, write, reason, when,
                                     read)
        history = uow.history(review.id)
    return detail_of(review, outcome.facts, history, ctx.settings.deadlines)


def _carry_out(ctx: ServiceContext, uow: ReviewsUnitOfWork, review_id: int, actor: Actor,
               decide: Decide, write: Write | None, reason: str | None,
               when: When, read: Read | None = None) -> tuple[ReviewRow, Outcome]:
    """Lock the review, check the day, let the rules decide (on the facts every command
    reads, and those `read` adds), write, and move: the command's transaction."""
    now = ctx.clock.now()
    review = uow.review_for_update(review_id)
    day = stage_change_date(when.on, ctx.clock.today(), review.stage_entered_on,
                            field=when.field)
    facts = uow.facts(review)
    outcome = decide(replace(facts, **read(uow, review)) if read else facts)
    if write is not None:
        write(uow, review, now)
    if outcome.move is not None:
        move = replace(outcome.move, reason=reason) if reason else outcome.move
        make_move(uow, review, move, actor, now, ctx.settings.deadlines, on=day)
    return review, outcome


def start_review(ctx: ServiceContext, review_id: int, actor: Actor,
                 reason: str | None = None, on: dt.date | None = None) -> dict:
    """Open the preliminary consultation (the secretariat, when every focal point is
    known but the automatic start did not happen, e.g. after a send-back); never before
    the group's start date."""
    day = on or ctx.clock.today()
    return run_stage_command(ctx, review_id, actor, lambda facts: lifecycle.start(facts, day),
                             reason=reason, when=When(on))


@dataclass(frozen=True)
class HoldConsultation:
    held_on: dt.date
    languages: tuple[str, ...]
    facilitated_by_secretariat: bool
    exceptional_reason: str | None = None
    time_frames: dict = field(default_factory=dict)


def hold_consultation(ctx: ServiceContext, review_id: int, actor: Actor,
                      cmd: HoldConsultation, reason: str | None = None) -> dict:
    """Record the preliminary consultation (note, para. 23) held on its day: the review
    moves on to the self-assessment questionnaire on that day."""
    def write(uow: ReviewsUnitOfWork, review: ReviewRow, now: dt.datetime) -> None:
        uow.add(ConsultationRow(
            review_id=review.id, held_on=cmd.held_on, languages=list(cmd.languages),
            exceptional_reason=cmd.exceptional_reason if len(cmd.languages) > 2 else None,
            time_frames={k: v.isoformat() for k, v in cmd.time_frames.items()},
            facilitated_by_secretariat=cmd.facilitated_by_secretariat,
            recorded_by=actor.name, actor_state=actor.state, recorded_at=now))

    held = f"preliminary consultation held on {cmd.held_on.isoformat()}"
    return run_stage_command(ctx, review_id, actor, lambda facts: (
        lifecycle.hold_consultation(facts, cmd.languages, cmd.exceptional_reason, held)),
        write, reason, When(cmd.held_on, "held_on"))


def hold_consultation_without_agreement(ctx: ServiceContext, review_id: int, actor: Actor,
                                        held_on: dt.date,
                                        facilitated_by_secretariat: bool) -> dict:
    """Record a preliminary consultation held on its day that found no agreement on the
    working languages (note, para. 27): the review waits at the stage in that state, and
    the report counts it in the base of the language figures."""

    def write(uow: ReviewsUnitOfWork, review: ReviewRow, now: dt.datetime) -> None:
        uow.add(ConsultationRow(
            review_id=review.id, held_on=held_on, languages_agreed=False, languages=[],
            exceptional_reason=None, time_frames={},
            facilitated_by_secretariat=facilitated_by_secretariat, recorded_by=actor.name,
            actor_state=actor.state, recorded_at=now))

    return run_stage_command(ctx, review_id, actor,
                             lifecycle.hold_consultation_without_agreement, write,
                             when=When(held_on, "held_on"))


def submit_questionnaire(ctx: ServiceContext, review_id: int, actor: Actor,
                         on: dt.date | None = None) -> dict:
    """The State under review sends its answers (the latest version of each), once every
    question of its questionnaire is answered; written feedback is due from that day."""

    def write(uow: ReviewsUnitOfWork, review: ReviewRow, now: dt.datetime) -> None:
        review.questionnaire_received_on = not_before(
            on or now.date(), uow.latest_answer_day(review.id), "the latest answer it sends")
        send_answers(uow, review, actor, now)

    return run_stage_command(ctx, review_id, actor, lambda facts: (
        lifecycle.submit_questionnaire(facts, actor.state)), write, when=When(on))


def give_feedback(ctx: ServiceContext, review_id: int, actor: Actor, text: str,
                  on: dt.date | None = None) -> dict:
    """A reviewing State gives its written feedback; the last one ends the stage."""

    def write(uow: ReviewsUnitOfWork, review: ReviewRow, now: dt.datetime) -> None:
        uow.add(FeedbackRow(review_id=review.id, state_code=actor.state, text=text,
                                given_by=actor.name, given_at=now))

    return run_stage_command(ctx, review_id, actor,
                             lambda facts: lifecycle.give_feedback(facts, actor.state), write,
                             when=When(on))


def adopt_observations(ctx: ServiceContext, review_id: int, actor: Actor,
                       reason: str | None = None, on: dt.date | None = None) -> dict:
    """The list of observations of every article reviewed is adopted: the summary comes
    next. The adoption of such a list moves the review by itself (handlers/observations.py);
    this moves it again after a send-back, on the list already adopted."""
    return run_stage_command(ctx, review_id, actor, lambda facts: (
        lifecycle.adopt_observations(facts, "list of observations per article adopted")),
        reason=reason, when=When(on), read=list_coverage)


def complete_review(ctx: ServiceContext, review_id: int, actor: Actor,
                    reason: str | None = None, on: dt.date | None = None) -> dict:
    """The summary is final and translated: the country review is completed."""
    return run_stage_command(ctx, review_id, actor, lambda facts: lifecycle.complete(
        facts, "summary translated into the six official languages"), reason=reason,
        when=When(on))


def send_back(ctx: ServiceContext, review_id: int, actor: Actor, reason: str,
              on: dt.date | None = None) -> dict:
    """The secretariat sends the review back one stage, saying why."""
    return run_stage_command(ctx, review_id, actor,
                             lambda facts: lifecycle.send_back(facts, reason), when=When(on))
