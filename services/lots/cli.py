"""Command line of the lots service, for the secretariat and for IT.

    python -m services.lots.cli import-states deploy/data/states_parties.csv
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from services.lots import handlers
from services.lots.adapters.states_csv import StatesFileRefused, parse_states_csv
from services.lots.settings import Settings
from shared.context import bootstrap
from shared.migrate import upgrade


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.lots.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import-states", help="register the States parties from a CSV file")
    imp.add_argument("path", type=Path)
    args = parser.parse_args(argv)

    ctx = bootstrap(Settings.from_env())
    upgrade("lots", ctx.engine)
    try:
        commands = parse_states_csv(args.path.read_text(encoding="utf-8"))
    except StatesFileRefused as exc:
        print("refused, nothing imported:", *exc.problems, sep="\n  ", file=sys.stderr)
        return 1
    counts = handlers.register_state_parties(ctx, commands)
    print(f"States parties: {counts['registered']} registered, {counts['updated']} updated, "
          f"{counts['unchanged']} unchanged")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
