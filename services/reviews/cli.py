"""Command line of the reviews service, for the secretariat and for IT.

    python -m services.reviews.cli sweep --as-of 2021-03-01
    python -m services.reviews.cli report --as-of 2022-09-15 [--format text|json]
"""

from __future__ import annotations

import argparse
import json

from services.reviews.adapters.nominations_client import nomination_figures
from services.reviews.domain.report.document import as_text
from services.reviews.handlers.report import status_document, status_figures
from services.reviews.handlers.sweeps import sweep_deadlines
from services.reviews.settings import Settings
from shared.context import bootstrap
from shared.db.migrate import upgrade
from shared.fields import day_argument


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m services.reviews.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    sweep = sub.add_parser("sweep", help="announce the stage deadlines missed as of a date")
    report = sub.add_parser("report", help="print the status report as of a date")
    for command in (sweep, report):
        command.add_argument("--as-of", type=day_argument, default=None,
                             help="YYYY-MM-DD (default: today)")
    report.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings.from_env()
    ctx = bootstrap(settings)
    try:
        upgrade("reviews", ctx.engine)
        as_of = args.as_of or ctx.clock.today()
        if args.command == "sweep":
            print(f"ReviewDeadlineMissed published: {sweep_deadlines(ctx, as_of)}")
            return 0
        figures = status_figures(ctx, as_of, lambda day: nomination_figures(settings, day))
        if args.format == "json":
            print(json.dumps(figures, default=str, indent=2))
        else:
            print(as_text(status_document(figures, settings.phase_clusters)), end="")
        return 0
    finally:
        ctx.engine.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
