"""Who is looking: the role and State a token claims, read for display and for scoping.

The portal never verifies a token: it forwards it, and every service verifies it (DESIGN.md,
"Access"). It reads the claims only to greet the person, to hide what their role may not do,
and to narrow every list to their own State; the services' own checks stay the authority.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import jwt

from services.portal.domain.words import N_, WordedError
from shared.auth.jwt import STATE_ROLES, claims_problem

ROLE_LABELS = {
    "secretariat": N_("Secretariat"),
    "focal_point": N_("Focal point"),
    "expert": N_("Governmental expert"),
    "observer": N_("Observer"),
    "service": N_("Service account"),
}


class UnreadableToken(WordedError):
    """The text pasted is not a token this system issues; the message says why."""


@dataclass(frozen=True)
class Viewer:
    subject: str
    role: str
    state: str | None
    expires_at: dt.datetime | None
    #: the account a token from signing in names (the accounts service checks its session)
    account: int | None = None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def scoped(self) -> bool:
        """True when the viewer sees only its own State's reviews."""
        return self.role in STATE_ROLES

    @property
    def may_act(self) -> bool:
        """Only the secretariat is offered ways to change anything (links to the APIs)."""
        return self.role == "secretariat"

    def expired(self, now: dt.datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now

    def sees(self, *states: str | None) -> bool:
        """Whether a record about these States is the viewer's to see."""
        return not self.scoped or self.state in states


def read_token(token: str, now: dt.datetime) -> Viewer:
    """The claims of `token`, unverified (see the module docstring), or UnreadableToken."""
    token = "".join(token.split())
    if not token:
        raise UnreadableToken(N_("paste a token"))
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.InvalidTokenError as exc:
        raise UnreadableToken(N_("this is not a JSON Web Token (%(reason)s)"),
                              reason=str(exc)) from exc
    role, state = claims.get("role"), claims.get("state")
    if problem := claims_problem(role, state):
        raise UnreadableToken(N_("this token cannot be used here: %(reason)s"), reason=problem)
    expires = claims.get("exp")
    viewer = Viewer(subject=str(claims.get("sub", "")), role=role,
                    state=state if role in STATE_ROLES else None,
                    expires_at=_instant(expires),
                    account=claims["acct"] if isinstance(claims.get("acct"), int) else None)
    if viewer.expired(now):
        raise UnreadableToken(N_("the token has expired: ask for a new one"))
    return viewer


def _instant(value) -> dt.datetime | None:
    if isinstance(value, int | float):
        return dt.datetime.fromtimestamp(value, dt.UTC)
    return None
