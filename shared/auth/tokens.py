"""Issue a development token (production plugs in the organisation's identity provider).

    python -m shared.auth.tokens --role secretariat
    python -m shared.auth.tokens --role focal_point --state AUT --subject a.person@gov.example.org

It signs with the private key in the file JWT_PRIVATE_KEY_FILE names, or in the one `make
run` made (var/jwt_private_key.pem); the services verify with its public half, which `make
run` published in var/jwt_public_keys.json. A token lives at most JWT_MAX_LIFETIME_HOURS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from shared.auth.jwt import ROLES, issue
from shared.config import token_signer_from_env, var_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.auth.tokens")
    parser.add_argument("--role", required=True, choices=ROLES)
    parser.add_argument("--state", help="ISO alpha-3 code, for focal_point, expert, observer")
    parser.add_argument("--subject", default="developer")
    parser.add_argument("--hours", type=float, help="how long it lives (default: the maximum)")
    args = parser.parse_args(argv)
    try:
        signer = token_signer_from_env(var_dir() / "jwt_private_key.pem")
        if signer is None:
            raise ValueError("no signing key: run `make run` once, or set JWT_PRIVATE_KEY_FILE")
        lifetime = None if args.hours is None else dt.timedelta(hours=args.hours)
        token = issue(signer, subject=args.subject, role=args.role, state=args.state,
                      lifetime=lifetime)
    except ValueError as exc:
        print(f"cannot issue: {exc}", file=sys.stderr)
        return 2
    print(token)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
