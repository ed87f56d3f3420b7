"""Command line of the accounts service, for IT.

    python -m services.accounts.cli create-secretariat untoc@unodc.example.org --name "..."
    python -m services.accounts.cli migrate
"""

from __future__ import annotations

import argparse
import sys

from services.accounts.bootstrap import bootstrap, migrate
from services.accounts.handlers.secretariat import create_secretariat_account
from shared.web.errors import DomainError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m services.accounts.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("create-secretariat",
                          help="a secretariat account, its second factor and its invitation")
    make.add_argument("email")
    make.add_argument("--name", required=True)
    sub.add_parser("migrate", help="bring the database to the head of its migrations")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    ctx = bootstrap()
    try:
        migrate(ctx)
        if args.command == "migrate":
            return 0
        try:
            made = create_secretariat_account(ctx, args.email, args.name)
        except DomainError as exc:
            print(f"refused: {exc.detail}", file=sys.stderr)
            return 1
        print(f"invitation link (also sent by e-mail): {ctx.settings.portal_url}/welcome?"
              f"token={made['token']}")
        print(f"second factor, for the authenticator app: {made['uri']}")
        print("recovery codes (each works once; keep them apart from the app):",
              *made["recovery_codes"], sep="\n  ")
        return 0
    finally:
        ctx.engine.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
