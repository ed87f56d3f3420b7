"""Reading one file of a history bundle (docs/history-bundle.md): UTF-8, comma-separated, a
header line naming the columns; and the refusal of a service's whole part, which names
every bad line by file, line, field and reason.

Each service checks the rows it owns with its own rules and adds its problems to the ones
found here; any problem refuses the whole part, so nothing of it is written.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass

from shared.csv_import import numbered_rows
from shared.web.errors import Unprocessable


@dataclass(frozen=True)
class LineProblem:
    """What is wrong where: `line` 1 is the header; `field` names the column."""

    file: str
    line: int
    field: str
    reason: str


class PartRefused(Unprocessable):
    """A service's part of the bundle, refused whole (422, every problem listed)."""

    title = "The history bundle's part is refused; nothing of it was imported"

    def __init__(self, problems: list[LineProblem]) -> None:
        first = problems[0]
        super().__init__(
            f"{len(problems)} problem(s), the first in {first.file}, line {first.line}, "
            f"{first.field}: {first.reason}",
            problems=[asdict(p) for p in problems])
        self.problems = problems


def bundle_rows(data: bytes, file: str, columns: tuple[str, ...], *,
                optional: tuple[str, ...] = ()) -> tuple[list[tuple[int, dict[str, str]]],
                                                          list[LineProblem]]:
    """Each row of `file` with the line it starts on, its cells stripped; and every
    problem of encoding, header (a column of `columns` missing, one not in it) or shape.
    Columns in `optional` may be left out of the header and read as empty."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        return [], [LineProblem(file, line, "encoding",
                                f"not UTF-8 (byte {exc.start + 1} of the file)")]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in reader.fieldnames or ()]
    problems = [LineProblem(file, 1, name, "missing column") for name in columns
                if name not in header and name not in optional]
    problems += [LineProblem(file, 1, name or "(empty)", "not a column of this file")
                 for name in header if name not in columns]
    if problems:
        return [], problems
    reader.fieldnames = header
    rows = []
    for line, row in numbered_rows(reader):
        if None in row or any(row[name] is None for name in header):
            problems.append(LineProblem(file, line, "(line)",
                                        f"expected {len(header)} cells"))
            continue
        rows.append((line, {name: (row.get(name) or "").strip() for name in columns}))
    return rows, problems
