"""The parties part of a history bundle (docs/history-bundle.md, `parties.csv`): checked
whole before anything is written, then written with its events marked as history.

`check_party_history` is what an import of the lots service's whole part calls first, with
the other files' checks, and `write_party_history` what it calls in its transaction;
`import_party_history` does both for the parties alone (POST /history/parties).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from services.lots.adapters.party_history_csv import read_parties
from services.lots.adapters.unit_of_work import LotsUnitOfWork
from services.lots.domain.commands import RegisterStateParty
from services.lots.handlers.parties import write_parties
from shared.bundle_csv import LineProblem, PartRefused
from shared.context import ServiceContext


def check_party_history(data: bytes, today: dt.date) -> tuple[list[RegisterStateParty],
                                                               list[LineProblem]]:
    """The parties of `parties.csv` and every problem of the file (file, line, field,
    reason); the caller refuses the whole part if there is any."""
    return read_parties(data, today)


def write_party_history(uow: LotsUnitOfWork, parties: list[RegisterStateParty],
                        now: dt.datetime) -> dict:
    """Write the checked parties in the caller's unit of work; a party already as the file
    says changes nothing and tells no one. A legal system the file leaves empty keeps the
    one registered."""
    known = uow.party_rows()
    parties = [dataclasses.replace(p, legal_system=known[p.code].legal_system)
               if p.legal_system is None and p.code in known else p for p in parties]
    return write_parties(uow, parties, now, history=True)


def import_party_history(ctx: ServiceContext, data: bytes) -> dict:
    """Check `parties.csv` whole, refuse it whole or write it; the counts written."""
    parties, problems = check_party_history(data, ctx.clock.today())
    if problems:
        raise PartRefused(problems)
    with ctx.uow() as uow:
        return write_party_history(uow, parties, ctx.clock.now())
