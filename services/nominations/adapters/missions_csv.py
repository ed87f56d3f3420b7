"""Reading the Permanent Missions file that ships in deploy/data/ (or one the secretariat
sends): `code,emails,language`, the e-mails separated by ';'."""

from __future__ import annotations

from services.nominations.domain.commands import SetMissionContact
from shared.csv_import import read_records
from shared.events.payloads import MissionContactSchema

COLUMNS = ("code", "emails", "language")


def parse_missions_csv(text: str) -> list[SetMissionContact]:
    schema = MissionContactSchema()

    def load(row: dict[str, str]) -> SetMissionContact:
        data = schema.load({
            "state_code": row["code"],
            "emails": [e.strip() for e in row["emails"].split(";") if e.strip()],
            "language": row["language"],
        })
        return SetMissionContact(data["state_code"], tuple(data["emails"]), data["language"])

    return read_records(text, COLUMNS, load, key=lambda command: command.state_code)
