"""The single-use links of an invitation or a password reset: a random token in the link,
and only its digest kept, so that a copy of the database opens no account."""

from __future__ import annotations

import hashlib
import secrets

INVITATION = "invitation"
RESET = "reset"


def new_link_token() -> str:
    return secrets.token_urlsafe(32)


def link_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
