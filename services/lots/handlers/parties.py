"""Registering the States parties."""

from __future__ import annotations

from services.lots.adapters.orm import StatePartyRow
from services.lots.domain.commands import RegisterStateParty
from shared.context import ServiceContext
from shared.events import new_event


def _party_payload(row: StatePartyRow) -> dict:
    return {
        "code": row.code,
        "name": row.name,
        "regional_group": row.regional_group,
        "legal_system": row.legal_system,
        "instruments": list(row.instruments),
    }


def register_state_parties(ctx: ServiceContext, commands: list[RegisterStateParty]) -> dict:
    """Create or update parties; publish an event only for what actually changed."""
    counts = {"registered": 0, "updated": 0, "unchanged": 0}
    now = ctx.clock.now()
    with ctx.uow() as uow:
        existing = uow.party_rows()
        events = []
        for cmd in commands:
            row = existing.get(cmd.code)
            fields = dict(name=cmd.name, regional_group=cmd.regional_group,
                          legal_system=cmd.legal_system, instruments=list(cmd.instruments))
            if row is None:
                row = StatePartyRow(code=cmd.code, registered_at=now, **fields)
                uow.add(row)
                existing[cmd.code] = row
                counts["registered"] += 1
                events.append(new_event("StatePartyRegistered", _party_payload(row), now))
            elif any(getattr(row, k) != v for k, v in fields.items()):
                for key, value in fields.items():
                    setattr(row, key, value)
                counts["updated"] += 1
                events.append(new_event("StatePartyUpdated", _party_payload(row), now))
            else:
                counts["unchanged"] += 1
        uow.record(*events)
    return counts
