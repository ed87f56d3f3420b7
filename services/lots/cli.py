"""Command line of the lots service, for the secretariat and for IT.

    python -m services.lots.cli import-states deploy/data/states_parties.csv
    python -m services.lots.cli verify draw-1.json     # offline: no database, no network
    python -m services.lots.cli import-history path/to/bundle   # the lots part of it
    python -m services.lots.cli migrate

`verify` replays a draw exported with GET /draws/<id>/export: it checks that the seed
hashes to the published commitment, that the seed and inputs give the same picks from the
same pools, and that every repetition replays; exit status 0 if all matches, 1 if not.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.lots.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import-states", help="register the States parties from a CSV file")
    imp.add_argument("path", type=Path)
    ver = sub.add_parser("verify", help="replay an exported draw and check its record, offline")
    ver.add_argument("path", type=Path)
    his = sub.add_parser("import-history", help="import the lots part of a history bundle "
                         "(docs/history-bundle.md): all of it, or none and every problem")
    his.add_argument("bundle", type=Path)
    sub.add_parser("migrate", help="bring the database to the head of its migrations")
    args = parser.parse_args(argv)
    if args.command == "import-history":
        return import_history(args.bundle)
    if args.command == "verify":
        return verify_file(args.path)
    if args.command == "migrate":
        return migrate_database()
    return import_states(args.path)


def verify_file(path: Path) -> int:
    from services.lots.domain.record import verify

    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"cannot read {path}: {exc}", file=sys.stderr)
        return 2
    answer = verify(document)
    print(f"draw {document.get('draw_id')}, group {document.get('group', {}).get('number')}")
    print(f"  commitment (SHA-256 of the seed): {label(answer['commitment_matches'])}")
    print(f"  picks and their pools:            {label(answer['picks_match'])}")
    print(f"  repetitions:                      {label(answer['repetitions_match'])}")
    for difference in answer["differences"]:
        print(f"  - {difference}")
    print("VERIFIED: the record matches its replay" if answer["matches"]
          else "NOT VERIFIED: the record differs from its replay")
    return 0 if answer["matches"] else 1


def label(ok: bool) -> str:
    return "matches" if ok else "DOES NOT MATCH"


def migrate_database() -> int:
    from services.lots.bootstrap import bootstrap, migrate

    ctx = bootstrap()
    migrate(ctx)
    ctx.engine.dispose()
    return 0


def import_states(path: Path) -> int:
    from services.lots.adapters.states_csv import parse_states_csv
    from services.lots.bootstrap import bootstrap, migrate
    from services.lots.handlers.parties import register_state_parties
    from shared.csv_import import CsvFileRefused

    ctx = bootstrap()
    migrate(ctx)
    try:
        commands = parse_states_csv(path.read_text(encoding="utf-8"))
    except CsvFileRefused as exc:
        print("refused, nothing imported:", *exc.problems, sep="\n  ", file=sys.stderr)
        return 1
    counts = register_state_parties(ctx, commands)
    print(f"States parties: {counts['registered']} registered, {counts['updated']} updated, "
          f"{counts['unchanged']} unchanged")
    return 0


def import_history(bundle: Path) -> int:
    from services.lots.adapters.draw_history_csv import FILES
    from services.lots.bootstrap import bootstrap, migrate
    from services.lots.handlers.draw_history import PARTIES, import_lots_history
    from shared.bundle_csv import PartRefused

    files = {name: (bundle / name).read_bytes() for name in (PARTIES, *FILES)
             if (bundle / name).is_file()}
    ctx = bootstrap()
    migrate(ctx)
    try:
        counts = import_lots_history(ctx, files)
    except PartRefused as exc:
        print("refused, nothing imported:", *(f"{p.file}, line {p.line}, {p.field}: {p.reason}"
                                              for p in exc.problems), sep="\n  ",
              file=sys.stderr)
        return 1
    finally:
        ctx.engine.dispose()
    print(f"lots part of {bundle} imported: {json.dumps(counts, default=str)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
