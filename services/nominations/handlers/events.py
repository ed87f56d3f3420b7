"""The events the nominations service hears, and the consumer's map of them.

The States are copied from the lots service. Who takes part in which review is kept from
the bus: ReviewScheduled adds the three (or more) States of a review; DrawRepeated replaces
a reviewing State from the day of the repetition (note, para. 4 and 6). Each State drawn
into a review gets its nominations for every review there (handlers/standing.py). The
reviews' stage changes are kept with their days, so that a review that has started is not
counted as waiting for a focal point.

A repetition may be heard before the review it concerns (the two events come from two
services); it is then kept, and applied when ReviewScheduled arrives. Applying one twice
changes nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging

from services.nominations.adapters.orm import (
    ParticipationRow,
    RepetitionRow,
    ReviewStageRow,
    StatePartyRow,
)
from services.nominations.adapters.unit_of_work import NominationsUnitOfWork
from services.nominations.domain.commands import REVIEWING, UNDER_REVIEW
from services.nominations.domain.participation import replacement_starts_on, withdrawal_reason
from services.nominations.handlers.ending import end_nomination
from services.nominations.handlers.nominations import withdrawn_event
from services.nominations.handlers.standing import cover_with_standing_nominations
from shared.context import ServiceContext
from shared.events import Envelope

log = logging.getLogger(__name__)


def event_handlers(ctx: ServiceContext) -> dict:
    """One handler per event type in the topology's SUBSCRIPTIONS, each `handler(uow,
    event)`; the worker hands the consumer this map on its sessions (adapters'
    `with_sessions`)."""
    return {
        "StatePartyRegistered": functools.partial(on_state_party_registered, ctx),
        "StatePartyUpdated": functools.partial(on_state_party_registered, ctx),
        "ReviewScheduled": functools.partial(on_review_scheduled, ctx),
        "DrawRepeated": functools.partial(on_draw_repeated, ctx),
        "ReviewStageChanged": functools.partial(on_review_stage_changed, ctx),
    }


def on_state_party_registered(ctx: ServiceContext, uow: NominationsUnitOfWork,
                              event: Envelope) -> None:
    """Keep our own copy of the State (registered or updated): nominations are refused for
    a State we do not know."""
    p = event.payload
    row = uow.get(StatePartyRow, p["code"])
    if row is None:
        row = StatePartyRow(code=p["code"], registered_at=ctx.clock.now())
        uow.add(row)
    row.name, row.regional_group = p["name"], p["regional_group"]
    row.convention_on = p["convention_on"]
    log.info("%s %s: %s kept", event.type, event.id, p["code"])


def on_review_scheduled(ctx: ServiceContext, uow: NominationsUnitOfWork, event: Envelope) -> None:
    """One participation per State in the review; a copy of the event adds nothing."""
    p = event.payload
    taking_part = {p["state_under_review"]: UNDER_REVIEW}
    for code in p["reviewing_states"]:
        taking_part.setdefault(code, REVIEWING)
    known = set(uow.participations_in(p["review_id"]))
    added = [ParticipationRow(
        review_id=p["review_id"], state_code=code, capacity=taking_part[code],
        state_under_review=p["state_under_review"], group_number=p["group_number"],
        phase=p["phase"], starts_on=p["starts_on"], joined_on=p["drawn_on"],
        created_at=ctx.clock.now(),
    ) for code in taking_part if code not in known]
    uow.add(*added)
    uow.flush()
    for part in added:
        cover_with_standing_nominations(ctx, uow, event, part)
    log.info("ReviewScheduled %s: review %s, participations added for %s",
             event.id, p["review_id"],
             ", ".join(r.state_code for r in added) or "nobody (already known)")
    pending = uow.pending_repetitions(p["group_number"], p["phase"], p["state_under_review"])
    for repetition in pending:
        _apply(ctx, uow, event, repetition, p["review_id"])


def on_draw_repeated(ctx: ServiceContext, uow: NominationsUnitOfWork, event: Envelope) -> None:
    """Keep the repetition; apply it to its review if the review is known here already.
    It happened on the payload's day when the event says, else when the event occurred."""
    p = event.payload
    repetition = RepetitionRow(
        event_id=str(event.id), group_number=p["group_number"], phase=p["phase"],
        state_under_review=p["state_under_review"], replaced=p["replaced"],
        replacement=p["replacement"], repetition=p["repetition"],
        repeated_on=p.get("repeated_on") or day_of(event), created_at=ctx.clock.now())
    uow.add(repetition)
    review_id = uow.review_of(p["group_number"], p["phase"], p["state_under_review"])
    if review_id is None:
        log.info("DrawRepeated %s: the review of %s (group %s, phase %s) is not known yet; "
                 "kept until it is", event.id, p["state_under_review"], p["group_number"],
                 p["phase"])
        return
    _apply(ctx, uow, event, repetition, review_id)


def _apply(ctx: ServiceContext, uow: NominationsUnitOfWork, cause: Envelope,
           repetition: RepetitionRow, review_id: int) -> None:
    repetition.review_id = review_id
    on = repetition.repeated_on
    rows = uow.participations_in(review_id)
    under_review = rows[repetition.state_under_review]
    replaced = rows.get(repetition.replaced)
    if replaced is not None and replaced.ended_on is None:
        replaced.ended_on, replaced.replaced_by = on, repetition.replacement
    _end_nominations(ctx, uow, cause, repetition, review_id)
    starts_on = replacement_starts_on(under_review.starts_on, on)
    coming = rows.get(repetition.replacement)
    if coming is None:
        coming = ParticipationRow(
            review_id=review_id, state_code=repetition.replacement, capacity=REVIEWING,
            state_under_review=under_review.state_under_review,
            group_number=under_review.group_number, phase=under_review.phase,
            starts_on=starts_on, joined_on=on, created_at=ctx.clock.now())
        uow.add(coming)
        uow.flush()
    else:  # already there (the review was scheduled after the repetition), or coming back
        coming.starts_on = max(coming.starts_on, starts_on) if coming.ended_on is None \
            else starts_on
        coming.joined_on = max(coming.joined_on or on, on)
        coming.ended_on = coming.replaced_by = None
    cover_with_standing_nominations(ctx, uow, cause, coming)
    log.info("DrawRepeated %s: in review %s, %s replaced by %s from %s", cause.id, review_id,
             repetition.replaced, repetition.replacement, on)


def _end_nominations(ctx: ServiceContext, uow: NominationsUnitOfWork, cause: Envelope,
                     repetition: RepetitionRow, review_id: int) -> None:
    """The replaced State's nominations for the review end the day it stops taking part."""
    ending = uow.current_nominations(repetition.replaced, [review_id])
    reason = withdrawal_reason(repetition.replaced, repetition.replacement,
                               repetition.repetition)
    for row in ending:
        end_nomination(row, max(repetition.repeated_on, row.nominated_on), reason,
                       ctx.clock.now(), field="withdrawn_on")
    uow.flush()
    uow.record(*[withdrawn_event(row, ctx.clock.now(), cause) for row in ending])


def on_review_stage_changed(ctx: ServiceContext, uow: NominationsUnitOfWork,
                            event: Envelope) -> None:
    """Keep the stage a review entered and the day (the payload's `on` when the event
    carries it, else the day it occurred). The inbox keeps a redelivery out; a copy under
    another id repeats a change and changes no count."""
    p = event.payload
    uow.add(ReviewStageRow(event_id=str(event.id), review_id=p["review_id"],
                           to_stage=p["to_stage"], changed_on=p["on"] or day_of(event),
                           created_at=ctx.clock.now()))
    log.info("ReviewStageChanged %s: review %s entered %s", event.id, p["review_id"],
             p["to_stage"])


def day_of(event: Envelope) -> dt.date:
    """The UTC day an event occurred: the fact's day when its payload names none."""
    return event.occurred_at.astimezone(dt.UTC).date()
