"""Importing nominations from a file, all or nothing: what the secretariat receives today
(a table of names from the notes verbales) goes in whole, or not at all, with every bad
row named (line, field, message) so the file can be mended in one pass.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import TypeVar

from services.nominations.adapters.unit_of_work import conflict_if_raced
from services.nominations.domain.commands import Nominate
from services.nominations.handlers.nominations import announced, nominate_in
from shared.context import ServiceContext
from shared.web.errors import DomainError, Unprocessable

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str


@dataclass
class ParsedFile:
    """The rows that read well, as commands with their line, and what did not."""

    rows: list[tuple[int, Nominate]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


class FileRefused(Unprocessable):
    """The whole file is refused; `errors` lists every bad row."""

    def __init__(self, errors: list[RowError]) -> None:
        errors = sorted(errors, key=lambda e: (e.line, e.field))
        lines = len({e.line for e in errors})
        super().__init__(
            f"the file is refused whole and nothing was imported: {len(errors)} problem(s) "
            f"on {lines} line(s)", errors=[asdict(e) for e in errors])
        self.errors = errors


def import_nominations(ctx: ServiceContext, parsed: ParsedFile) -> dict:
    """Check every row against the register as it stands and as the rows before it leave
    it, in one transaction; commit only if no row failed."""
    now, today = ctx.clock.now(), ctx.clock.today()
    with conflict_if_raced("nominations for the same States were registered while the file "
                           "was imported; nothing was imported, import it again",
                           field="file"), ctx.uow() as uow:
        rows, refused = replay(parsed.rows, lambda cmd: nominate_in(uow, cmd, now, today))
        errors = parsed.errors + [RowError(*problem) for _, problem in refused]
        if errors:
            raise FileRefused(errors)
        events = announced(rows, now)
        uow.record(*events)
    log.info("nominations imported: %s rows, %s nominations", len(parsed.rows), len(rows))
    return {"rows": len(parsed.rows), "nominations": len(rows)}


def replay(lines: Iterable[tuple[int, T]], apply: Callable[[T], list]) -> tuple[
        list, list[tuple[T, tuple[int, str, str]]]]:
    """Apply each line's fact in turn, in the caller's transaction: what they did, and each
    refused fact with its (line, field, reason). Every check of a fact runs before it
    writes, so a refused one leaves nothing; the caller refuses the whole file if any was."""
    done, refused = [], []
    for line, fact in lines:
        try:
            done += apply(fact)
        except DomainError as exc:
            refused.append((fact, (line, exc.field or "row", exc.detail)))
    return done, refused
