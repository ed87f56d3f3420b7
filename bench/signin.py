"""Benchmark of signing in and of checking a token: `.venv/bin/python bench/signin.py`.

Figures:
- signin_ms (and signins_per_second): POST /sessions through the accounts app, on a SQLite
  file, with the password hash's default cost (argon2id, time cost 3, 64 MiB): the
  throttle's rows, the grants, the token signed, the audit line; signin_ms_baseline: the
  password hash's check alone at the same cost, which bounds how many sign-ins one core
  can take; and the ratio of the two;
- verify_ms: a token checked as every service checks it (EdDSA against the public key
  set, by kid, with every claim and the lifetime), the first time it is seen (a service
  then remembers it, shared/auth/verified_tokens.py); verify_ms_baseline: the HS256 check
  it replaces, same claims; verify_added_ms: what the change adds to a request, target
  <= 0.2 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import jwt  # noqa: E402

from bench.whole_system import print_machine  # noqa: E402
from harness.keys import run_keys  # noqa: E402

os.environ.update(run_keys())  # a key pair for this run only, before any settings are read

from services.accounts.adapters.orm import AccountRow, GrantRow  # noqa: E402
from services.accounts.app import create_app  # noqa: E402
from services.accounts.bootstrap import migrate  # noqa: E402
from services.accounts.settings import Settings  # noqa: E402
from shared.auth.jwt import issue, verify  # noqa: E402
from shared.config import jwt_config_from_env, token_signer_from_env  # noqa: E402

EMAIL, PASSWORD = "bench@gov.example.org", "a long and rare passphrase"


def timed(action, runs: int) -> list[float]:
    """Seconds each run took."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def signin_figures(runs: int) -> tuple[float, float]:
    """Median seconds of one sign-in through the app, and of the password hash's check."""
    with tempfile.TemporaryDirectory(prefix="revmod-bench-signin-") as directory:
        app = create_app(Settings(service="accounts",
                                  database_url=f"sqlite:///{directory}/accounts.db"))
        ctx = app.extensions["revmod"]
        migrate(ctx)
        stored = ctx.passwords.hash(PASSWORD)
        now = dt.datetime.now(dt.UTC)
        with ctx.uow() as uow:
            account = AccountRow(email=EMAIL, name="Bench", password_hash=stored, created_at=now,
                                 session_version=1, totp_confirmed=False)
            uow.add(account)
            uow.flush()
            uow.add(GrantRow(account_id=account.id, role="focal_point", state_code="AUT",
                             nomination_id=1, granted_at=now))
        client = app.test_client()

        def sign_in():
            answer = client.post("/sessions", json={"email": EMAIL, "password": PASSWORD},
                                 headers={"Authorization": ""})
            assert answer.status_code == 201, answer.get_data(as_text=True)

        sign_in()  # warm: the first request builds the API's schemas
        whole = statistics.median(timed(sign_in, runs))
        hash_only = statistics.median(timed(lambda: ctx.passwords.matches(stored, PASSWORD),
                                            runs))
        ctx.engine.dispose()
    return whole, hash_only


def verify_figures(runs: int) -> tuple[float, float]:
    """Median seconds of one EdDSA check and of one HS256 check of the same claims."""
    config, signer = jwt_config_from_env(), token_signer_from_env()
    token = issue(signer, subject=EMAIL, role="focal_point", state="AUT")
    secret = "k" * 64
    claims = jwt.decode(token, options={"verify_signature": False})
    hs256 = jwt.encode(claims, secret, algorithm="HS256")

    def old_check():
        jwt.decode(hs256, secret, algorithms=["HS256"], audience="revmod", issuer="revmod",
                   options={"require": ["exp", "iat", "sub", "iss", "aud"]})

    ours = statistics.median(timed(lambda: verify(token, config), runs))
    theirs = statistics.median(timed(old_check, runs))
    return ours, theirs


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--signins", type=int, default=30)
    parser.add_argument("--verifications", type=int, default=5000)
    args = parser.parse_args()
    print_machine("signin")
    whole, hash_only = signin_figures(args.signins)
    print(f"BENCH signin signin_ms {whole * 1000:.1f} ms")
    print(f"BENCH signin signin_ms_baseline {hash_only * 1000:.1f} ms")
    print(f"BENCH signin signin_ms_ratio {whole / hash_only:.2f} x")
    print(f"BENCH signin signins_per_second {1 / whole:.1f} per_s")
    ours, theirs = verify_figures(args.verifications)
    print(f"BENCH signin verify_ms {ours * 1000:.4f} ms")
    print(f"BENCH signin verify_ms_baseline {theirs * 1000:.4f} ms")
    print(f"BENCH signin verify_ms_ratio {ours / theirs:.2f} x")
    print(f"BENCH signin verify_added_ms {(ours - theirs) * 1000:.4f} ms target <= 0.2")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
