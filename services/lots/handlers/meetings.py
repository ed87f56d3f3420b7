"""The meetings at which lots are drawn: data the draws and repetitions name."""

from __future__ import annotations

from services.lots.adapters.orm import MeetingRow
from services.lots.domain.commands import RegisterMeeting
from services.lots.handlers.draw_checks import day_of
from shared.context import ServiceContext
from shared.web.errors import Conflict


def register_meeting(ctx: ServiceContext, cmd: RegisterMeeting) -> MeetingRow:
    """Register a meeting; the same one again changes nothing, another under its name is
    refused."""
    day_of(ctx, cmd.held_on, "held_on")
    with ctx.uow() as uow:
        row = uow.get(MeetingRow, cmd.name)
        if row is not None:
            if (row.title, row.held_on) != (cmd.title, cmd.held_on):
                raise Conflict(f"meeting {cmd.name} is registered as {row.title!r}, held on "
                               f"{row.held_on.isoformat()}", field="name")
            return row
        row = MeetingRow(name=cmd.name, title=cmd.title, held_on=cmd.held_on,
                         recorded_at=ctx.clock.now())
        uow.add(row)
    return row
