"""Registering the States parties."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from services.lots.adapters.orm import StatePartyRow
from services.lots.adapters.unit_of_work import LotsUnitOfWork
from services.lots.domain.commands import RegisterStateParty
from shared.context import ServiceContext
from shared.events import Envelope, new_event

#: what StatePartyRegistered and StatePartyUpdated carry besides the code
PUBLISHED = ("name", "regional_group", "legal_system", "instruments", "convention_on",
             "trafficking_on", "smuggling_on", "firearms_on", "takes_part", "kept_out_reason")
#: where the row comes from: kept when a command brings it, never published
PROVENANCE = ("source", "confirmed")


def _party_payload(row: StatePartyRow) -> dict:
    return {"code": row.code, **{k: getattr(row, k) for k in PUBLISHED},
            "instruments": list(row.instruments)}


def _fields(cmd: RegisterStateParty) -> dict:
    fields = {k: getattr(cmd, k) for k in PUBLISHED}
    fields["instruments"] = list(cmd.instruments)
    fields.update({k: getattr(cmd, k) for k in PROVENANCE if getattr(cmd, k) is not None})
    return fields


def register_state_parties(ctx: ServiceContext, commands: list[RegisterStateParty]) -> dict:
    """Create or update parties; publish an event only for what actually changed."""
    with ctx.uow() as uow:
        return write_parties(uow, commands, ctx.clock.now())


def write_parties(uow: LotsUnitOfWork, commands: Iterable[RegisterStateParty],
                  now: dt.datetime, *, history: bool = False) -> dict:
    """The parties written in the caller's unit of work, each change recorded in its outbox
    (marked as history for an import of the past); how many were registered, updated and
    unchanged. A change of provenance alone updates the row and tells no one."""
    counts = {"registered": 0, "updated": 0, "unchanged": 0}
    existing = uow.party_rows()
    events: list[Envelope] = []
    for cmd in commands:
        row, fields = existing.get(cmd.code), _fields(cmd)
        if row is None:
            row = StatePartyRow(code=cmd.code, registered_at=now, **fields)
            uow.add(row)
            existing[cmd.code] = row
            counts["registered"] += 1
            events.append(new_event("StatePartyRegistered", _party_payload(row), now,
                                    history=history))
            continue
        published = any(getattr(row, k) != fields[k] for k in PUBLISHED)
        provenance = any(getattr(row, k) != v for k, v in fields.items() if k in PROVENANCE)
        for key, value in fields.items():
            setattr(row, key, value)
        if published:
            counts["updated"] += 1
            events.append(new_event("StatePartyUpdated", _party_payload(row), now,
                                    history=history))
        else:
            counts["unchanged" if not provenance else "updated"] += 1
    uow.record(*events)
    return counts
