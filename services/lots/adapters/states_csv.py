"""Reading the States parties file that ships in deploy/data/ (or one the secretariat sends):
`code,name,regional_group,legal_system,instruments`, the instruments separated by ';'."""

from __future__ import annotations

from services.lots.domain.commands import RegisterStateParty
from shared.csv_import import read_records
from shared.events.payloads import StatePartySchema

COLUMNS = ("code", "name", "regional_group", "legal_system", "instruments")


def parse_states_csv(text: str) -> list[RegisterStateParty]:
    schema = StatePartySchema()

    def load(row: dict[str, str]) -> RegisterStateParty:
        data = schema.load({
            "code": row["code"],
            "name": row["name"],
            "regional_group": row["regional_group"] or None,
            "legal_system": row["legal_system"] or None,
            "instruments": [i.strip() for i in row["instruments"].split(";") if i.strip()],
        })
        return RegisterStateParty(**{**data, "instruments": tuple(data["instruments"])})

    return read_records(text, COLUMNS, load, key=lambda command: command.code)
