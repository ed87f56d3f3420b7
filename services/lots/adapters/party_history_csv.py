"""Reading `parties.csv` of a history bundle (docs/history-bundle.md): the States parties as
they stood, each with the day it became party to each instrument, every problem named by
file, line, field and reason."""

from __future__ import annotations

import datetime as dt

from marshmallow import ValidationError, fields, validate

from services.lots.domain.commands import RegisterStateParty
from services.lots.domain.parties import INSTRUMENTS
from services.lots.domain.party_checks import party_problems
from shared.bundle_csv import LineProblem, bundle_rows
from shared.events.payloads import StatePartySchema
from shared.fields import Day

FILE = "parties.csv"
COLUMNS = ("code", "name", "regional_group", "legal_system", "convention_on",
           "trafficking_on", "smuggling_on", "firearms_on", "takes_part", "kept_out_reason")


class PartyLineSchema(StatePartySchema):
    """A line of parties.csv: its instruments are those it has a date for."""

    instruments = fields.List(fields.String(), load_default=list)
    legal_system = fields.String(load_default=None, allow_none=True,
                                 validate=validate.Length(max=40))
    convention_on = Day(required=True)
    trafficking_on = Day(allow_none=True)
    smuggling_on = Day(allow_none=True)
    firearms_on = Day(allow_none=True)
    takes_part = fields.Boolean(required=True, truthy={"yes"}, falsy={"no"})


def read_parties(data: bytes, today: dt.date) -> tuple[list[RegisterStateParty],
                                                        list[LineProblem]]:
    """Every party of the file, and every problem of it (none written if any)."""
    rows, problems = bundle_rows(data, FILE, COLUMNS, optional=("legal_system",))
    commands, lines = [], {}
    for line, row in rows:
        found = _line_problems(row, today)
        if row["code"] in lines:
            found.append(("code", f"{row['code']} is also on line {lines[row['code']]}"))
        lines.setdefault(row["code"], line)
        problems += [LineProblem(FILE, line, name, reason) for name, reason in found]
        if not found:
            commands.append(_command(row))
    return commands, problems


def _loaded(row: dict[str, str]) -> dict:
    return PartyLineSchema().load({k: v or None for k, v in row.items()}
                                  | {"code": row["code"], "name": row["name"]})


def _line_problems(row: dict[str, str], today: dt.date) -> list[tuple[str, str]]:
    try:
        data = _loaded(row)
    except ValidationError as exc:
        return [(name, " ".join(map(str, reasons)))
                for name, reasons in sorted(exc.normalized_messages().items())]
    dates = {i: data[f"{i}_on"] for i in INSTRUMENTS}
    return party_problems(tuple(i for i, day in dates.items() if day), dates,
                          data["takes_part"], data["kept_out_reason"], today=today)


def _command(row: dict[str, str]) -> RegisterStateParty:
    data = _loaded(row)
    data["instruments"] = tuple(i for i in INSTRUMENTS if data[f"{i}_on"])
    return RegisterStateParty(**data, source=f"history bundle, {FILE}")
