"""The reviews handlers on the in-memory unit of work: what they write, what they announce,
and that a refusal leaves nothing behind (the same handlers run on the real databases in
tests/integration/test_reviews_*.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from services.reviews.adapters.draws_orm import DrawCopyRow, RepetitionCopyRow
from services.reviews.adapters.orm import (
    DeadlineNoticeRow,
    FocalPointRow,
    PhaseRow,
    ReviewRow,
    StageChangeRow,
)
from services.reviews.adapters.questionnaire_orm import AnswerVersionRow
from services.reviews.adapters.repository import OBSERVATIONS, SUMMARY_DOC
from services.reviews.adapters.work_orm import ConsultationRow, FeedbackRow
from services.reviews.domain import observations as o
from services.reviews.domain import stages as s
from services.reviews.domain.facts import Actor
from services.reviews.domain.history import RecordedConsultation, RecordedStage
from services.reviews.domain.rules import OFFICIAL_LANGUAGES
from services.reviews.handlers import answers, observations, stages, work
from services.reviews.handlers.events import event_handlers
from services.reviews.handlers.history_import import HistoryPart, import_history
from services.reviews.handlers.phases import phase_completions, record_override
from services.reviews.handlers.starts import start_due_reviews
from services.reviews.handlers.sweeps import sweep_deadlines
from shared.bundle_csv import PartRefused
from shared.clock import FixedClock
from shared.events import decode, encode, new_event
from shared.web.errors import Conflict, NotFound, RuleViolated, Unprocessable
from tests.unit.reviews.fakes import FakeContext

NOW = dt.datetime(2021, 1, 10, 9, tzinfo=dt.UTC)
START, DRAWN_ON = dt.date(2020, 12, 1), dt.date(2020, 11, 23)
SECRETARIAT = Actor("Secretariat")
AUT, DEU, BRA = Actor("Ministry", "AUT"), Actor("Reviewer", "DEU"), Actor("Reviewer", "BRA")


def hear(ctx, event_type: str, payload: dict) -> None:
    """Deliver one event as the consumer does: read off the wire, its handler in one
    transaction."""
    event = decode(encode(new_event(event_type, payload, NOW)))
    with ctx.uow() as uow:
        event_handlers(ctx)[event_type](uow, event)


def drawn(draw_id: int = 1, reviews=(("AUT", ("DEU", "BRA")),)) -> dict:
    return {"draw_id": draw_id, "group_id": 1, "group_number": 1, "starts_on": START,
            "phase": 1, "cluster": 1, "meeting": "IRG-2020-11", "drawn_on": DRAWN_ON,
            "reviews": [{"state_under_review": sur, "reviewing_states": list(rv)}
                        for sur, rv in reviews]}


def focal_point(state: str, nomination_id: int, review_id: int = 1) -> dict:
    return {"nomination_id": nomination_id, "state_code": state, "review_id": review_id,
            "name": f"Focal point of {state}", "email": f"fp@{state.lower()}.example.org",
            "nominated_on": START}


def repeated(replaced: str) -> dict:
    """`replaced` replaced by FRA in AUT's review, at AUT's request."""
    return {"draw_id": 1, "group_number": 1, "phase": 1, "state_under_review": "AUT",
            "replaced": replaced, "replacement": "FRA", "reviewing_states": ["FRA", "BRA"],
            "requested_by": "AUT", "reason": None, "exceptional": False, "repetition": 1}


@pytest.fixture
def ctx():
    context = FakeContext(clock=FixedClock(NOW))
    hear(context, "LotsDrawn", drawn())
    return context


@pytest.fixture
def started(ctx):
    for number, state in enumerate(("AUT", "DEU", "BRA"), start=1):
        hear(ctx, "FocalPointNominated", focal_point(state, number))
    return ctx


def review(ctx) -> ReviewRow:
    return ctx.uow.rows[ReviewRow][1]


def types(ctx) -> list[str]:
    return [e.type for e in ctx.uow.committed]


def moves(ctx) -> list[tuple[str, str]]:
    return [(e.payload["from_stage"], e.payload["to_stage"]) for e in ctx.uow.committed
            if e.type == "ReviewStageChanged"]


def consult(ctx, languages=("en",)) -> dict:
    return stages.hold_consultation(ctx, 1, SECRETARIAT, stages.HoldConsultation(
        dt.date(2021, 1, 5), languages, facilitated_by_secretariat=True))


def question_ids(ctx) -> list[str]:
    return [q.id for q in ctx.uow.questionnaire(review(ctx)).questions]


def answer_and_submit(ctx) -> dict:
    for question in question_ids(ctx):
        answers.save_answer(ctx, 1, AUT, question, answers.AnswerDraft("Yes."))
    return stages.submit_questionnaire(ctx, 1, AUT)


def to_summary(ctx) -> None:
    consult(ctx)
    answer_and_submit(ctx)
    stages.give_feedback(ctx, 1, DEU, "Feedback of DEU.")
    stages.give_feedback(ctx, 1, BRA, "Feedback of BRA.")
    work.write_document(ctx, 1, SECRETARIAT, OBSERVATIONS, "Observations.")
    observe_every_article(ctx)


def observe_every_article(ctx) -> None:
    """A list of observations on every article of the review, drafted, agreed and adopted
    today: the adoption moves the review on to the summary."""
    articles = [o.ArticleObservations(instrument, article, (o.Item(o.CHALLENGE, "Few cases."),))
                for instrument, article in ctx.uow.observations.articles_of(review(ctx))]
    version = observations.draft_observations(ctx, 1, DEU, articles)
    observations.agree_observations(ctx, 1, AUT, version, good_practices_public=True, on=None)
    observations.adopt_observations_list(ctx, 1, SECRETARIAT, version, on=None)


def test_one_review_per_state_is_scheduled_and_announced_when_lots_are_drawn(ctx):
    row = review(ctx)
    assert (row.state_under_review, row.reviewing_states, row.stage) == (
        "AUT", ["DEU", "BRA"], s.WAITING_FOR_NOMINATIONS)
    assert [h.reason for h in ctx.uow.rows[StageChangeRow].values()] == [
        "lots drawn (draw 1)"]
    assert [p.foreseen for p in ctx.uow.rows[PhaseRow].values()] == [1]
    (scheduled,) = ctx.uow.committed
    assert (scheduled.type, scheduled.payload["review_id"]) == ("ReviewScheduled", 1)


def test_nothing_is_scheduled_twice_when_the_same_draw_arrives_again(ctx):
    hear(ctx, "LotsDrawn", drawn(reviews=(("AUT", ("DEU", "BRA")), ("DEU", ("FRA", "AUT")))))
    assert sorted(r.state_under_review for r in ctx.uow.rows[ReviewRow].values()) == [
        "AUT", "DEU"]
    assert [p.foreseen for p in ctx.uow.rows[PhaseRow].values()] == [2]
    assert types(ctx) == ["ReviewScheduled"] * 2


def test_the_review_takes_the_new_reviewer_when_the_draw_is_repeated(ctx):
    hear(ctx, "DrawRepeated", repeated("DEU"))
    assert review(ctx).reviewing_states == ["FRA", "BRA"]
    last = max(ctx.uow.rows[StageChangeRow].values(), key=lambda h: h.id)
    assert (last.actor_state, "DEU replaced by FRA" in last.reason) == ("AUT", True)


def test_a_repetition_is_ignored_when_the_replaced_state_does_not_review(ctx):
    hear(ctx, "DrawRepeated", repeated("KEN"))
    assert review(ctx).reviewing_states == ["DEU", "BRA"]
    assert len(ctx.uow.rows[StageChangeRow]) == 1


def test_the_review_starts_by_itself_when_the_third_focal_point_is_nominated(ctx):
    hear(ctx, "FocalPointNominated", focal_point("AUT", 1))
    hear(ctx, "FocalPointNominated", focal_point("DEU", 2))
    assert review(ctx).stage == s.WAITING_FOR_NOMINATIONS
    hear(ctx, "FocalPointNominated", focal_point("BRA", 3))
    assert review(ctx).stage == s.PRELIMINARY_CONSULTATION
    assert moves(ctx) == [(s.WAITING_FOR_NOMINATIONS, s.PRELIMINARY_CONSULTATION)]
    assert ctx.uow.committed[-1].causation_id is not None  # follows from the nomination


def test_a_nomination_is_kept_once_when_heard_twice_or_for_an_unknown_review(ctx):
    hear(ctx, "FocalPointNominated", focal_point("AUT", 1))
    hear(ctx, "FocalPointNominated", focal_point("AUT", 1))
    hear(ctx, "FocalPointNominated", focal_point("AUT", 9, review_id=42))
    assert [(f.nomination_id, f.review_id) for f in ctx.uow.rows[FocalPointRow].values()] == [
        (1, 1)]


def test_a_focal_point_is_withdrawn_but_the_started_review_stays_when_withdrawn(started):
    hear(started, "NominationWithdrawn", {
        "nomination_id": 2, "state_code": "DEU", "review_id": 1, "role": "focal_point",
        "withdrawn_on": dt.date(2021, 1, 8), "replaced_by": None, "reason": "left"})
    hear(started, "NominationWithdrawn", {
        "nomination_id": 3, "state_code": "BRA", "review_id": 1, "role": "expert",
        "withdrawn_on": dt.date(2021, 1, 8), "replaced_by": None, "reason": "left"})
    assert {f.state_code: f.withdrawn_on for f in started.uow.rows[FocalPointRow].values()} == {
        "AUT": None, "DEU": dt.date(2021, 1, 8), "BRA": None}
    assert review(started).stage == s.PRELIMINARY_CONSULTATION


def test_start_is_refused_and_nothing_written_when_a_focal_point_is_missing(ctx):
    with pytest.raises(Conflict) as refused:
        stages.start_review(ctx, 1, SECRETARIAT)
    assert refused.value.field == "focal_points"
    assert review(ctx).stage == s.WAITING_FOR_NOMINATIONS
    assert types(ctx) == ["ReviewScheduled"]


def test_a_command_on_an_unknown_review_is_not_found():
    with pytest.raises(NotFound):
        stages.start_review(FakeContext(clock=FixedClock(NOW)), 7, SECRETARIAT)


def test_the_consultation_is_recorded_and_the_review_moves_on_when_it_was_held(started):
    detail = consult(started, ("en", "fr"))
    assert (detail["stage"], detail["languages"]) == (s.SELF_ASSESSMENT, ["en", "fr"])
    (row,) = started.uow.rows[ConsultationRow].values()
    assert (row.held_on, row.languages, row.recorded_by) == (
        dt.date(2021, 1, 5), ["en", "fr"], "Secretariat")
    assert moves(started)[-1] == (s.PRELIMINARY_CONSULTATION, s.SELF_ASSESSMENT)
    assert started.uow.committed[-1].payload["on"] == "2021-01-05"  # the day it was held
    assert [h["to_stage"] for h in detail["history"]][-1] == s.SELF_ASSESSMENT


def test_a_consultation_is_refused_and_nothing_written_when_held_in_the_future(started):
    with pytest.raises(RuleViolated) as refused:
        stages.hold_consultation(started, 1, SECRETARIAT, stages.HoldConsultation(
            dt.date(2021, 2, 1), ("en",), facilitated_by_secretariat=True))
    assert refused.value.field == "held_on"
    assert not started.uow.rows[ConsultationRow]


def test_three_languages_are_refused_and_nothing_written_when_no_reason_is_given(started):
    with pytest.raises(RuleViolated) as refused:
        consult(started, ("en", "fr", "es"))
    assert refused.value.field == "exceptional_reason"
    assert not started.uow.rows[ConsultationRow]
    assert review(started).stage == s.PRELIMINARY_CONSULTATION


def test_answers_keep_every_version_and_fix_the_questionnaire_when_answered_again(started):
    consult(started)
    question = question_ids(started)[0]
    for text in ("First.", "Revised."):
        answers.save_answer(started, 1, AUT, question, answers.AnswerDraft(text))
    assert [(a.version, a.text, a.submitted_at) for a in
            started.uow.rows[AnswerVersionRow].values()] == [(1, "First.", None),
                                                              (2, "Revised.", None)]
    assert started.uow.questionnaire(review(started)).fixed


def test_the_questionnaire_is_received_and_feedback_starts_when_submitted(started):
    consult(started)
    detail = answer_and_submit(started)
    assert detail["stage"] == s.WRITTEN_FEEDBACK
    assert review(started).questionnaire_received_on == NOW.date()


def test_feedback_ends_the_stage_only_when_every_reviewing_state_gave_it(started):
    consult(started)
    answer_and_submit(started)
    assert stages.give_feedback(started, 1, DEU, "DEU.")["stage"] == s.WRITTEN_FEEDBACK
    assert stages.give_feedback(started, 1, BRA, "BRA.")["stage"] == s.LIST_OF_OBSERVATIONS
    assert sorted(f.state_code for f in started.uow.rows[FeedbackRow].values()) == [
        "BRA", "DEU"]


def test_documents_are_numbered_and_the_observations_adopted(started):
    to_summary(started)
    assert work.write_document(started, 1, SECRETARIAT, SUMMARY_DOC, "Summary.") == 1
    assert work.write_document(started, 1, SECRETARIAT, SUMMARY_DOC, "Summary, v2.") == 2
    assert review(started).stage == s.SUMMARY


def test_the_review_is_completed_and_announced_when_translated_into_six_languages(started):
    to_summary(started)
    work.write_document(started, 1, SECRETARIAT, SUMMARY_DOC, "Summary.")
    for language in OFFICIAL_LANGUAGES:
        work.track_translation(started, 1, SECRETARIAT, language, "done")
    detail = stages.complete_review(started, 1, SECRETARIAT)
    assert detail["stage"] == s.COMPLETED
    assert types(started)[-2:] == ["ReviewStageChanged", "ReviewCompleted"]
    assert started.uow.committed[-1].payload["completed_on"] == "2021-01-10"


def test_completion_is_refused_when_a_translation_is_not_done(started):
    to_summary(started)
    work.write_document(started, 1, SECRETARIAT, SUMMARY_DOC, "Summary.")
    work.track_translation(started, 1, SECRETARIAT, "en", "done")
    with pytest.raises(Conflict) as refused:
        stages.complete_review(started, 1, SECRETARIAT)
    assert refused.value.field == "translations"
    assert review(started).stage == s.SUMMARY


def test_sent_back_feedback_is_superseded_and_must_be_given_again(started):
    consult(started)
    answer_and_submit(started)
    stages.give_feedback(started, 1, DEU, "DEU.")
    stages.give_feedback(started, 1, BRA, "BRA.")
    detail = stages.send_back(started, 1, SECRETARIAT, "feedback incomplete")
    assert (detail["stage"], detail["feedback_from"]) == (s.WRITTEN_FEEDBACK, [])
    assert all(f.superseded_at == NOW for f in started.uow.rows[FeedbackRow].values())
    assert moves(started)[-1] == (s.LIST_OF_OBSERVATIONS, s.WRITTEN_FEEDBACK)


def test_each_missed_deadline_is_announced_once_when_the_sweep_runs_twice(ctx):
    hear(ctx, "FocalPointNominated", focal_point("AUT", 1))
    as_of = dt.date(2021, 1, 5)  # focal points were due on 15 December
    assert sweep_deadlines(ctx, as_of) == 1
    assert sweep_deadlines(ctx, as_of) == 0
    (missed,) = [e.payload for e in ctx.uow.committed if e.type == "ReviewDeadlineMissed"]
    assert (missed["deadline"], missed["days_overdue"], missed["responsible"]) == (
        "2020-12-15", 21, ["DEU", "BRA"])
    assert len(ctx.uow.rows[DeadlineNoticeRow]) == 1


def test_an_override_is_recorded_once_and_lets_the_phase_advance(ctx):
    record_override(ctx, 1, 1, SECRETARIAT, "Conference decision 11/2", dt.date(2021, 1, 4))
    (phase,) = phase_completions(ctx, NOW.date(), 1, 1)
    assert (phase["foreseen"], phase["completed"], phase["may_advance"]) == (1, 0, True)
    assert ctx.uow.committed[-1].type == "PhaseOverrideRecorded"  # lots may draw on
    with pytest.raises(Conflict):
        record_override(ctx, 1, 1, SECRETARIAT, "again", dt.date(2021, 1, 4))
    with pytest.raises(NotFound):
        record_override(ctx, 1, 2, SECRETARIAT, "no such phase", dt.date(2021, 1, 4))


def test_an_override_is_refused_when_decided_in_the_future_or_without_reason(ctx):
    with pytest.raises(Unprocessable) as future:
        record_override(ctx, 1, 1, SECRETARIAT, "decision", dt.date(2021, 2, 1))
    with pytest.raises(Unprocessable) as blank:
        record_override(ctx, 1, 1, SECRETARIAT, "  ", dt.date(2021, 1, 4))
    assert (future.value.field, blank.value.field) == ("decided_on", "reason")
    assert [p.override_on for p in ctx.uow.rows[PhaseRow].values()] == [None]


def history(*extra: RecordedStage) -> HistoryPart:
    """AUT's consultation on 15 January 2021 and its questionnaire opened on the 20th."""
    return HistoryPart(
        stages=[RecordedStage(2, 1, "AUT", s.SELF_ASSESSMENT, dt.date(2021, 1, 20)), *extra],
        consultations=[RecordedConsultation(2, 1, "AUT", dt.date(2021, 1, 15), ("en",), True)])


def test_the_history_is_recorded_as_history_once_when_imported_twice(started):
    started.clock.set(dt.datetime(2021, 3, 1, tzinfo=dt.UTC))
    assert import_history(started, history()) == {
        "stage_changes": 1, "consultations": 1, "decisions": 0, "already_recorded": 0}
    changed = started.uow.committed[-1]
    assert (changed.history, changed.payload["on"], review(started).stage) == (
        True, "2021-01-20", s.SELF_ASSESSMENT)
    events = len(started.uow.committed)
    assert import_history(started, history())["already_recorded"] == 2
    assert len(started.uow.committed) == events


def test_the_history_is_refused_whole_naming_each_bad_line(started):
    started.clock.set(dt.datetime(2021, 3, 1, tzinfo=dt.UTC))
    unknown = RecordedStage(3, 1, "ABW", s.SELF_ASSESSMENT, dt.date(2021, 1, 20))
    changes, events = len(started.uow.rows[StageChangeRow]), len(started.uow.committed)
    with pytest.raises(PartRefused) as refused:
        import_history(started, history(unknown))
    assert [(p.file, p.line, p.field) for p in refused.value.problems] == [
        ("stages.csv", 3, "state_under_review")]
    assert not started.uow.rows[ConsultationRow]
    assert len(started.uow.rows[StageChangeRow]) == changes
    assert len(started.uow.committed) == events


def test_a_review_waits_for_its_groups_start_and_the_sweep_starts_it_dated_on_that_day(ctx):
    later = dt.date(2021, 2, 1)
    hear(ctx, "LotsDrawn", {**drawn(2, (("KEN", ("NGA", "GHA")),)), "starts_on": later})
    ken = next(r for r in ctx.uow.rows[ReviewRow].values() if r.draw_id == 2)
    for number, state in enumerate(("KEN", "NGA", "GHA"), start=11):
        hear(ctx, "FocalPointNominated", focal_point(state, number, ken.id))
    assert ken.stage == s.WAITING_FOR_NOMINATIONS  # every focal point, but not yet its day
    assert start_due_reviews(ctx, NOW.date()) == 0
    assert start_due_reviews(ctx, dt.date(2021, 2, 20)) == 1
    assert ken.stage == s.PRELIMINARY_CONSULTATION
    [start] = [h for h in ctx.uow.rows[StageChangeRow].values()
               if h.review_id == ken.id and h.to_stage == s.PRELIMINARY_CONSULTATION]
    assert (start.changed_on, ctx.uow.committed[-1].payload["on"]) == (later, "2021-02-01")


def test_the_draws_and_repetitions_are_copied_once_with_their_meetings_and_days(ctx):
    hear(ctx, "LotsDrawn", drawn())  # the same draw again
    hear(ctx, "DrawRepeated", {**repeated("DEU"), "meeting": "IRG-2021-01",
                               "repeated_on": dt.date(2021, 1, 8)})
    [draw] = ctx.uow.rows[DrawCopyRow].values()
    assert (draw.meeting, draw.drawn_on, draw.reviews, draw.states) == (
        "IRG-2020-11", DRAWN_ON, 1, 3)
    [repetition] = ctx.uow.rows[RepetitionCopyRow].values()
    assert (repetition.replaced, repetition.replacement, repetition.repeated_on) == (
        "DEU", "FRA", dt.date(2021, 1, 8))
