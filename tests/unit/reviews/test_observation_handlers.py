"""The handlers of the lists of observations per article, of the answers and of the feedback per
question on the in-memory unit of work: what they write, what they announce, and that each refusal
names its field and leaves nothing behind (the same handlers run on the real databases in
tests/integration/test_reviews_observations.py and test_reviews_questionnaire.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from services.reviews.adapters.observations_orm import (
    NeedCategoryRow,
    ObservationItemRow,
    ObservationListRow,
)
from services.reviews.adapters.questionnaire_orm import (
    AnswerVersionRow,
    QuestionFeedbackRow,
    QuestionReplyRow,
    ReviewQuestionnaireRow,
)
from services.reviews.domain import observations as o
from services.reviews.domain import stages as s
from services.reviews.domain.facts import Actor
from services.reviews.domain.question_feedback import CLARIFICATION, COMMENT
from services.reviews.handlers import answers, stages
from services.reviews.handlers import observations as h
from shared.clock import FixedClock
from shared.web.errors import Conflict, NotFound, RuleViolated
from tests.unit.reviews.fakes import FakeContext
from tests.unit.reviews.test_handlers import (
    AUT,
    BRA,
    DEU,
    NOW,
    SECRETARIAT,
    answer_and_submit,
    consult,
    drawn,
    focal_point,
    hear,
    question_ids,
    review,
    types,
)

TODAY = NOW.date()
AGREED_ON = TODAY  # the drafts are of today: agreed no earlier
FRA = Actor("Reviewer", "FRA")
ARTICLE_5 = o.ArticleObservations("convention", "5", (
    o.Item(o.SUCCESS, "A special unit."), o.Item(o.CHALLENGE, "Few convictions."),
    o.Item(o.NEED, "Training of prosecutors.", "capacity_building")))
ARTICLE_23 = o.ArticleObservations("convention", "23", (
    o.Item(o.CHALLENGE, "No witness scheme."),))


def nominated() -> FakeContext:
    """AUT's review, reviewed by DEU and BRA, started: every focal point nominated."""
    ctx = FakeContext(clock=FixedClock(NOW))
    hear(ctx, "LotsDrawn", drawn())
    for number, state in enumerate(("AUT", "DEU", "BRA"), start=1):
        hear(ctx, "FocalPointNominated", focal_point(state, number))
    return ctx


def at_feedback() -> FakeContext:
    """The review with its questionnaire submitted."""
    ctx = nominated()
    consult(ctx)
    answer_and_submit(ctx)
    return ctx


@pytest.fixture
def started():
    return nominated()


@pytest.fixture
def feedback():
    return at_feedback()


@pytest.fixture
def observing():
    """The review at the stage list_of_observations: both reviewing States gave feedback."""
    ctx = at_feedback()
    stages.give_feedback(ctx, 1, DEU, "Feedback of DEU.")
    stages.give_feedback(ctx, 1, BRA, "Feedback of BRA.")
    assert review(ctx).stage == s.LIST_OF_OBSERVATIONS
    return ctx


def written(ctx) -> tuple:
    """Everything the observation handlers may write: each version as it stands, its
    items, the categories, and the events committed."""
    lists = [(r.version, r.status, r.agreed_by, r.agreed_on, r.good_practices_public,
              r.adopted_on) for r in ctx.uow.rows[ObservationListRow].values()]
    return (lists, len(ctx.uow.rows[ObservationItemRow]),
            sorted(ctx.uow.rows[NeedCategoryRow]), types(ctx))


def agreed(ctx) -> None:
    """Two drafts, the second agreed by AUT two days ago, its good practices public."""
    h.draft_observations(ctx, 1, DEU, [ARTICLE_5])
    h.draft_observations(ctx, 1, BRA, [ARTICLE_5, ARTICLE_23])
    h.agree_observations(ctx, 1, AUT, 2, good_practices_public=True, on=AGREED_ON)


def test_list_is_drafted_again_agreed_and_adopted_with_versions_kept_and_announced(observing):
    assert h.draft_observations(observing, 1, DEU, [ARTICLE_5]) == 1
    assert h.draft_observations(observing, 1, BRA, [ARTICLE_5, ARTICLE_23]) == 2
    h.agree_observations(observing, 1, AUT, 2, good_practices_public=True, on=AGREED_ON)
    h.adopt_observations_list(observing, 1, SECRETARIAT, 2, on=None)

    first, second = h.observation_versions(observing, 1)
    assert (first["version"], first["status"], first["drafter_state"], first["agreed_on"]) == (
        1, o.DRAFTED, "DEU", None)
    assert first["articles"] == [{"instrument": "convention", "article": "5", "items": [
        {"kind": o.SUCCESS, "category": None, "text": "A special unit."},
        {"kind": o.CHALLENGE, "category": None, "text": "Few convictions."},
        {"kind": o.NEED, "category": "capacity_building",
         "text": "Training of prosecutors."}]}]
    assert (second["status"], second["drafter_state"], second["agreed_by"],
            second["agreed_on"], second["good_practices_public"], second["adopted_by"],
            second["adopted_on"], second["adopted_at"]) == (
        o.ADOPTED, "BRA", "Ministry", AGREED_ON, True, "Secretariat", TODAY, NOW)
    assert [a["article"] for a in second["articles"]] == ["5", "23"]

    (event,) = [e for e in observing.uow.committed if e.type == "ObservationsAdopted"]
    assert event.payload == {
        "review_id": 1, "group_number": 1, "phase": 1, "cluster": 1,
        "state_under_review": "AUT", "reviewing_states": ["DEU", "BRA"], "version": 2,
        "adopted_on": TODAY.isoformat(), "articles": ["convention 23", "convention 5"],
        "good_practices_public": True}


def test_the_adoption_is_dated_on_the_day_given_from_the_agreement_to_today(observing):
    agreed(observing)
    before = written(observing)
    tomorrow = TODAY + dt.timedelta(days=1)
    with pytest.raises(RuleViolated, match="after today") as after_today:
        h.adopt_observations_list(observing, 1, SECRETARIAT, 2, on=tomorrow)
    with pytest.raises(RuleViolated, match="before the agreement") as too_early:
        h.adopt_observations_list(observing, 1, SECRETARIAT, 2,
                                  on=AGREED_ON - dt.timedelta(days=1))
    assert (after_today.value.field, too_early.value.field) == ("on", "on")
    assert written(observing) == before

    h.adopt_observations_list(observing, 1, SECRETARIAT, 2, on=AGREED_ON)
    latest = observing.uow.observations.latest(1)
    assert (latest.status, latest.adopted_on) == (o.ADOPTED, AGREED_ON)
    assert [e.payload["adopted_on"] for e in observing.uow.committed
            if e.type == "ObservationsAdopted"] == [AGREED_ON.isoformat()]


@pytest.mark.parametrize(("actor", "articles", "field"), [
    (DEU, [o.ArticleObservations("convention", "99", (o.Item(o.SUCCESS, "X."),))],
     "articles[0].article"),
    (DEU, [ARTICLE_5, ARTICLE_5], "articles[1].article"),
    (DEU, [o.ArticleObservations("convention", "5", (
        o.Item(o.NEED, "Funds.", "capacity_building"), o.Item(o.NEED, "Money.", "money")))],
     "articles[0].needs[1].category"),
    (AUT, [ARTICLE_5], "actor_state"),
    (FRA, [ARTICLE_5], "actor_state"),
    (SECRETARIAT, [ARTICLE_5], "actor_state"),
], ids=["article outside the questionnaire", "article twice", "unknown category",
        "the State under review", "a State outside the review", "the secretariat"])
def test_a_bad_draft_is_refused_naming_its_field_and_nothing_is_written(
        observing, actor, articles, field):
    h.draft_observations(observing, 1, DEU, [ARTICLE_5])
    before = written(observing)
    with pytest.raises(RuleViolated) as refused:
        h.draft_observations(observing, 1, actor, articles)
    assert refused.value.field == field
    assert written(observing) == before
    assert observing.uow.observations.latest(1).version == 1


def test_a_list_is_refused_before_the_stage_list_of_observations(feedback):
    before = written(feedback)
    with pytest.raises(Conflict) as refused:
        h.draft_observations(feedback, 1, DEU, [ARTICLE_5])
    assert refused.value.field == "stage"
    assert written(feedback) == before == ([], 0, sorted(c for c, _ in o.DEFAULT_CATEGORIES),
                                           types(feedback))


@pytest.mark.parametrize(("actor", "version", "error", "field"), [
    (DEU, 2, RuleViolated, "actor_state"),
    (SECRETARIAT, 2, RuleViolated, "actor_state"),
    (AUT, 1, Conflict, "version"),
    (AUT, 3, Conflict, "version"),
], ids=["a reviewing State", "the secretariat", "an earlier version", "no such version"])
def test_only_the_state_under_review_agrees_with_the_latest_draft(observing, actor, version,
                                                                   error, field):
    h.draft_observations(observing, 1, DEU, [ARTICLE_5])
    h.draft_observations(observing, 1, BRA, [ARTICLE_23])
    before = written(observing)
    with pytest.raises(error) as refused:
        h.agree_observations(observing, 1, actor, version, good_practices_public=True, on=None)
    assert refused.value.field == field
    assert written(observing) == before


def test_a_list_is_agreed_once_and_adopted_only_once_agreed(observing):
    h.draft_observations(observing, 1, DEU, [ARTICLE_5])
    with pytest.raises(Conflict, match="must be agreed") as not_agreed:
        h.adopt_observations_list(observing, 1, SECRETARIAT, 1, on=None)
    h.agree_observations(observing, 1, AUT, 1, good_practices_public=False, on=None)
    before = written(observing)
    with pytest.raises(Conflict, match="must be drafted") as twice:
        h.agree_observations(observing, 1, AUT, 1, good_practices_public=True, on=None)
    assert (not_agreed.value.field, twice.value.field) == ("version", "version")
    assert written(observing) == before
    assert before[0] == [(1, o.AGREED, "Ministry", TODAY, False, None)]


def test_nothing_is_agreed_or_adopted_before_a_draft(observing):
    before = written(observing)
    with pytest.raises(Conflict, match="no list") as agree:
        h.agree_observations(observing, 1, AUT, 1, good_practices_public=True, on=None)
    with pytest.raises(Conflict, match="no list") as adopt:
        h.adopt_observations_list(observing, 1, SECRETARIAT, 1, on=None)
    assert (agree.value.field, adopt.value.field) == ("version", "version")
    assert written(observing) == before


def test_a_new_category_is_usable_at_once_and_refused_when_it_exists(observing):
    h.add_need_category(observing, SECRETARIAT, "forensics", "Forensic laboratories")
    assert {"code": "forensics", "label": "Forensic laboratories"} in h.need_categories(
        observing)
    h.draft_observations(observing, 1, DEU, [o.ArticleObservations("convention", "5", (
        o.Item(o.NEED, "A laboratory.", "forensics"),))])
    before = written(observing)
    with pytest.raises(Conflict) as refused:
        h.add_need_category(observing, SECRETARIAT, "forensics", "Again")
    assert refused.value.field == "code"
    assert written(observing) == before
    assert observing.uow.rows[NeedCategoryRow]["forensics"].label == "Forensic laboratories"


def test_the_versions_of_an_unknown_review_are_not_found(observing):
    with pytest.raises(NotFound):
        h.observation_versions(observing, 2)


def feedback_written(ctx) -> tuple:
    return ([(f.question_id, f.state_code, f.kind, f.text)
             for f in ctx.uow.rows[QuestionFeedbackRow].values()],
            [(r.feedback_id, r.actor_state, r.text)
             for r in ctx.uow.rows[QuestionReplyRow].values()], types(ctx))


def test_feedback_per_question_is_announced_and_replied_to_by_the_state_under_review(feedback):
    question = question_ids(feedback)[0]
    given = answers.give_question_feedback(feedback, 1, DEU, question, CLARIFICATION,
                                           "Which court?")
    reply = answers.reply_to_feedback(feedback, 1, AUT, given, "The high court.")
    row = feedback.uow.rows[QuestionReplyRow][reply]
    assert (row.feedback_id, row.question_id, row.actor_state, row.text) == (
        given, question, "AUT", "The high court.")
    (event,) = [e for e in feedback.uow.committed if e.type == "FeedbackGiven"]
    assert event.payload == {
        "review_id": 1, "feedback_id": given, "question_id": question,
        "kind": CLARIFICATION, "reviewing_state": "DEU", "state_under_review": "AUT",
        "given_on": TODAY.isoformat()}


@pytest.mark.parametrize(("actor", "question", "error", "field"), [
    (AUT, 0, RuleViolated, "actor_state"),
    (SECRETARIAT, 0, RuleViolated, "actor_state"),
    (DEU, None, RuleViolated, "question_id"),
], ids=["the State under review", "the secretariat", "a question outside the questionnaire"])
def test_bad_feedback_is_refused_naming_its_field_and_nothing_is_written(
        feedback, actor, question, error, field):
    question_id = "C9-Q99" if question is None else question_ids(feedback)[question]
    before = feedback_written(feedback)
    with pytest.raises(error) as refused:
        answers.give_question_feedback(feedback, 1, actor, question_id, COMMENT, "Hm.")
    assert refused.value.field == field
    assert feedback_written(feedback) == before


def test_feedback_per_question_is_refused_once_the_list_of_observations_is_drafted(observing):
    before = feedback_written(observing)
    with pytest.raises(Conflict) as refused:
        answers.give_question_feedback(observing, 1, DEU, question_ids(observing)[0],
                                       COMMENT, "Late.")
    assert refused.value.field == "stage"
    assert feedback_written(observing) == before


@pytest.mark.parametrize(("actor", "unknown", "error", "field"), [
    (DEU, False, RuleViolated, "actor_state"),
    (AUT, True, NotFound, "feedback_id"),
], ids=["a reviewing State", "unknown feedback"])
def test_a_bad_reply_is_refused_naming_its_field_and_nothing_is_written(
        feedback, actor, unknown, error, field):
    given = answers.give_question_feedback(feedback, 1, DEU, question_ids(feedback)[0],
                                           COMMENT, "Clear.")
    before = feedback_written(feedback)
    with pytest.raises(error) as refused:
        answers.reply_to_feedback(feedback, 1, actor, given + 1 if unknown else given,
                                  "Thanks.")
    assert refused.value.field == field
    assert feedback_written(feedback) == before


def test_the_state_under_review_still_replies_while_the_list_is_drafted(feedback):
    given = answers.give_question_feedback(feedback, 1, DEU, question_ids(feedback)[0],
                                           COMMENT, "Clear.")
    stages.give_feedback(feedback, 1, DEU, "Feedback of DEU.")
    stages.give_feedback(feedback, 1, BRA, "Feedback of BRA.")
    reply = answers.reply_to_feedback(feedback, 1, AUT, given, "Thanks.")
    assert feedback.uow.rows[QuestionReplyRow][reply].feedback_id == given


def answers_written(ctx) -> tuple:
    return ([(a.question_id, a.version, a.text) for a in ctx.uow.rows[AnswerVersionRow].values()],
            sorted(ctx.uow.rows[ReviewQuestionnaireRow]), types(ctx))


@pytest.mark.parametrize(("actor", "question", "field"), [
    (DEU, 0, "actor_state"),
    (SECRETARIAT, 0, "actor_state"),
    (AUT, None, "question_id"),
], ids=["a reviewing State", "the secretariat", "a question outside the questionnaire"])
def test_a_bad_answer_is_refused_and_the_questionnaire_is_not_fixed(started, actor, question,
                                                                     field):
    question_id = "C9-Q99" if question is None else question_ids(started)[question]
    before = answers_written(started)
    with pytest.raises(RuleViolated) as refused:
        answers.save_answer(started, 1, actor, question_id, answers.AnswerDraft("Yes."))
    assert refused.value.field == field
    assert answers_written(started) == before == ([], [], types(started))
    assert not started.uow.questionnaire(review(started)).fixed


def test_an_answer_is_refused_once_the_questionnaire_is_submitted(feedback):
    before = answers_written(feedback)
    with pytest.raises(Conflict) as refused:
        answers.save_answer(feedback, 1, AUT, question_ids(feedback)[0],
                            answers.AnswerDraft("Revised late."))
    assert refused.value.field == "stage"
    assert answers_written(feedback) == before
