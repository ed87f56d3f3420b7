"""What a password must be: long enough, and not one that attackers try first. Checked
when a person chooses one (an invitation, a reset), never when they sign in."""

from __future__ import annotations

#: beyond this, a password is a denial of service on the hash, not a better password
MAX_LENGTH = 256


def password_problem(password: str, *, email: str, min_length: int,
                     common: frozenset[str]) -> str | None:
    """What is wrong with the password, or None."""
    if len(password) < min_length:
        return f"a password has at least {min_length} characters"
    if len(password) > MAX_LENGTH:
        return f"a password has at most {MAX_LENGTH} characters"
    folded = password.casefold()
    if folded in common or folded.rstrip("0123456789!?.") in common:
        return "this password is among the most common ones: choose another"
    local = email.split("@", 1)[0].casefold()
    if len(local) >= 4 and local in folded:
        return "a password must not hold your e-mail address"
    return None
