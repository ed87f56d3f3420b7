"""Who is calling: bearer tokens (JWT) verified the same way in every service.

The algorithm is fixed by configuration and never read from the token; issuer, audience,
expiry and the REVMOD claims (role, and State for the roles scoped to one) are required.
A token that fails any check is a 401; a role that may not do a thing is a 403, except
where existence itself must stay hidden (another State's review), which is a 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import jwt

from shared.fields import is_state_code

ROLES = ("secretariat", "focal_point", "expert", "observer", "service")
#: roles whose tokens name the State party they act for
STATE_ROLES = ("focal_point", "expert", "observer")
#: roles that may never change anything, whatever the endpoint or payload
READ_ONLY_ROLES = ("observer", "service")
ALGORITHMS = ("HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "EdDSA")


class Unauthenticated(Exception):
    """No usable credentials: the answer is 401 with a reason a client can act on."""


@dataclass(frozen=True)
class JwtConfig:
    algorithm: str
    verify_key: str
    issuer: str = "revmod"
    audience: str = "revmod"
    signing_key: str | None = None  # only where tokens are issued (development, tests)

    def __post_init__(self) -> None:
        if self.algorithm not in ALGORITHMS:
            raise ValueError(f"JWT_ALGORITHM must be one of {', '.join(ALGORITHMS)}")
        if not self.verify_key:
            raise ValueError("no JWT key configured: set JWT_SECRET (or JWT_PUBLIC_KEY)")


@dataclass(frozen=True)
class Principal:
    subject: str
    role: str
    state: str | None

    @property
    def is_secretariat(self) -> bool:
        return self.role == "secretariat"

    @property
    def may_write(self) -> bool:
        return self.role not in READ_ONLY_ROLES


def claims_problem(role: object, state: object) -> str | None:
    """What is wrong with a token's REVMOD claims, or None: a known role and, for the roles
    scoped to one State, that State's code. Whoever reads a token (the services verifying
    it, `issue`, the portal greeting its holder) asks the same."""
    if role not in ROLES:
        return f"the token names no REVMOD role (one of {', '.join(ROLES)})"
    if role in STATE_ROLES and not is_state_code(state):
        return f"a {role} token must name its State party, an ISO 3166-1 alpha-3 code"
    return None


def verify(token: str, config: JwtConfig) -> Principal:
    return verify_until(token, config)[0]


def verify_until(token: str, config: JwtConfig) -> tuple[Principal, int]:
    """The caller and the moment (POSIX seconds) the token stops being valid."""
    try:
        claims = jwt.decode(
            token, config.verify_key, algorithms=[config.algorithm],
            audience=config.audience, issuer=config.issuer,
            options={"require": ["exp", "iat", "sub", "iss", "aud"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise Unauthenticated("the token has expired") from exc
    except jwt.InvalidTokenError as exc:
        raise Unauthenticated(f"the token is not valid: {exc}") from exc
    role, state = claims.get("role"), claims.get("state")
    if problem := claims_problem(role, state):
        raise Unauthenticated(problem)
    principal = Principal(subject=str(claims["sub"]), role=role,
                          state=state if role in STATE_ROLES else None)
    return principal, int(claims["exp"])


def issue(config: JwtConfig, *, subject: str, role: str, state: str | None = None,
          lifetime: dt.timedelta = dt.timedelta(hours=12),
          now: dt.datetime | None = None) -> str:
    """A signed token: for development, tests and worker-to-service calls."""
    if config.signing_key is None:
        raise ValueError("this configuration cannot sign tokens (no signing key)")
    if problem := claims_problem(role, state):
        raise ValueError(f"{problem} (the command: --role ROLE [--state CODE])")
    now = now or dt.datetime.now(dt.UTC)
    claims = {"sub": subject, "role": role, "iss": config.issuer, "aud": config.audience,
              "iat": now, "exp": now + lifetime}
    if state:
        claims["state"] = state
    return jwt.encode(claims, config.signing_key, algorithm=config.algorithm)


def service_token(config: JwtConfig, service: str, provided: str = "") -> str:
    """A short-lived token with the `service` role, for one service's read-only query to
    another; signed with the configured key, unless an identity provider `provided` one (the
    SERVICE_TOKEN setting)."""
    if provided:
        return provided
    return issue(config, subject=f"service:{service}", role="service",
                 lifetime=dt.timedelta(minutes=5))
