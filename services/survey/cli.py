"""Command line of the survey service, for IT.

    python -m services.survey.cli migrate
"""

from __future__ import annotations

import argparse

from services.survey.bootstrap import bootstrap, migrate


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m services.survey.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="bring the database to the head of its migrations")
    return parser


def main(argv: list[str] | None = None) -> int:
    _parser().parse_args(argv)
    ctx = bootstrap()
    try:
        migrate(ctx)
        return 0
    finally:
        ctx.engine.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
