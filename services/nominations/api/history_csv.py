"""Reading the nominations part of a history bundle (docs/history-bundle.md): the lines of
nominations.csv and withdrawals.csv, each cell checked as the API checks it (the same
fields as POST /nominations), every problem named by file, line, field and reason."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.nominations.api.schemas import Email, Phone, Text
from services.nominations.domain.commands import PersonDetails
from services.nominations.domain.history import (
    NOMINATIONS_FILE,
    WITHDRAWALS_FILE,
    NominationLine,
    WithdrawalLine,
)
from services.nominations.handlers.history_import import ReadPart
from shared.bundle_csv import LineProblem, bundle_rows
from shared.events.payloads import ROLES
from shared.fields import Day, StateCode

NOMINATION_COLUMNS = ("state_code", "role", "name", "title", "email", "phone", "gender",
                      "phase", "state_under_review", "nominated_on")
WITHDRAWAL_COLUMNS = ("state_code", "role", "email", "phase", "state_under_review",
                      "withdrawn_on", "replaced_by_email", "reason")
#: a gender the file leaves empty is recorded as not disclosed
NOT_DISCLOSED = "undisclosed"


class _ReviewCells(ma.Schema):
    state_code = StateCode(required=True)
    role = ma.fields.String(required=True, validate=validate.OneOf(ROLES))
    phase = ma.fields.Integer(load_default=None, validate=validate.Range(min=1, max=9))
    state_under_review = StateCode(load_default=None)

    @ma.validates_schema
    def _both_or_neither(self, data: dict, **kwargs) -> None:
        if (data.get("phase") is None) != (data.get("state_under_review") is None):
            raise ma.ValidationError("give both phase and state_under_review, or neither "
                                     "(for every review of the State)", "phase")


class NominationLineSchema(_ReviewCells):
    name = Text(200, required=True)
    title = Text(200, load_default="")
    email = Email(required=True)
    phone = Phone(load_default=None)
    gender = ma.fields.String(load_default=NOT_DISCLOSED,
                              validate=validate.OneOf(("female", "male", "other")))
    nominated_on = Day(required=True)


class WithdrawalLineSchema(_ReviewCells):
    email = Email(required=True)
    withdrawn_on = Day(required=True)
    replaced_by_email = Email(load_default=None)
    reason = Text(500, load_default=None)


def read_part(nominations: bytes, withdrawals: bytes | None) -> ReadPart:
    """Both files' lines and every problem of them; no withdrawals file means none."""
    part = ReadPart()
    for line, data in _lines(nominations, NOMINATIONS_FILE, NOMINATION_COLUMNS,
                             NominationLineSchema(), ("phone", "title"), part.problems):
        person = PersonDetails(data.pop("name"), data.pop("title"), data.pop("email"),
                               data.pop("gender"), data.pop("phone"))
        part.nominations.append(NominationLine(line, data["state_code"], data["role"], person,
                                               _review(data), data["nominated_on"]))
    if withdrawals is not None:
        for line, data in _lines(withdrawals, WITHDRAWALS_FILE, WITHDRAWAL_COLUMNS,
                                 WithdrawalLineSchema(), ("replaced_by_email", "reason"),
                                 part.problems):
            part.withdrawals.append(WithdrawalLine(
                line, data["state_code"], data["role"], data["email"], _review(data),
                data["withdrawn_on"], data["replaced_by_email"], data["reason"]))
    return part


def _lines(data: bytes, file: str, columns: tuple[str, ...], schema: ma.Schema,
           optional: tuple[str, ...], problems: list[LineProblem]):
    """Each line that loads, with its number; the problems of the others into `problems`
    (an empty cell is an absent value)."""
    rows, found = bundle_rows(data, file, columns, optional=optional)
    problems += found
    for line, row in rows:
        try:
            yield line, schema.load({name: value for name, value in row.items() if value})
        except ma.ValidationError as exc:
            problems += [LineProblem(file, line, name, " ".join(map(str, reasons)))
                         for name, reasons in sorted(exc.normalized_messages().items())]


def _review(data: dict) -> tuple[int, str] | None:
    if data["phase"] is None:
        return None
    return data["phase"], data["state_under_review"]
