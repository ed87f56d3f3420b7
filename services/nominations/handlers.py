"""What the nominations service does: keep its copies of States and reviews, register
Permanent Mission contacts and nominations, and announce the nominations that are missing.

Each command handler is one transaction: its writes and its events (through the outbox)
commit together or not at all. Event handlers run inside the consumer's transaction.
"""

from __future__ import annotations

import functools
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.nominations.adapters.orm import MissionRow, StatePartyRow
from services.nominations.changing import (
    activate_nomination,
    replace_focal_point,
    withdraw_nomination,
)
from services.nominations.domain.commands import SetMissionContact
from services.nominations.importing import import_nominations
from services.nominations.nominating import nominate
from services.nominations.participating import on_draw_repeated, on_review_scheduled
from services.nominations.sweeping import sweep_missing
from shared.bus.outbox import record
from shared.context import ServiceContext
from shared.db import transaction
from shared.events import Envelope, new_event

log = logging.getLogger(__name__)

__all__ = ["activate_nomination", "event_handlers", "import_nominations", "nominate",
           "replace_focal_point", "set_mission_contacts", "sweep_missing",
           "withdraw_nomination"]


def on_state_party_registered(ctx: ServiceContext, session: Session, event: Envelope) -> None:
    """Keep our own copy of the State (registered or updated): nominations are refused for
    a State we do not know."""
    p = event.payload
    row = session.get(StatePartyRow, p["code"])
    if row is None:
        session.add(StatePartyRow(code=p["code"], name=p["name"],
                                  regional_group=p["regional_group"],
                                  registered_at=ctx.clock.now()))
    else:
        row.name, row.regional_group = p["name"], p["regional_group"]
    log.info("%s %s: %s kept", event.type, event.id, p["code"])


def event_handlers(ctx: ServiceContext) -> dict:
    """The consumer's map, one handler per event type in the topology's SUBSCRIPTIONS."""
    return {
        "StatePartyRegistered": functools.partial(on_state_party_registered, ctx),
        "StatePartyUpdated": functools.partial(on_state_party_registered, ctx),
        "ReviewScheduled": functools.partial(on_review_scheduled, ctx),
        "DrawRepeated": functools.partial(on_draw_repeated, ctx),
    }


def set_mission_contacts(ctx: ServiceContext, commands: list[SetMissionContact]) -> dict:
    """Create or update mission contacts; publish MissionContactChanged only for a change."""
    counts = {"created": 0, "changed": 0, "unchanged": 0}
    now = ctx.clock.now()
    with transaction(ctx.session_factory) as session:
        existing = {r.state_code: r for r in session.scalars(select(MissionRow))}
        events = []
        for cmd in commands:
            row = existing.get(cmd.state_code)
            if row is None:
                row = MissionRow(state_code=cmd.state_code, emails=list(cmd.emails),
                                 language=cmd.language, updated_at=now)
                session.add(row)
                existing[cmd.state_code] = row
                counts["created"] += 1
            elif row.emails != list(cmd.emails) or row.language != cmd.language:
                row.emails, row.language, row.updated_at = list(cmd.emails), cmd.language, now
                counts["changed"] += 1
            else:
                counts["unchanged"] += 1
                continue
            events.append(new_event("MissionContactChanged", {
                "state_code": row.state_code, "emails": row.emails, "language": row.language,
            }, now))
        record(session, *events)
    return counts
