"""The nominations part of the history bundle (docs/history-bundle.md): nominations.csv and
withdrawals.csv, replayed in the order the facts happened through the same checks as the
commands (handlers/nominations.py, handlers/withdraw_person.py), in one transaction.

Every line is checked before anything is committed: any bad line refuses the whole part
(file, line, field, reason; shared/bundle_csv.py) and nothing is written. A line already
imported changes nothing, so the same files a second time write and publish nothing. The
events carry the envelope's history mark: consumers keep the facts and tell no one.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from services.nominations.adapters.unit_of_work import NominationsUnitOfWork, conflict_if_raced
from services.nominations.domain.commands import WITHDRAWN, Nominate
from services.nominations.domain.history import (
    NominationLine,
    WithdrawalLine,
    in_the_order_they_happened,
)
from services.nominations.handlers.ending import check_not_future
from services.nominations.handlers.file_import import replay
from services.nominations.handlers.history_withdrawals import (
    Done,
    link_successors,
    withdraw_line,
)
from services.nominations.handlers.nominations import (
    nominate_in,
    nominated_event,
    withdrawn_event,
)
from shared.bundle_csv import LineProblem, PartRefused
from shared.context import ServiceContext
from shared.web.errors import Unprocessable

log = logging.getLogger(__name__)

#: a command's field, as the bundle's column names it
COLUMN = {"review_id": "state_under_review", "nomination_id": "email", "person_id": "email"}


@dataclass
class ReadPart:
    """The lines of the two files that read well, and the problems of the rest."""

    nominations: list[NominationLine] = field(default_factory=list)
    withdrawals: list[WithdrawalLine] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)


def import_nominations_history(ctx: ServiceContext, part: ReadPart) -> dict:
    now, today = ctx.clock.now(), ctx.clock.today()
    facts = in_the_order_they_happened(part.nominations, part.withdrawals)
    with conflict_if_raced("nominations were registered while the history was imported; "
                           "nothing was imported, import it again", field="file"), \
            ctx.uow() as uow:
        done, refused = replay(((f.line, f) for f in facts),
                               lambda fact: _apply(uow, fact, now, today))
        problems = part.problems + link_successors(uow, done) + [
            LineProblem(fact.file, line, COLUMN.get(name, name), reason)
            for fact, (line, name, reason) in refused]
        if problems:
            raise PartRefused(sorted(problems, key=lambda p: (p.file, p.line, p.field)))
        uow.record(*_events(done, now))
    counts = {"nominations": sum(1 for kind, _, _ in done if kind == "nominated"),
              "withdrawals": sum(1 for kind, _, _ in done if kind == "withdrawn")}
    log.info("nominations history imported: %s lines, %s", len(facts), counts)
    return {"lines": len(facts), **counts}


def _apply(uow: NominationsUnitOfWork, fact: NominationLine | WithdrawalLine,
           now: dt.datetime, today: dt.date) -> list[Done]:
    if isinstance(fact, WithdrawalLine):
        check_not_future(fact.withdrawn_on, today, "withdrawn_on")
        review_id = _review_id(uow, fact.review)
        return [("withdrawn", row, fact) for row in withdraw_line(uow, fact, review_id, now)]
    review_id = _review_id(uow, fact.review)
    if _already_imported(uow, fact, review_id):
        return []
    rows = nominate_in(uow, Nominate(fact.state_code, fact.role, fact.person, review_id,
                                     fact.nominated_on), now, today)
    # a State that had left the review by then: its nomination ended as it was made
    return [(kind, row, fact) for row in rows
            for kind in ("nominated", "withdrawn")[:1 + (row.status == WITHDRAWN)]]


def _review_id(uow: NominationsUnitOfWork, review: tuple[int, str] | None) -> int | None:
    if review is None:
        return None
    review_id = uow.review_named(*review)
    if review_id is None:
        raise Unprocessable(f"no review of {review[1]} in phase {review[0]} is known here",
                            field="state_under_review")
    return review_id


def _already_imported(uow: NominationsUnitOfWork, fact: NominationLine,
                      review_id: int | None) -> bool:
    person = uow.person(fact.state_code, fact.person.email)
    if person is None:
        return False
    if review_id is None:
        return any((s.role, s.nominated_on) == (fact.role, fact.nominated_on)
                   for s in uow.standing_nominations_of(person.id))
    return any((n.review_id, n.nominated_on) == (review_id, fact.nominated_on)
               for n in uow.nominations_held_by(person.id, fact.role))


def _events(done: list[Done], now: dt.datetime) -> list:
    """In the order the facts happened; built last, when each withdrawal knows who took
    over (the successor is nominated after it, the same day)."""
    return [nominated_event(row, now, history=True) if kind == "nominated"
            else withdrawn_event(row, now, history=True) for kind, row, _ in done]
