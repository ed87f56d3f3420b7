"""The survey service's letters: when a survey opens, each State's focal points and
governmental experts are invited, one letter to them per State in its Mission's language;
until the State answers or the survey closes, they are reminded before the deadline
(`run_survey_reminders`, under `Settings.survey_reminders`). A State with nobody in office
to invite gets no letter: its Mission is not the survey's respondent."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from services.notifications.adapters.orm import SurveyInvitationRow
from services.notifications.adapters.outgoing.compose import Draft
from services.notifications.adapters.unit_of_work import NotificationsUnitOfWork
from services.notifications.domain.schedule import due_slot, reminds
from shared.context import ServiceContext
from shared.events import Envelope

log = logging.getLogger(__name__)


def survey_letter(row: SurveyInvitationRow, as_of: dt.date, reminder: bool) -> dict:
    return {"state_code": row.state_code, "survey_id": row.survey_id, "title": row.title,
            "deadline": row.deadline, "reminder": reminder,
            "days_left": (row.deadline - as_of).days, "as_of": as_of}


def invite_to_survey(ctx: ServiceContext, uow: NotificationsUnitOfWork, event: Envelope) -> None:
    p, now = event.payload, ctx.clock.now()
    emails: dict[str, list[str]] = defaultdict(list)
    for person in p["invitees"]:
        emails[person["state_code"]].append(person["email"])
    known, drafts = uow.survey_invitations(p["survey_id"]), []
    for state in p["states"]:
        row = known.get(state)
        if row is None:
            row = SurveyInvitationRow(
                survey_id=p["survey_id"], state_code=state, title=p["title"],
                deadline=p["deadline"], emails=emails[state], opened_at=now,
                opened_by=str(event.id), correlation_id=event.correlation_id,
                history=event.history, reminded=[])
            uow.add(row)
        if not emails[state]:
            log.info("survey %s: %s has no focal point or expert in office to invite (%s)",
                     p["survey_id"], state, event.id)
            continue
        drafts.append(Draft(
            kind="survey", state_code=state, review_id=None,
            context=survey_letter(row, p["opened_on"], reminder=False),
            key=f"{event.id}:survey:{state}", cause_event_id=str(event.id),
            correlation_id=event.correlation_id, to=tuple(emails[state]),
            skip_reason="history" if event.history else None))
    uow.compose_all(ctx, drafts)


def record_survey_answer(ctx: ServiceContext, uow: NotificationsUnitOfWork,
                         event: Envelope) -> None:
    """A State that answered is reminded no more."""
    row = uow.survey_invitations(event.payload["survey_id"]).get(event.payload["state_code"])
    if row is not None and row.settled_at is None:
        row.settled_at = ctx.clock.now()


def close_survey_invitations(ctx: ServiceContext, uow: NotificationsUnitOfWork,
                             event: Envelope) -> None:
    for row in uow.survey_invitations(event.payload["survey_id"]).values():
        if row.settled_at is None:
            row.settled_at = ctx.clock.now()


def run_survey_reminders(ctx: ServiceContext, as_of: dt.date) -> int:
    """Remind the States invited to a survey that have not answered, at the slots of the
    survey policy due on `as_of` (never after the deadline); return how many letters."""
    policy, written = ctx.settings.survey_reminders, 0
    with ctx.uow() as uow:
        for row in uow.open_survey_invitations():
            if as_of > row.deadline or not row.emails or not reminds(
                    row.history, row.deadline, row.opened_at.date()):
                continue
            slot = due_slot(policy, row.deadline, as_of, row.reminded)
            if slot is None:
                continue
            row.reminded = [*row.reminded, slot.name]
            uow.compose_all(ctx, [Draft(
                kind="survey", state_code=row.state_code, review_id=None,
                context=survey_letter(row, as_of, reminder=True),
                key=f"survey-reminder:{row.id}:{slot.name}", cause_event_id=row.opened_by,
                correlation_id=row.correlation_id, to=tuple(row.emails))])
            written += 1
    log.info("survey reminders as of %s: %d letter(s)", as_of, written)
    return written
