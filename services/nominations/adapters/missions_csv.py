"""Reading the Permanent Missions file that ships in deploy/data/ (or one the secretariat
sends): `code,emails,language`, the e-mails separated by ';'."""

from __future__ import annotations

import csv
import io

from marshmallow import ValidationError

from services.nominations.domain.commands import SetMissionContact
from shared.events.payloads import MissionContactSchema

COLUMNS = ("code", "emails", "language")


class MissionsFileRefused(ValueError):
    """The file is refused whole; `problems` lists every bad line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def parse_missions_csv(text: str) -> list[SetMissionContact]:
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise MissionsFileRefused([f"the header must be {','.join(COLUMNS)}"])
    schema = MissionContactSchema()
    commands, problems, seen = [], [], set()
    ended = reader.line_num
    for row in reader:
        # lines of the file, not rows: a quoted field may span lines; name where it starts
        line, ended = ended + 1, reader.line_num
        if None in row or any(row[c] is None for c in COLUMNS):
            problems.append(f"line {line}: expected {len(COLUMNS)} columns")
            continue
        raw = {
            "state_code": row["code"].strip(),
            "emails": [e.strip() for e in row["emails"].split(";") if e.strip()],
            "language": row["language"].strip(),
        }
        try:
            data = schema.load(raw)
        except ValidationError as exc:
            problems.append(f"line {line}: {exc.messages}")
            continue
        if data["state_code"] in seen:
            problems.append(f"line {line}: {data['state_code']} appears twice")
        seen.add(data["state_code"])
        commands.append(SetMissionContact(data["state_code"], tuple(data["emails"]),
                                          data["language"]))
    if problems:
        raise MissionsFileRefused(problems)
    return commands
