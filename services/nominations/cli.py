"""Command line of the nominations service, for the secretariat and for IT.

    python -m services.nominations.cli import-missions deploy/data/permanent_missions.csv
    python -m services.nominations.cli import-nominations nominations.csv
    python -m services.nominations.cli import-history path/to/bundle
    python -m services.nominations.cli sweep --as-of 2021-01-15
    python -m services.nominations.cli migrate
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from services.nominations.adapters.missions_csv import parse_missions_csv
from services.nominations.api.history_csv import read_part
from services.nominations.api.nominations_csv import parse_nominations_csv
from services.nominations.bootstrap import bootstrap, migrate
from services.nominations.domain.history import NOMINATIONS_FILE, WITHDRAWALS_FILE
from services.nominations.handlers.file_import import FileRefused, import_nominations
from services.nominations.handlers.history_import import import_nominations_history
from services.nominations.handlers.missions import set_mission_contacts
from services.nominations.handlers.sweeps import sweep_missing
from shared.bundle_csv import PartRefused
from shared.context import ServiceContext
from shared.csv_import import CsvFileRefused
from shared.fields import day_argument
from shared.web.errors import DomainError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m services.nominations.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import-missions",
                         help="register the Permanent Mission contacts from a CSV file")
    imp.add_argument("path", type=Path)
    nom = sub.add_parser("import-nominations",
                         help="register nominations from a CSV file, all of it or none")
    nom.add_argument("path", type=Path)
    hist = sub.add_parser("import-history", help="import the nominations part of a history "
                          "bundle (nominations.csv, withdrawals.csv), all of it or none")
    hist.add_argument("bundle", type=Path)
    sub.add_parser("migrate", help="bring the database to the head of its migrations")
    sweep = sub.add_parser("sweep", help="publish the reminders due as of a date about "
                                         "missing focal points and experts")
    sweep.add_argument("--as-of", type=day_argument, default=None,
                       help="YYYY-MM-DD (default: today)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    ctx = bootstrap()
    try:
        migrate(ctx)
        if args.command == "migrate":
            return 0
        if args.command == "import-missions":
            return _import_missions(ctx, args.path)
        if args.command == "import-nominations":
            return _import_nominations(ctx, args.path)
        if args.command == "import-history":
            return _import_history(ctx, args.bundle)
        published = sweep_missing(ctx, args.as_of or ctx.clock.today())
        print(f"NominationMissing published: {published}")
        return 0
    finally:
        ctx.engine.dispose()


def _import_missions(ctx: ServiceContext, path: Path) -> int:
    try:
        commands = parse_missions_csv(path.read_text(encoding="utf-8"))
    except CsvFileRefused as exc:
        return _refused(*exc.problems)
    counts = set_mission_contacts(ctx, commands)
    print(f"Permanent Missions: {counts['created']} new, {counts['changed']} changed, "
          f"{counts['unchanged']} unchanged")
    return 0


def _import_nominations(ctx: ServiceContext, path: Path) -> int:
    try:
        counts = import_nominations(
            ctx, parse_nominations_csv(path.read_text(encoding="utf-8-sig")))
    except FileRefused as exc:
        return _refused(*[f"line {e.line}, {e.field}: {e.message}" for e in exc.errors])
    except DomainError as exc:
        return _refused(exc.detail)
    print(f"nominations imported: {counts['rows']} rows, {counts['nominations']} nominations")
    return 0


def _import_history(ctx: ServiceContext, bundle: Path) -> int:
    nominations, withdrawals = bundle / NOMINATIONS_FILE, bundle / WITHDRAWALS_FILE
    if not nominations.is_file():
        return _refused(f"{nominations} is missing")
    part = read_part(nominations.read_bytes(),
                     withdrawals.read_bytes() if withdrawals.is_file() else None)
    try:
        counts = import_nominations_history(ctx, part)
    except PartRefused as exc:
        return _refused(*[f"{p.file}, line {p.line}, {p.field}: {p.reason}"
                          for p in exc.problems])
    except DomainError as exc:
        return _refused(exc.detail)
    print(f"nominations history: {counts['lines']} lines, {counts['nominations']} "
          f"nominations, {counts['withdrawals']} withdrawals")
    return 0


def _refused(*problems: str) -> int:
    """Say that nothing was imported, and every reason, for the sender to mend at once."""
    print("refused, nothing imported:", *problems, sep="\n  ", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
