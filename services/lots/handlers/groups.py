"""Review groups: created one by one, or all at once by dividing States parties by lot."""

from __future__ import annotations

from services.lots.adapters.orm import ReviewGroupRow
from services.lots.adapters.unit_of_work import LotsUnitOfWork
from services.lots.domain.commands import CreateReviewGroup, DivideIntoGroups
from services.lots.domain.commitment import new_seed
from services.lots.domain.division import divide
from services.lots.domain.parties import drawable_on, why_not_drawable
from shared.context import ServiceContext
from shared.web.errors import Conflict, Unprocessable


def create_review_group(ctx: ServiceContext, cmd: CreateReviewGroup) -> ReviewGroupRow:
    with ctx.uow() as uow:
        if uow.group_numbered(cmd.number, cmd.phase) is not None:
            raise Conflict(f"review group {cmd.number} already has its phase {cmd.phase}",
                           field="number")
        codes = list(dict.fromkeys(cmd.states_under_review))
        _check_drawable(uow, codes, cmd.starts_on, "states_under_review")
        strangers = sorted(set(cmd.reviewing_state_limits) - set(codes))
        if strangers:
            raise Unprocessable(f"not under review in this group: {', '.join(strangers)}",
                                field="reviewing_state_limits")
        group = ReviewGroupRow(
            number=cmd.number, starts_on=cmd.starts_on, phase=cmd.phase, cluster=cmd.cluster,
            states_under_review=codes, created_at=ctx.clock.now(),
            reviewing_state_limits=dict(cmd.reviewing_state_limits),
        )
        uow.add(group)
    return group


def divide_into_groups(ctx: ServiceContext, cmd: DivideIntoGroups) -> list[ReviewGroupRow]:
    """Divide the States parties into review groups by lot, with their start dates: by
    default every party taking part in the reviews that was party on the first start."""
    if len(cmd.starts_on) != cmd.groups:
        raise Unprocessable(f"{cmd.groups} groups need {cmd.groups} start dates, "
                            f"{len(cmd.starts_on)} given", field="starts_on")
    seed = cmd.seed or new_seed()
    with ctx.uow() as uow:
        first_day = min(cmd.starts_on)
        parties = drawable_on(uow.parties().values(), first_day)
        codes = sorted(set(cmd.states)) if cmd.states is not None else sorted(parties)
        _check_drawable(uow, codes, first_day, "states")
        if len(codes) < cmd.groups:
            raise Unprocessable(f"{len(codes)} States cannot make {cmd.groups} groups",
                                field="groups")
        first = uow.last_group_number() + 1
        if first + cmd.groups - 1 > 99:
            raise Conflict("review groups are numbered up to 99", field="groups")
        dealt = divide([parties[c] for c in codes], cmd.groups, seed=seed,
                       balance_regions=cmd.balance_regions)
        rows = [ReviewGroupRow(
            number=first + i, starts_on=starts_on, phase=cmd.phase, cluster=cmd.cluster,
            states_under_review=members, created_at=ctx.clock.now(),
            reviewing_state_limits={}, division_seed=seed,
            balanced_regions=cmd.balance_regions,
        ) for i, (members, starts_on) in enumerate(zip(dealt, cmd.starts_on, strict=True))]
        uow.add(*rows)
    return rows


def _check_drawable(uow: LotsUnitOfWork, codes: list[str], day, field: str) -> None:
    """Refuse States that are not registered, are kept out of the country reviews, or were
    not yet party to the Convention on `day` (the group's start), each with why."""
    parties = uow.parties()
    reasons = [why for c in codes if (why := why_not_drawable(parties.get(c), c, day))]
    if reasons:
        raise Unprocessable("; ".join(reasons), field=field)
