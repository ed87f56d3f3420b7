"""Which of a State's reviews a nomination covers, checked against the days it follows:
the State was party to the Convention, and had been drawn into the review, on the day of
the nomination. A nomination for a review the State has since left (a repetition of the
draw replaced it) holds when dated before it left: a fact of the past recorded late.
"""

from __future__ import annotations

import datetime as dt

from services.nominations.adapters.orm import ParticipationRow
from services.nominations.adapters.unit_of_work import NominationsUnitOfWork
from services.nominations.domain.commands import Nominate
from shared.web.errors import Unprocessable


def reviews_covered(uow: NominationsUnitOfWork, cmd: Nominate,
                    nominated_on: dt.date) -> list[ParticipationRow]:
    """The review named, or every review the State takes part in now."""
    party = uow.party_for_update(cmd.state_code)
    if party is None:
        raise Unprocessable(f"{cmd.state_code} is not a known State party", field="state_code")
    if party.convention_on is not None and nominated_on < party.convention_on:
        raise Unprocessable(f"{cmd.state_code} was not yet a party on {nominated_on}: it "
                            f"became party to the Convention on {party.convention_on}",
                            field="state_code")
    taking_part = uow.participations_of_state(cmd.state_code)
    current = sorted(r for r, row in taking_part.items() if row.ended_on is None)
    if cmd.review_id is None and current:
        return [taking_part[r] for r in current]
    if cmd.review_id is None:
        raise Unprocessable(f"{cmd.state_code} takes part in no review now", field="review_id")
    return [_one_review(cmd, nominated_on, taking_part.get(cmd.review_id), current)]


def _one_review(cmd: Nominate, nominated_on: dt.date, row: ParticipationRow | None,
                current: list[int]) -> ParticipationRow:
    if row is None:
        raise Unprocessable(
            f"{cmd.state_code} does not take part in review {cmd.review_id}; it takes part "
            f"in {', '.join(map(str, current)) or 'none'}", field="review_id")
    if row.ended_on is not None and nominated_on >= row.ended_on:
        raise Unprocessable(
            f"{cmd.state_code} no longer takes part in review {cmd.review_id}: "
            f"{row.replaced_by} replaced it on {row.ended_on}", field="review_id")
    if row.joined_on is not None and nominated_on < row.joined_on:
        raise Unprocessable(
            f"{nominated_on} is before {cmd.state_code} was drawn into review "
            f"{cmd.review_id} on {row.joined_on}", field="nominated_on")
    return row
