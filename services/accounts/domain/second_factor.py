"""The second factor: time-based one-time codes (RFC 6238, 30-second steps, six digits)
and single-use recovery codes. A code is accepted in the step before, at or after now, and
only in a step later than the last one accepted: a code seen once is refused if replayed
within its window."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

import pyotp

ISSUER = "REVMOD"
RECOVERY_CODES = 10


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    """What an authenticator app reads from a QR code or a link."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def accepted_step(secret: str, code: str, at: dt.datetime, last_step: int | None) -> int | None:
    """The step the code belongs to, if it is right and newer than `last_step`; else None."""
    code = code.strip().replace(" ", "")
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret)
    now_step = totp.timecode(at)
    for step in (now_step - 1, now_step, now_step + 1):
        if step > (last_step if last_step is not None else -1) and hmac.compare_digest(
                totp.generate_otp(step), code):
            return step
    return None


def new_recovery_codes() -> list[str]:
    """Ten codes of 40 random bits each, shown once; only their digests are kept."""
    return [f"{secrets.token_hex(5)[:5]}-{secrets.token_hex(5)[:5]}"
            for _ in range(RECOVERY_CODES)]


def code_digest(code: str) -> str:
    """Random codes need no slow hash: a digest of the code as typed, without spaces."""
    return hashlib.sha256(code.strip().lower().replace(" ", "").encode()).hexdigest()
