"""Commit, then reveal: the seed of a draw is fixed, and its SHA-256 published, before the
draw; after the draw the seed itself is published, and anyone can check that it hashes to
the commitment and that it reproduces the draw."""

from __future__ import annotations

import hashlib
import secrets


def new_seed() -> str:
    """256 random bits from the operating system, as 64 hex digits."""
    return secrets.token_hex(32)


def commitment_of(seed: str) -> str:
    return hashlib.sha256(seed.encode("ascii")).hexdigest()
