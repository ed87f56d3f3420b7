"""Command line of the nominations service, for the secretariat and for IT.

    python -m services.nominations.cli import-missions deploy/data/permanent_missions.csv
    python -m services.nominations.cli import-nominations nominations.csv
    python -m services.nominations.cli sweep --as-of 2021-01-15
    python -m services.nominations.cli migrate
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from services.nominations.adapters.missions_csv import parse_missions_csv
from services.nominations.api.nominations_csv import parse_nominations_csv
from services.nominations.bootstrap import bootstrap, migrate
from services.nominations.handlers.file_import import FileRefused, import_nominations
from services.nominations.handlers.missions import set_mission_contacts
from services.nominations.handlers.sweeps import sweep_missing
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
        published = sweep_missing(ctx, args.as_of or ctx.clock.today())
        print(f"NominationMissing published: {published}")
        return 0
    finally:
        ctx.engine.dispose()


def _import_missions(ctx: ServiceContext, path: Path) -> int:
    try:
        commands = parse_missions_csv(path.read_text(encoding="utf-8"))
    except CsvFileRefused as exc:
        print("refused, nothing imported:", *exc.problems, sep="\n  ", file=sys.stderr)
        return 1
    counts = set_mission_contacts(ctx, commands)
    print(f"Permanent Missions: {counts['created']} new, {counts['changed']} changed, "
          f"{counts['unchanged']} unchanged")
    return 0


def _import_nominations(ctx: ServiceContext, path: Path) -> int:
    try:
        counts = import_nominations(
            ctx, parse_nominations_csv(path.read_text(encoding="utf-8-sig")))
    except FileRefused as exc:
        print("refused, nothing imported:",
              *[f"line {e.line}, {e.field}: {e.message}" for e in exc.errors],
              sep="\n  ", file=sys.stderr)
        return 1
    except DomainError as exc:
        print(f"refused, nothing imported: {exc.detail}", file=sys.stderr)
        return 1
    print(f"nominations imported: {counts['rows']} rows, {counts['nominations']} nominations")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
