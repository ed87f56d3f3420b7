"""Issue a development token (production plugs in the organisation's identity provider).

    python -m shared.auth.tokens --role secretariat
    python -m shared.auth.tokens --role focal_point --state AUT --subject a.person@gov.example.org

The key comes from JWT_SECRET, or from the file `make run` generated (var/jwt_secret).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from shared.auth.jwt import ROLES, issue
from shared.config import jwt_config_from_env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.auth.tokens")
    parser.add_argument("--role", required=True, choices=ROLES)
    parser.add_argument("--state", help="ISO alpha-3 code, for focal_point, expert, observer")
    parser.add_argument("--subject", default="developer")
    parser.add_argument("--hours", type=float, default=12)
    args = parser.parse_args(argv)
    try:
        token = issue(jwt_config_from_env(), subject=args.subject, role=args.role,
                      state=args.state, lifetime=dt.timedelta(hours=args.hours))
    except ValueError as exc:
        print(f"cannot issue: {exc}", file=sys.stderr)
        return 2
    print(token)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
