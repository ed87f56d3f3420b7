"""What makes a State party's record coherent, whichever file or request it comes from.

Every party is party to the Convention: a State must be party to it before it can become
party to any of the Protocols (Convention, art. 37, para. 2), so no Protocol's date comes
before the Convention's. A party kept out of the country reviews says why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from services.lots.domain.parties import INSTRUMENTS

PROTOCOLS = INSTRUMENTS[1:]


def party_problems(instruments: tuple[str, ...], dates: Mapping[str, dt.date | None],
                   takes_part: bool, kept_out_reason: str | None, *,
                   today: dt.date | None = None) -> list[tuple[str, str]]:
    """Every (field, reason) that makes the record incoherent; `dates` by instrument, and
    with `today` a date after it is one."""
    problems: list[tuple[str, str]] = []
    if "convention" not in instruments:
        problems.append(("instruments", "every party is party to the Convention"))
    for instrument, day in dates.items():
        if day is not None and instrument not in instruments:
            problems.append((f"{instrument}_on", f"a date for the {instrument} instrument, "
                             "to which the party is not party"))
        if day is not None and today is not None and day > today:
            problems.append((f"{instrument}_on", f"{day} is in the future"))
    convention_on = dates.get("convention")
    for protocol in PROTOCOLS:
        day = dates.get(protocol)
        if day is not None and convention_on is not None and day < convention_on:
            problems.append((f"{protocol}_on", f"{day} is before the party became party to "
                             f"the Convention ({convention_on}); a State joins the "
                             "Convention first (art. 37, para. 2)"))
    if not takes_part and not (kept_out_reason or "").strip():
        problems.append(("kept_out_reason", "a party kept out of the country reviews "
                         "needs the reason"))
    if takes_part and (kept_out_reason or "").strip():
        problems.append(("kept_out_reason", "only a party kept out of the country reviews "
                         "has a reason for it"))
    return problems


def by_field(problems: list[tuple[str, str]]) -> dict[str, list[str]]:
    """The problems as validation messages: every reason under its field."""
    messages: dict[str, list[str]] = {}
    for name, reason in problems:
        messages.setdefault(name, []).append(reason)
    return messages
