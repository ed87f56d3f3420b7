"""Reading a file the secretariat sends (or that ships in deploy/data/): a CSV file with a
fixed header, a line a record, refused whole with every bad line named, so that a file is
never half imported and one reading tells the sender all that must be corrected."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import TypeVar

from marshmallow import ValidationError

T = TypeVar("T")


class CsvFileRefused(ValueError):
    """The file is refused whole; `problems` lists every bad line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def read_records(text: str, columns: tuple[str, ...], load: Callable[[dict[str, str]], T],
                 key: Callable[[T], str]) -> list[T]:
    """Every line loaded by `load` (its cells stripped; a ValidationError names the line),
    each `key` once; or CsvFileRefused naming the bad header or every bad line."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if tuple(reader.fieldnames or ()) != columns:
        raise CsvFileRefused([f"the header must be {','.join(columns)}"])
    records, problems, seen = [], [], set()
    for line, row in numbered_rows(reader):
        if None in row or any(row[c] is None for c in columns):
            problems.append(f"line {line}: expected {len(columns)} columns")
            continue
        try:
            record = load({c: row[c].strip() for c in columns})
        except ValidationError as exc:
            problems.append(f"line {line}: {exc.messages}")
            continue
        if key(record) in seen:
            problems.append(f"line {line}: {key(record)} appears twice")
        seen.add(key(record))
        records.append(record)
    if problems:
        raise CsvFileRefused(problems)
    return records


def numbered_rows(reader: csv.DictReader) -> Iterator[tuple[int, dict]]:
    """Each row with the line of the file it starts on: a quoted cell may span lines, so a
    row's number is not its line's, and the sender looks for a line."""
    ended = reader.line_num
    for row in reader:
        line, ended = ended + 1, reader.line_num
        yield line, row


def field_messages(messages: dict) -> list[tuple[str, str]]:
    """marshmallow's nested messages, one (field, message) per top-level field: what a
    line's problems name."""
    def flat(value) -> list[str]:
        if isinstance(value, dict):
            return [m for v in value.values() for m in flat(v)]
        if isinstance(value, list):
            return [m for v in value for m in flat(v)]
        return [str(value)]

    return [(name, "; ".join(flat(value))) for name, value in messages.items()]
