"""The Permanent Missions' contacts, set from the file of missions or over HTTP: each real
change is announced (MissionContactChanged), so the notifications service writes to the
current addresses."""

from __future__ import annotations

from services.nominations.adapters.orm import MissionRow
from services.nominations.domain.commands import SetMissionContact
from shared.context import ServiceContext
from shared.events import new_event


def set_mission_contacts(ctx: ServiceContext, commands: list[SetMissionContact]) -> dict:
    """Create or update mission contacts; publish MissionContactChanged only for a change."""
    counts = {"created": 0, "changed": 0, "unchanged": 0}
    now = ctx.clock.now()
    with ctx.uow() as uow:
        existing = uow.missions()
        events = []
        for cmd in commands:
            row = existing.get(cmd.state_code)
            if row is None:
                row = MissionRow(state_code=cmd.state_code, emails=list(cmd.emails),
                                 language=cmd.language, updated_at=now)
                uow.add(row)
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
        uow.record(*events)
    return counts
