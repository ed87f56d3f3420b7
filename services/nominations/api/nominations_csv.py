"""Reading a nominations file (CSV, UTF-8, one row per person and role), the same fields as
POST /nominations:

    state_code,role,review_id,name,title,email,phone,gender,languages,nominated_on,
    note_verbale_ref,note_verbale_date

Optional columns may be left out or left empty; `review_id` empty means every review the
State takes part in now; `languages` are separated by ';'. Rows are read with the API's own
request schema, so a file accepts exactly what the API accepts.
"""

from __future__ import annotations

import csv
import io

from marshmallow import ValidationError

from services.nominations.api.schemas import NominationRequestSchema
from services.nominations.handlers.file_import import ParsedFile, RowError
from shared.csv_import import field_messages, numbered_rows

COLUMNS = ("state_code", "role", "review_id", "name", "title", "email", "phone", "gender",
           "languages", "nominated_on", "note_verbale_ref", "note_verbale_date")
REQUIRED = ("state_code", "role", "name", "title", "email", "gender")


def parse_nominations_csv(text: str) -> ParsedFile:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in reader.fieldnames or ()]
    reader.fieldnames = header
    problems = [RowError(1, name, "unknown column") for name in header if name not in COLUMNS]
    problems += [RowError(1, name, "missing column") for name in REQUIRED if name not in header]
    if problems:
        return ParsedFile(errors=problems)
    parsed, schema = ParsedFile(), NominationRequestSchema()
    for line, row in numbered_rows(reader):
        if None in row or None in row.values():
            parsed.errors.append(RowError(line, "row", f"expected {len(header)} cells"))
            continue
        try:
            parsed.rows.append((line, schema.load(_raw(row))))
        except ValidationError as exc:
            parsed.errors += [RowError(line, name, message)
                              for name, message in field_messages(exc.messages)]
    if not parsed.rows and not parsed.errors:
        parsed.errors.append(RowError(1, "file", "the file holds no nominations"))
    return parsed


def _raw(row: dict[str, str]) -> dict:
    """Cells as the schema reads them: an empty optional cell is an absent field. Only
    spaces are trimmed, so a line break hidden in a quoted cell is still refused."""
    raw = {}
    for name, value in row.items():
        value = value.strip(" ")
        if value == "" and name not in REQUIRED:
            continue
        raw[name] = [v.strip(" ") for v in value.split(";") if v.strip(" ")] \
            if name == "languages" else value
    return raw
