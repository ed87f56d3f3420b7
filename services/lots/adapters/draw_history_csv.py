"""Reading the draws' files of a history bundle (docs/history-bundle.md): `meetings.csv`,
`groups.csv`, `draws.csv` and `repetitions.csv`, each line checked alone (its cells, a day
not in the future), every problem named by file, line, field and reason. What lines mean
together (a group's States, the rules of the draw) is the handler's to check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from marshmallow import Schema, ValidationError, fields, validate

from services.lots.domain.parties import INSTRUMENTS
from services.lots.domain.recorded import RecordedReview
from shared.bundle_csv import LineProblem, bundle_rows
from shared.fields import Day, MeetingName, StateCode

FILES = ("meetings.csv", "groups.csv", "draws.csv", "repetitions.csv")
COLUMNS = {
    "meetings.csv": ("meeting", "title", "held_on"),
    "groups.csv": ("group_number", "starts_on", "state_code"),
    "draws.csv": ("group_number", "phase", "cluster", "meeting", "drawn_on",
                  "state_under_review", "reviewing_states", "additional_reviewers",
                  "exception_reason"),
    "repetitions.csv": ("group_number", "phase", "state_under_review", "replaced",
                        "replacement", "requested_by", "meeting", "repeated_on", "reason",
                        "exceptional"),
}
OPTIONAL = {"draws.csv": ("additional_reviewers", "exception_reason"),
            "repetitions.csv": ("reason", "exceptional")}
#: the dates that may not lie after the day of the import
DAYS = {"meetings.csv": "held_on", "draws.csv": "drawn_on", "repetitions.csv": "repeated_on"}

GROUP = fields.Integer(required=True, validate=validate.Range(min=1, max=99))
PHASE = fields.Integer(required=True, validate=validate.Range(min=1, max=10))


class MeetingLine(Schema):
    meeting = MeetingName(required=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    held_on = Day(required=True)


class GroupLine(Schema):
    group_number = GROUP
    starts_on = Day(required=True)
    state_code = StateCode(required=True)


class DrawLine(Schema):
    group_number = GROUP
    phase = PHASE
    cluster = fields.Integer(required=True, validate=validate.Range(min=1, max=10))
    meeting = MeetingName(required=True)
    drawn_on = Day(required=True)
    state_under_review = StateCode(required=True)
    reviewing_states = fields.List(StateCode(), required=True,
                                   validate=validate.Length(min=1, max=8))
    additional_reviewers = fields.Dict(
        keys=StateCode(), values=fields.List(fields.String(validate=validate.OneOf(
            INSTRUMENTS)), validate=validate.Length(min=1)), load_default=dict)
    exception_reason = fields.String(load_default=None, validate=validate.Length(max=2000))


class RepetitionLine(Schema):
    group_number = GROUP
    phase = PHASE
    state_under_review = StateCode(required=True)
    replaced = StateCode(required=True)
    replacement = StateCode(required=True)
    requested_by = StateCode(required=True)
    meeting = MeetingName(required=True)
    repeated_on = Day(required=True)
    reason = fields.String(load_default=None, validate=validate.Length(max=2000))
    exceptional = fields.Boolean(load_default=False, truthy={"yes"}, falsy={"no"})


SCHEMAS = {"meetings.csv": MeetingLine, "groups.csv": GroupLine, "draws.csv": DrawLine,
           "repetitions.csv": RepetitionLine}


@dataclass(frozen=True)
class Line:
    """A line of a file, its cells loaded: where it is, and what it says."""

    file: str
    number: int
    data: dict

    def problem(self, field: str, reason: str) -> LineProblem:
        return LineProblem(self.file, self.number, field, reason)


def read_draw_files(files: dict[str, bytes], today: dt.date
                    ) -> tuple[dict[str, list[Line]], list[LineProblem]]:
    """The lines of each file sent (a file not sent has none), and every problem of a line
    on its own."""
    lines: dict[str, list[Line]] = {name: [] for name in FILES}
    problems: list[LineProblem] = []
    for name, data in files.items():
        rows, found = bundle_rows(data, name, COLUMNS[name], optional=OPTIONAL.get(name, ()))
        problems += found
        for number, row in rows:
            line, found = _load(name, number, row, today)
            problems += found
            if line is not None:
                lines[name].append(line)
    return lines, problems


def _load(name: str, number: int, row: dict[str, str], today: dt.date
          ) -> tuple[Line | None, list[LineProblem]]:
    cells = {k: v for k, v in row.items() if v != ""}
    if name == "draws.csv":
        cells = _draw_cells(cells)
    try:
        data = SCHEMAS[name]().load(cells)
    except ValidationError as exc:
        return None, [LineProblem(name, number, field, " ".join(map(str, _flat(reasons))))
                      for field, reasons in sorted(exc.normalized_messages().items())]
    day = DAYS.get(name)
    if day and data[day] > today:
        return None, [LineProblem(name, number, day, f"{data[day].isoformat()} is in the "
                                  f"future (today is {today.isoformat()})")]
    return Line(name, number, data), []


def _draw_cells(cells: dict[str, str]) -> dict:
    """The lists of a draw line: `A;B` reviewing States, `C:firearms+smuggling;D:...`
    additional reviewers."""
    out: dict = dict(cells)
    if "reviewing_states" in cells:
        out["reviewing_states"] = [c.strip() for c in cells["reviewing_states"].split(";")]
    if "additional_reviewers" in cells:
        out["additional_reviewers"] = {
            code.strip(): [i.strip() for i in instruments.split("+")]
            for code, _, instruments in (item.partition(":") for item in
                                         cells["additional_reviewers"].split(";"))}
    return out


def _flat(reasons) -> list:
    if isinstance(reasons, dict):
        return [r for value in reasons.values() for r in _flat(value)]
    if isinstance(reasons, list):
        return [r for value in reasons for r in _flat(value)]
    return [reasons]


def recorded_review(line: Line) -> RecordedReview:
    data = line.data
    return RecordedReview(data["state_under_review"], tuple(data["reviewing_states"]),
                          {code: tuple(i) for code, i in data["additional_reviewers"].items()},
                          (data["exception_reason"] or "").strip() or None)
