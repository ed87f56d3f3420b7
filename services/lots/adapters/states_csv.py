"""Reading the States parties file that ships in deploy/data/ (or one the secretariat sends).

One line per party: `code,name,regional_group,legal_system,instruments` (the instruments
separated by ';'), the day it became party to each (`convention_on`, `trafficking_on`,
`smuggling_on`, `firearms_on`: empty where unknown), `takes_part` (`yes`/`no`) and
`kept_out_reason`, then `confirmed` (`yes`/`no`: whether `source` confirms the line) and
`source`, which every line names. The file is refused whole, every bad line named.
"""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate

from services.lots.domain.commands import RegisterStateParty
from services.lots.domain.party_checks import by_field, party_problems
from shared.csv_import import read_records
from shared.events.payloads import StatePartySchema
from shared.fields import Day

DATE_COLUMNS = ("convention_on", "trafficking_on", "smuggling_on", "firearms_on")
COLUMNS = ("code", "name", "regional_group", "legal_system", "instruments", *DATE_COLUMNS,
           "takes_part", "kept_out_reason", "confirmed", "source")


class ListedPartySchema(StatePartySchema):
    """A line of the file: the party as events carry it, and where it comes from."""

    convention_on = Day(allow_none=True)
    trafficking_on = Day(allow_none=True)
    smuggling_on = Day(allow_none=True)
    firearms_on = Day(allow_none=True)
    takes_part = fields.Boolean(required=True, truthy={"yes"}, falsy={"no"})
    confirmed = fields.Boolean(required=True, truthy={"yes"}, falsy={"no"})
    source = fields.String(required=True, validate=validate.Length(min=1, max=2000))


def parse_states_csv(text: str) -> list[RegisterStateParty]:
    schema = ListedPartySchema()

    def load(row: dict[str, str]) -> RegisterStateParty:
        data = schema.load({
            **{k: row[k] or None for k in COLUMNS},
            "code": row["code"], "name": row["name"],
            "instruments": [i.strip() for i in row["instruments"].split(";") if i.strip()],
        })
        _check(data)
        return RegisterStateParty(**{**data, "instruments": tuple(data["instruments"])})

    return read_records(text, COLUMNS, load, key=lambda command: command.code)


def _check(data: dict) -> None:
    problems = party_problems(
        tuple(data["instruments"]), {c[:-3]: data[c] for c in DATE_COLUMNS},
        data["takes_part"], data["kept_out_reason"])
    if problems:
        raise ValidationError(by_field(problems))

