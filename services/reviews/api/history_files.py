"""Reading the reviews' files of the history bundle (docs/history-bundle.md) through the
bundle's one reader (shared/bundle_csv.py), each line checked against its file's schema:
dates as YYYY-MM-DD, lists separated by ';', yes or no. Every problem is named by file,
line, field and reason."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from marshmallow import Schema, ValidationError, fields, validate

from services.reviews.domain import stages as s
from services.reviews.domain.history import (
    ADVANCE,
    EXTEND,
    RecordedConsultation,
    RecordedDecision,
    RecordedStage,
)
from services.reviews.domain.rules import OFFICIAL_LANGUAGES
from services.reviews.handlers.history_import import (
    CONSULTATIONS,
    DECISIONS,
    STAGES,
    HistoryPart,
)
from shared.bundle_csv import LineProblem, bundle_rows
from shared.csv_import import field_messages

_CODE = validate.Regexp(r"^[A-Z]{3}$", error="an ISO 3166-1 alpha-3 code, e.g. AUT")
_YES_NO = {"truthy": {"yes"}, "falsy": {"no"}}


class _Review(Schema):
    phase = fields.Integer(required=True, validate=validate.Range(min=1))
    state_under_review = fields.String(required=True, validate=_CODE)


class StageLine(_Review):
    to_stage = fields.String(required=True, validate=validate.OneOf(s.STAGES[1:]))
    on = fields.Date(required=True)
    reason = fields.String(load_default=None, validate=validate.Length(max=500))


class ConsultationLine(_Review):
    held_on = fields.Date(required=True)
    languages = fields.List(fields.String(validate=validate.OneOf(OFFICIAL_LANGUAGES)),
                            load_default=list)
    languages_agreed = fields.Boolean(required=True, **_YES_NO)
    exceptional_reason = fields.String(load_default=None, validate=validate.Length(max=500))
    facilitated = fields.Boolean(load_default=True, **_YES_NO)


class DecisionLine(Schema):
    decided_on = fields.Date(required=True)
    group_number = fields.Integer(required=True, validate=validate.Range(min=1))
    phase = fields.Integer(required=True, validate=validate.Range(min=1))
    decision = fields.String(required=True, validate=validate.OneOf((ADVANCE, EXTEND)))
    ends_on = fields.Date(load_default=None)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


@dataclass(frozen=True)
class _Shape:
    schema: Schema
    optional: tuple[str, ...]
    make: Callable[..., object]

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.schema.fields)


SHAPES = {
    STAGES: _Shape(StageLine(), ("reason",), RecordedStage),
    CONSULTATIONS: _Shape(ConsultationLine(), ("languages", "exceptional_reason",
                                               "facilitated"), RecordedConsultation),
    DECISIONS: _Shape(DecisionLine(), ("ends_on",), RecordedDecision),
}
#: the files the part needs; decisions.csv is optional
REQUIRED_FILES = (STAGES, CONSULTATIONS)


def read_part(files: dict[str, bytes]) -> HistoryPart:
    """The lines of every file given, and every problem found in reading them."""
    part = HistoryPart()
    part.problems += [LineProblem(name, 0, "file", "the file is missing from the bundle")
                      for name in REQUIRED_FILES if name not in files]
    part.problems += [LineProblem(name, 0, "file", "not a file of the reviews' part (use "
                                                   f"{', '.join(SHAPES)})")
                      for name in files if name not in SHAPES]
    lines = {name: _read(name, body, part.problems) for name, body in files.items()
             if name in SHAPES}
    part.stages = lines.get(STAGES, [])
    part.consultations = lines.get(CONSULTATIONS, [])
    part.decisions = lines.get(DECISIONS, [])
    return part


def _read(name: str, body: bytes, problems: list[LineProblem]) -> list:
    shape = SHAPES[name]
    rows, found = bundle_rows(body, name, shape.columns, optional=shape.optional)
    problems += found
    return [fact for line, row in rows
            if (fact := _line(name, shape, line, row, problems)) is not None]


def _line(name: str, shape: _Shape, line: int, row: dict[str, str],
          problems: list[LineProblem]):
    """The line's fact, its empty cells left out (an optional one takes its default)."""
    raw = {column: _cell(column, value) for column, value in row.items() if value}
    try:
        return shape.make(line=line, **shape.schema.load(raw))
    except ValidationError as exc:
        problems += [LineProblem(name, line, column, message)
                     for column, message in field_messages(exc.messages)]
        return None


def _cell(column: str, value: str):
    """A cell as the schema reads it: a list split on ';'."""
    if column == "languages":
        return [v.strip() for v in value.split(";") if v.strip()]
    return value
