"""Command line of the reviews service, for the secretariat and for IT.

    python -m services.reviews.cli sweep --as-of 2021-03-01
    python -m services.reviews.cli report --as-of 2022-09-15 [--format text|json]
    python -m services.reviews.cli import-history path/to/bundle
    python -m services.reviews.cli migrate
    python -m services.reviews.cli load-questions services/reviews/data/question_bank
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from services.reviews.adapters.question_bank import BankFileError, load_banks
from services.reviews.api.history_files import SHAPES, read_part
from services.reviews.bootstrap import ReviewsContext, bootstrap, migrate
from services.reviews.domain.report.document import as_text
from services.reviews.handlers.history_import import import_history
from services.reviews.handlers.report import status_document, status_figures
from services.reviews.handlers.starts import start_due_reviews
from services.reviews.handlers.sweeps import sweep_deadlines
from shared.bundle_csv import PartRefused
from shared.fields import day_argument


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m services.reviews.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="bring the database to the head of its migrations")
    load = sub.add_parser("load-questions", help="load question bank files (a file per "
                          "cluster, with a version), all of them or none")
    load.add_argument("path", type=Path, help="a bank file or a folder of them")
    sweep = sub.add_parser("sweep", help="start the reviews due and announce the stage "
                                         "deadlines missed as of a date")
    report = sub.add_parser("report", help="print the status report as of a date")
    for command in (sweep, report):
        command.add_argument("--as-of", type=day_argument, default=None,
                             help="YYYY-MM-DD (default: today)")
    report.add_argument("--format", choices=("text", "json"), default="text")
    history = sub.add_parser("import-history", help="import the reviews' files of a history "
                                                    "bundle folder, all of them or none")
    history.add_argument("folder", type=Path)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    ctx = bootstrap()
    try:
        migrate(ctx)
        if args.command == "migrate":
            return 0
        if args.command == "import-history":
            return _import_history(ctx, args.folder)
        if args.command == "load-questions":
            return _load_questions(ctx, args.path)
        as_of = args.as_of or ctx.clock.today()
        if args.command == "sweep":
            print(f"Reviews started: {start_due_reviews(ctx, as_of)}")
            print(f"ReviewDeadlineMissed published: {sweep_deadlines(ctx, as_of)}")
            return 0
        figures = status_figures(ctx, as_of, ctx.nominations)
        if args.format == "json":
            print(json.dumps(figures, default=str, indent=2))
        else:
            print(as_text(status_document(figures, ctx.settings.phase_clusters)), end="")
        return 0
    finally:
        ctx.engine.dispose()


def _import_history(ctx: ReviewsContext, folder: Path) -> int:
    """The reviews' files of the bundle in `folder` (decisions.csv may be absent)."""
    files = {name: (folder / name).read_bytes() for name in SHAPES if (folder / name).is_file()}
    try:
        counts = import_history(ctx, read_part(files))
    except PartRefused as exc:
        print("refused, nothing imported:",
              *[f"{p.file}, line {p.line}, {p.field}: {p.reason}" for p in exc.problems],
              sep="\n  ", file=sys.stderr)
        return 1
    print("history imported: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
    return 0


def _load_questions(ctx: ReviewsContext, path: Path) -> int:
    try:
        lines = load_banks(ctx.session_factory, path, ctx.clock.now())
    except BankFileError as exc:
        print(f"refused, nothing loaded: {exc}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
