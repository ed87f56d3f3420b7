"""Reading the States parties file that ships in deploy/data/ (or one the secretariat sends)."""

from __future__ import annotations

import csv
import io

from marshmallow import ValidationError

from services.lots.domain.commands import RegisterStateParty
from shared.events.payloads import StatePartySchema

COLUMNS = ("code", "name", "regional_group", "legal_system", "instruments")


class StatesFileRefused(ValueError):
    """The file is refused whole; `problems` lists every bad line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def parse_states_csv(text: str) -> list[RegisterStateParty]:
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise StatesFileRefused([f"the header must be {','.join(COLUMNS)}"])
    schema = StatePartySchema()
    commands, problems, seen = [], [], set()
    for line, row in enumerate(reader, start=2):
        raw = {
            "code": row["code"].strip(),
            "name": row["name"].strip(),
            "regional_group": row["regional_group"].strip() or None,
            "legal_system": row["legal_system"].strip() or None,
            "instruments": [i.strip() for i in row["instruments"].split(";") if i.strip()],
        }
        try:
            data = schema.load(raw)
        except ValidationError as exc:
            problems.append(f"line {line}: {exc.messages}")
            continue
        if data["code"] in seen:
            problems.append(f"line {line}: {data['code']} appears twice")
        seen.add(data["code"])
        commands.append(RegisterStateParty(**{**data, "instruments": tuple(data["instruments"])}))
    if problems:
        raise StatesFileRefused(problems)
    return commands
