"""How a nomination ends, whoever ends it (a withdrawal, a replacement, a repetition of the
draw, a State that had left the review before the fact was recorded): on its own day,
never before the nomination, the time it was recorded kept beside it."""

from __future__ import annotations

import datetime as dt

from services.nominations.adapters.orm import NominationRow
from services.nominations.domain.commands import WITHDRAWN
from shared.web.errors import Unprocessable


def check_not_future(on: dt.date, today: dt.date, field: str) -> None:
    if on > today:
        raise Unprocessable(f"{on} is in the future", field=field)


def end_nomination(row: NominationRow, on: dt.date, reason: str | None, now: dt.datetime, *,
                   field: str) -> None:
    """Withdrawn from `on` (the day it happened), recorded `now`."""
    if on < row.nominated_on:
        raise Unprocessable(f"{on} is before the nomination of {row.nominated_on}",
                            field=field)
    row.status, row.withdrawn_on, row.withdrawal_reason = WITHDRAWN, on, reason
    row.withdrawn_at = now
