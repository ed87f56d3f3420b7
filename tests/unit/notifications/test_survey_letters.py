"""The survey's letters on the in-memory unit of work: who is invited, what history keeps
back, and which reminders fall due (their wording and languages are checked in
test_rendering.py, their delivery in tests/integration/test_notifications_survey.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from services.notifications.adapters.orm import SurveyInvitationRow
from services.notifications.handlers.survey_events import (
    close_survey_invitations,
    invite_to_survey,
    record_survey_answer,
    run_survey_reminders,
)
from shared.clock import FixedClock
from shared.events import decode, encode, new_event
from tests.integration.test_notifications_world import at
from tests.unit.notifications.fakes import FakeContext

OPENED, DEADLINE = dt.date(2021, 1, 11), dt.date(2021, 2, 26)


@pytest.fixture
def ctx():
    return FakeContext(clock=FixedClock(at(OPENED)))


def opened(history: bool = False):
    return decode(encode(new_event("SurveyOpened", {
        "survey_id": 7, "title": "Needs", "opened_on": OPENED, "deadline": DEADLINE,
        "states": ["AUT", "BRA"], "invitees": [
            {"state_code": "AUT", "role": "focal_point", "name": "A", "email": "a@x.org"},
            {"state_code": "AUT", "role": "expert", "name": "B", "email": "b@x.org"}]},
        at(OPENED), history=history)))


def test_a_states_people_get_one_letter_and_a_state_with_nobody_none_when_a_survey_opens(ctx):
    invite_to_survey(ctx, ctx.uow, opened())
    [letter] = ctx.uow.letters.values()
    assert (letter.kind, letter.state_code, letter.to) == ("survey", "AUT", ("a@x.org", "b@x.org"))
    assert (letter.context["reminder"], letter.skip_reason) == (False, None)
    assert sorted(r.state_code for r in ctx.uow.rows[SurveyInvitationRow].values()) == [
        "AUT", "BRA"]


def test_a_survey_opened_in_the_past_writes_its_letters_as_history_when_imported(ctx):
    invite_to_survey(ctx, ctx.uow, opened(history=True))
    assert [d.skip_reason for d in ctx.uow.letters.values()] == ["history"]


def test_reminders_fall_due_a_week_before_and_on_the_deadline_until_the_state_answers(ctx):
    invite_to_survey(ctx, ctx.uow, opened())
    assert run_survey_reminders(ctx, DEADLINE - dt.timedelta(days=8)) == 0
    assert run_survey_reminders(ctx, DEADLINE - dt.timedelta(days=7)) == 1
    assert run_survey_reminders(ctx, DEADLINE - dt.timedelta(days=5)) == 0
    reminder = list(ctx.uow.letters.values())[-1]
    assert (reminder.context["reminder"], reminder.context["days_left"]) == (True, 7)
    record_survey_answer(ctx, ctx.uow, new_event("SurveyAnswered", {
        "survey_id": 7, "state_code": "AUT", "response_id": 1, "answered_on": DEADLINE,
        "replaces": None}, at(DEADLINE)))
    assert run_survey_reminders(ctx, DEADLINE) == 0


def test_nobody_is_reminded_after_the_deadline_or_once_the_survey_closes(ctx):
    invite_to_survey(ctx, ctx.uow, opened())
    assert run_survey_reminders(ctx, DEADLINE + dt.timedelta(days=1)) == 0
    close_survey_invitations(ctx, ctx.uow, new_event("SurveyClosed", {
        "survey_id": 7, "closed_on": OPENED, "states_answered": 0}, at(OPENED)))
    assert run_survey_reminders(ctx, DEADLINE) == 0
