"""An in-memory unit of work for the reviews handlers: rows kept by class and id, the reads
of adapters/unit_of_work.py answered from them, and the events of each committed
transaction. The facts go through the adapters' own assembly (`facts_of`); the report's snapshot and
the adopted lists the report of trends reads are left to the integration tests."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from services.reviews.adapters.draws_orm import DrawCopyRow
from services.reviews.adapters.observations_orm import (
    NeedCategoryRow,
    ObservationItemRow,
    ObservationListRow,
)
from services.reviews.adapters.orm import (
    DeadlineNoticeRow,
    FocalPointRow,
    PhaseRow,
    ReviewRow,
    StageChangeRow,
)
from services.reviews.adapters.question_bank import SHIPPED, read_bank
from services.reviews.adapters.questionnaire_orm import (
    AnswerVersionRow,
    PartyInstrumentsRow,
    QuestionFeedbackRow,
    ReviewQuestionnaireRow,
)
from services.reviews.adapters.repository import (
    NO_AGREEMENT,
    OBSERVATIONS,
    SUMMARY_DOC,
    facts_of,
)
from services.reviews.adapters.work_orm import (
    ConsultationRow,
    DocumentRow,
    FeedbackRow,
    TranslationRow,
)
from services.reviews.domain import stages as s
from services.reviews.domain.facts import Actor, Move, ReviewFacts
from services.reviews.domain.observations import DEFAULT_CATEGORIES
from services.reviews.domain.phases import EndDecision, Override
from services.reviews.domain.questionnaire import (
    INSTRUMENTS,
    PartyInstruments,
    Questionnaire,
    applicable,
    instruments_on,
)
from services.reviews.domain.report.snapshot import PhaseAsOf, ReviewAsOf
from services.reviews.domain.rules import TRANSLATED
from services.reviews.settings import Settings
from shared.clock import Clock
from shared.web.errors import NotFound
from tests.support.fake_unit_of_work import FakeUnitOfWork as SharedFake


class FakeObservationStore:
    """`uow.observations` (adapters/observations_store.py) on the fake's rows; the
    categories start as the migration leaves them, the issue's six."""

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self.uow = uow

    def categories(self) -> dict[str, str]:
        return {c.code: c.label for c in sorted(self.uow.rows[NeedCategoryRow].values(),
                                                key=lambda c: c.code)}

    def articles_of(self, review: ReviewRow) -> tuple[tuple[str, str], ...]:
        return tuple(dict.fromkeys((q.instrument, q.article)
                                   for q in self.uow.questionnaire(review).questions))

    def add_category(self, row: NeedCategoryRow) -> None:
        self.uow.add(row)

    def latest(self, review_id: int) -> ObservationListRow | None:
        return max(self.uow.of(ObservationListRow, review_id), key=lambda r: r.version,
                   default=None)

    def latest_adopted(self, review_id: int) -> ObservationListRow | None:
        return max((r for r in self.uow.of(ObservationListRow, review_id)
                    if r.status == "adopted"), key=lambda r: r.version, default=None)

    def add_version(self, row: ObservationListRow, items: list[ObservationItemRow]) -> None:
        self.uow.add(row)
        for item in items:
            item.list_id = row.id
        self.uow.add(*items)

    def items_of(self, list_id: int) -> list[ObservationItemRow]:
        return sorted((i for i in self.uow.rows[ObservationItemRow].values()
                       if i.list_id == list_id), key=lambda i: i.position)

    def versions(self, review_id: int) -> list[tuple[ObservationListRow, list]]:
        return [(row, self.items_of(row.id)) for row in sorted(
            self.uow.of(ObservationListRow, review_id), key=lambda r: r.version)]


class FakeUnitOfWork(SharedFake):
    keys: ClassVar[dict[type, str]] = {ReviewQuestionnaireRow: "review_id",
                                       PartyInstrumentsRow: "code", NeedCategoryRow: "code"}

    def __init__(self) -> None:
        super().__init__()
        self.rows[NeedCategoryRow] = {
            code: NeedCategoryRow(code=code, label=label, added_by="migration 0010")
            for code, label in DEFAULT_CATEGORIES}

    @property
    def observations(self) -> FakeObservationStore:
        return FakeObservationStore(self)

    def link(self, row) -> None:
        """The days the ORM's defaults give a row written without them: the day it was
        recorded."""
        if isinstance(row, StageChangeRow) and row.changed_on is None:
            row.changed_on = row.changed_at.date()
        elif isinstance(row, ReviewRow) and row.stage_entered_on is None:
            row.stage_entered_on = row.stage_entered_at.date()

    def of(self, model: type, review_id: int) -> list:
        """The review's rows of `model`, oldest first."""
        return sorted((r for r in self.rows[model].values() if r.review_id == review_id),
                      key=lambda r: r.id)

    def review_for_update(self, review_id: int) -> ReviewRow:
        row = self.rows[ReviewRow].get(review_id)
        if row is None:
            raise NotFound(f"review {review_id} does not exist", field="review_id")
        return row

    def review_of_draw_for_update(self, draw_id: int, state_under_review: str) -> ReviewRow | None:
        return next((r for r in self.rows[ReviewRow].values()
                     if r.draw_id == draw_id and r.state_under_review == state_under_review),
                    None)

    def review_named(self, phase: int, state_under_review: str) -> ReviewRow | None:
        return min((r for r in self.rows[ReviewRow].values()
                    if (r.phase, r.state_under_review) == (phase, state_under_review)),
                   key=lambda r: r.id, default=None)

    def stage_days(self, review_id: int) -> set[tuple[str, dt.date]]:
        return {(h.to_stage, h.changed_on) for h in self.of(StageChangeRow, review_id)
                if h.from_stage != h.to_stage}

    def consultation_days(self, review_id: int) -> set[dt.date]:
        return {c.held_on for c in self.of(ConsultationRow, review_id)}

    def scheduled_in_draw(self, draw_id: int) -> set[str]:
        return {r.state_under_review for r in self.rows[ReviewRow].values()
                if r.draw_id == draw_id}

    def open_reviews(self) -> list[ReviewRow]:
        return [r for r in self.rows[ReviewRow].values() if r.stage != s.COMPLETED]

    def waiting_reviews(self, as_of: dt.date) -> list[ReviewRow]:
        return [r for r in sorted(self.rows[ReviewRow].values(), key=lambda r: r.id)
                if r.stage == s.WAITING_FOR_NOMINATIONS and r.starts_on <= as_of]

    def focal_points_nominated_on(self, review_id: int, states) -> list[dt.date]:
        since: dict[str, dt.date] = {}
        for f in self.of(FocalPointRow, review_id):
            if f.withdrawn_on is None and f.state_code in set(states):
                since[f.state_code] = min(since.get(f.state_code, f.nominated_on),
                                          f.nominated_on)
        return list(since.values())

    def draw_copy(self, draw_id: int) -> DrawCopyRow | None:
        return next((d for d in self.rows[DrawCopyRow].values() if d.draw_id == draw_id),
                    None)

    def facts(self, review: ReviewRow) -> ReviewFacts:
        rid = review.id
        current = [c for c in self.of(ConsultationRow, rid) if c.superseded_at is None]
        rows = [("consultation", c.exceptional_reason, None, c.languages) if c.languages_agreed
                is not False else (NO_AGREEMENT, c.recorded_by, None, None) for c in current]
        rows += [("focal_point", f.state_code, None, None)
                 for f in self.of(FocalPointRow, rid) if f.withdrawn_on is None]
        rows += [("answer", q, None, None)
                 for q in {a.question_id for a in self.of(AnswerVersionRow, rid)}]
        rows += [("feedback", f.state_code, None, None)
                 for f in self.of(FeedbackRow, rid) if f.superseded_at is None]
        rows += [("document", kind, version, None) for kind in (OBSERVATIONS, SUMMARY_DOC)
                 if (version := self.latest_version(rid, kind))]
        rows += [("translation", t.language, t.summary_version, None)
                 for t in self.of(TranslationRow, rid) if t.status == TRANSLATED]
        questionnaire = self.questionnaire(review)
        return facts_of(review, rows, questionnaire.ids)

    def history(self, review_id: int) -> list[Mapping]:
        return [{"from_stage": h.from_stage, "to_stage": h.to_stage,
                 "changed_at": h.changed_at, "changed_by": h.changed_by,
                 "actor_state": h.actor_state, "reason": h.reason}
                for h in sorted(self.of(StageChangeRow, review_id),
                                key=lambda h: (h.changed_at, h.id))]

    def add_stage_change(self, review: ReviewRow, move: Move, actor: Actor,
                         now: dt.datetime, on: dt.date) -> None:
        self.add(StageChangeRow(review_id=review.id, from_stage=move.from_stage,
                                to_stage=move.to_stage, changed_at=now, changed_on=on,
                                changed_by=actor.name, actor_state=actor.state,
                                reason=move.reason))

    def forget_on_return(self, review: ReviewRow, stage: str, now: dt.datetime,
                         on: dt.date) -> None:
        if stage == s.PRELIMINARY_CONSULTATION:
            for row in self.of(ConsultationRow, review.id):
                if row.superseded_at is None:
                    row.superseded_at, row.superseded_on = now, on
        elif stage == s.WRITTEN_FEEDBACK:
            for row in self.of(FeedbackRow, review.id):
                if row.superseded_at is None:
                    row.superseded_at = now
        elif stage == s.SELF_ASSESSMENT:
            review.questionnaire_received_on = None

    def focal_point(self, nomination_id: int) -> FocalPointRow | None:
        return next((f for f in self.rows[FocalPointRow].values()
                     if f.nomination_id == nomination_id), None)

    def phase_for_update(self, group_number: int, phase: int) -> PhaseRow | None:
        return next((p for p in self.rows[PhaseRow].values()
                     if (p.group_number, p.phase) == (group_number, phase)), None)

    def questionnaire(self, review: ReviewRow) -> Questionnaire:
        """The shipped bank of the review's cluster (version 1), cut to its instruments."""
        bank = read_bank(SHIPPED / f"cluster_{review.cluster}.json")
        fixed = self.rows[ReviewQuestionnaireRow].get(review.id)
        if fixed is not None:
            instruments = tuple(fixed.instruments)
        else:
            party = self.rows[PartyInstrumentsRow].get(review.state_under_review)
            copy = party and PartyInstruments(party.code, tuple(party.instruments), {
                i: getattr(party, f"{i}_on") for i in INSTRUMENTS})
            instruments = instruments_on(copy, review.starts_on)
        return Questionnaire(bank.cluster, bank.version, instruments,
                             applicable(bank.questions, instruments), fixed is not None)

    def fix_questionnaire(self, review: ReviewRow, questionnaire: Questionnaire,
                          now: dt.datetime) -> None:
        if not questionnaire.fixed:
            self.add(ReviewQuestionnaireRow(review_id=review.id, bank_id=1, fixed_at=now,
                                            instruments=list(questionnaire.instruments)))

    def latest_answer(self, review_id: int, question_id: str) -> AnswerVersionRow | None:
        return max((a for a in self.of(AnswerVersionRow, review_id)
                    if a.question_id == question_id), key=lambda a: a.version, default=None)

    def latest_answer_day(self, review_id: int) -> dt.date | None:
        return max((a.written_on for a in self.of(AnswerVersionRow, review_id)), default=None)

    def submit_answers(self, review_id: int, now: dt.datetime) -> int:
        latest = {a.question_id: a for a in sorted(self.of(AnswerVersionRow, review_id),
                                                   key=lambda a: a.version)}
        for row in latest.values():
            row.submitted_at = row.submitted_at or now
        return len(latest)

    def question_feedback(self, feedback_id: int) -> QuestionFeedbackRow | None:
        return self.rows[QuestionFeedbackRow].get(feedback_id)

    def keep_party(self, party: dict, now: dt.datetime) -> None:
        self.add(PartyInstrumentsRow(code=party["code"], instruments=list(party["instruments"]),
                                     updated_at=now, **{f"{i}_on": party.get(f"{i}_on")
                                                        for i in INSTRUMENTS}))

    def translation(self, review_id: int, language: str) -> TranslationRow | None:
        return next((t for t in self.of(TranslationRow, review_id)
                     if t.language == language), None)

    def latest_version(self, review_id: int, kind: str) -> int:
        return max((d.version for d in self.of(DocumentRow, review_id) if d.kind == kind),
                   default=0)

    def announced(self, review_ids: list[int]) -> set[tuple]:
        return {(n.review_id, n.stage, n.deadline) for n in self.rows[DeadlineNoticeRow].values()
                if n.review_id in review_ids}

    def who_acted(self, review_ids: list[int]) -> tuple[dict, dict]:
        focal: dict[int, set[str]] = defaultdict(set)
        feedback: dict[int, set[str]] = defaultdict(set)
        for rid in review_ids:
            focal[rid] |= {f.state_code for f in self.of(FocalPointRow, rid)
                           if f.withdrawn_on is None}
            feedback[rid] |= {f.state_code for f in self.of(FeedbackRow, rid)
                              if f.superseded_at is None}
        return focal, feedback

    def phases(self) -> list[PhaseAsOf]:
        return [PhaseAsOf(p.group_number, p.phase, p.cluster, p.starts_on, p.foreseen,
                          Override(p.override_by, p.override_reason, p.override_on)
                          if p.override_on is not None else None,
                          EndDecision(p.ends_on, p.ends_on_reason, p.ends_on_decided_on)
                          if p.ends_on is not None else None)
                for p in sorted(self.rows[PhaseRow].values(),
                                key=lambda p: (p.group_number, p.phase))]

    def reviews_as_of(self, as_of: dt.date) -> list[ReviewAsOf]:
        out = []
        for r in sorted(self.rows[ReviewRow].values(),
                        key=lambda r: (r.group_number, r.phase, r.id)):
            changes = [h for h in self.of(StageChangeRow, r.id)
                       if h.changed_on <= as_of and h.from_stage != h.to_stage]
            if changes:
                last = max(changes, key=lambda h: (h.changed_on, h.id))
                out.append(ReviewAsOf(
                    r.id, r.group_number, r.phase, r.cluster, r.starts_on,
                    r.state_under_review, tuple(r.reviewing_states), last.to_stage,
                    last.changed_on if last.to_stage == s.COMPLETED else None))
        return out


@dataclass
class FakeContext:
    """What a reviews handler reads of its context, with the fake unit of work."""

    clock: Clock
    settings: Settings = field(
        default_factory=lambda: Settings(service="reviews", database_url="sqlite://"))
    uow: FakeUnitOfWork = field(default_factory=FakeUnitOfWork)
