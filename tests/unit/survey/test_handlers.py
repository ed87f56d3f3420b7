"""The survey handlers on the in-memory unit of work: a survey written, opened, answered
twice by a State and closed, with the events each step records; refusals write nothing;
the copies of States and persons kept from the others' events."""

from __future__ import annotations

import datetime as dt

import pytest

from services.survey.adapters.orm import PersonRow, ResponseRow, StateRow, SurveyRow
from services.survey.domain.questions import Given
from services.survey.handlers import copies
from services.survey.handlers.answers import answer_survey
from services.survey.handlers.surveys import close_survey, define_survey, open_survey
from shared.events import new_event
from shared.web.errors import Conflict, Unprocessable
from tests.support.event_samples import SAMPLES
from tests.unit.survey.fakes import fake_context

NOW = dt.datetime(2021, 1, 11, 9, tzinfo=dt.UTC)
QUESTIONS = [{"kind": "single", "text": "Assistance?", "required": True,
              "options": [{"label": "Yes"}, {"label": "No"}]},
             {"kind": "text", "text": "Which?"}]


def hear(ctx, uow, event_type, **payload):
    handler = copies.event_handlers(ctx)[event_type]
    with uow() as unit:
        handler(unit, new_event(event_type, {**SAMPLES[event_type], **payload}, NOW))


@pytest.fixture
def world():
    ctx, uow = fake_context(NOW)
    for code in ("AUT", "BRA", "DEU"):
        hear(ctx, uow, "StatePartyRegistered", code=code)
    hear(ctx, uow, "FocalPointNominated", nomination_id=1, state_code="AUT", email="A@x.org")
    hear(ctx, uow, "FocalPointNominated", nomination_id=2, state_code="AUT", email="a@x.org")
    hear(ctx, uow, "ExpertNominated", nomination_id=3, state_code="BRA", email="b@x.org")
    hear(ctx, uow, "ExpertNominated", nomination_id=4, state_code="BRA", email="c@x.org")
    hear(ctx, uow, "NominationWithdrawn", nomination_id=4, state_code="BRA")
    return ctx, uow


def opened(ctx, uow, states=("AUT", "BRA")):
    """A survey opened to `states`: its id and its questions (the first's options' ids)."""
    survey_id = define_survey(ctx, "Needs", "", QUESTIONS)
    open_survey(ctx, survey_id, list(states), dt.date(2021, 2, 26))
    return survey_id, uow.rows[SurveyRow][survey_id].questions


def test_opening_invites_each_states_people_in_office_once_when_a_survey_opens(world):
    ctx, uow = world
    survey_id, _ = opened(ctx, uow)
    [event] = uow.committed
    assert (event.type, event.payload["states"]) == ("SurveyOpened", ["AUT", "BRA"])
    assert [(i["state_code"], i["email"], i["role"]) for i in event.payload["invitees"]] == [
        ("AUT", "a@x.org", "focal_point"), ("BRA", "b@x.org", "expert")]
    assert uow.rows[StateRow]["AUT"].regional_group == SAMPLES["StatePartyRegistered"][
        "regional_group"]
    assert uow.rows[PersonRow][4].withdrawn_on is not None
    assert survey_id == 1


def test_a_later_answer_replaces_the_one_in_force_and_keeps_it_when_a_state_answers_again(world):
    ctx, uow = world
    survey_id, (single, text) = opened(ctx, uow)
    yes, no = (o.id for o in single.options)
    first = answer_survey(ctx, survey_id, "AUT", [Given(single.id, (yes,))], respondent="fp",
                          role="focal_point")
    second = answer_survey(ctx, survey_id, "AUT", [Given(single.id, (no,)),
                                                   Given(text.id, (), "data")],
                           respondent="fp", role="focal_point")
    rows = uow.rows[ResponseRow]
    assert rows[first].replaced_at == NOW and rows[second].replaced_at is None
    answered = [e.payload for e in uow.committed if e.type == "SurveyAnswered"]
    assert [(a["response_id"], a["replaces"]) for a in answered] == [(first, None),
                                                                     (second, first)]
    close_survey(ctx, survey_id)
    assert uow.committed[-1].payload["states_answered"] == 1


def test_nothing_is_written_when_an_answer_is_refused(world):
    ctx, uow = world
    survey_id, (single, _) = opened(ctx, uow)
    good = [Given(single.id, (single.options[0].id,))]
    before = (len(uow.rows[ResponseRow]), len(uow.committed))
    with pytest.raises(Unprocessable) as refused:
        answer_survey(ctx, survey_id, "DEU", good, respondent="x", role="expert")
    assert refused.value.field == "state_code"
    with pytest.raises(Unprocessable) as refused:
        answer_survey(ctx, survey_id, "AUT", [Given(single.id, (999,))], respondent="x",
                      role="expert")
    assert refused.value.extra["errors"] == {
        "answers.0.option_ids": [f"option 999 is not an option of question {single.id}"]}
    ctx.clock.advance(days=47)
    with pytest.raises(Unprocessable) as refused:
        answer_survey(ctx, survey_id, "AUT", good, respondent="x", role="expert")
    assert refused.value.field == "deadline"
    close_survey(ctx, survey_id)
    with pytest.raises(Conflict):
        answer_survey(ctx, survey_id, "AUT", good, respondent="x", role="expert")
    assert (len(uow.rows[ResponseRow]), len(uow.committed) - 1) == before


def test_a_survey_opens_only_to_known_states_and_once_when_the_secretariat_opens_it(world):
    ctx, uow = world
    survey_id = define_survey(ctx, "Needs", "", QUESTIONS)
    with pytest.raises(Unprocessable) as refused:
        open_survey(ctx, survey_id, ["AUT", "XXA"], dt.date(2021, 2, 26))
    assert (refused.value.field, uow.committed) == ("states", [])
    open_survey(ctx, survey_id, ["AUT"], dt.date(2021, 2, 26))
    with pytest.raises(Conflict):
        open_survey(ctx, survey_id, ["AUT"], dt.date(2021, 2, 26))
