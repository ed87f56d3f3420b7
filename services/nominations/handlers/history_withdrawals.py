"""A line of the history's withdrawals.csv: the person's nominations in the role end on
the day given, in the review named or in every review (and for the reviews to come);
a line whose withdrawals are already on record changes nothing.

Who took over (`replaced_by_email`) is nominated after the withdrawal, the same day: the
link is made once the whole part is replayed (`link_successors`).
"""

from __future__ import annotations

import datetime as dt

from services.nominations.adapters.orm import NominationRow
from services.nominations.adapters.unit_of_work import NominationsUnitOfWork
from services.nominations.domain.commands import WITHDRAWN
from services.nominations.domain.history import NominationLine, WithdrawalLine
from services.nominations.handlers.ending import end_nomination
from services.nominations.handlers.withdraw_person import end_every_nomination
from shared.bundle_csv import LineProblem
from shared.web.errors import Unprocessable

#: what a line of the part did: ("nominated" or "withdrawn", the nomination, the line)
Done = tuple[str, NominationRow, NominationLine | WithdrawalLine]


def withdraw_line(uow: NominationsUnitOfWork, fact: WithdrawalLine, review_id: int | None,
                  now: dt.datetime) -> list[NominationRow]:
    person = uow.person(fact.state_code, fact.email)
    if person is None:
        raise Unprocessable(f"{fact.email} was never nominated by {fact.state_code}",
                            field="email")
    held = [n for n in uow.nominations_held_by(person.id, fact.role)
            if review_id in (None, n.review_id)]
    current = [n for n in held if n.status != WITHDRAWN]
    if not current and any(n.withdrawn_on == fact.withdrawn_on for n in held):
        return []  # imported before
    if not current:
        raise Unprocessable(f"{fact.email} holds no {fact.role} nomination to withdraw"
                            + ("" if review_id is None else " in that review"), field="email")
    if review_id is None:
        return end_every_nomination(uow, person, fact.role, fact.withdrawn_on, fact.reason, now)
    for row in current:
        end_nomination(row, fact.withdrawn_on, fact.reason, now, field="withdrawn_on")
    uow.flush()
    return current


def link_successors(uow: NominationsUnitOfWork, done: list[Done]) -> list[LineProblem]:
    """Each withdrawal names the nomination that took over, in the same review and role;
    a successor the part does not nominate there is a problem of the line."""
    problems = []
    for _, row, fact in done:
        if not isinstance(fact, WithdrawalLine) or not fact.replaced_by_email:
            continue
        successor = uow.person(fact.state_code, fact.replaced_by_email)
        took_over = [] if successor is None else [
            n for n in uow.nominations_held_by(successor.id, row.role)
            if n.review_id == row.review_id]
        if not took_over:
            problems.append(LineProblem(
                fact.file, fact.line, "replaced_by_email",
                f"{fact.replaced_by_email} is not nominated as {row.role} of "
                f"{fact.state_code} in the review it would take over"))
            continue
        row.replaced_by = took_over[-1].id
    return problems
