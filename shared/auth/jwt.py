"""Who is calling: bearer tokens (JWT) verified the same way in every service.

Tokens are signed with a private key that only the signing component holds; every service
checks them against the public key set (`shared/auth/keys.py`), picking the key by the
token's `kid`. The algorithm is fixed by configuration and never read from the token, so a
token signed with `alg` none, with HS256 (the shared secret REVMOD once used) or by a key not
in the set is refused. Issuer, audience, expiry and the REVMOD claims (role, and State for
the roles scoped to one) are required, and a token that claims to live longer than the
maximum (12 hours by default) is refused even though its signature is good.

A token that fails any check is a 401; a role that may not do a thing is a 403, except
where existence itself must stay hidden (another State's review), which is a 404.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import jwt

from shared.auth.keys import ALGORITHMS, PublicKey, SigningKey
from shared.fields import is_state_code

ROLES = ("secretariat", "focal_point", "expert", "observer", "service")
#: roles whose tokens name the State party they act for
STATE_ROLES = ("focal_point", "expert", "observer")
#: roles that may never change anything, whatever the endpoint or payload
READ_ONLY_ROLES = ("observer", "service")
#: the longest a token may live, unless JWT_MAX_LIFETIME_HOURS says otherwise
MAX_LIFETIME = dt.timedelta(hours=12)
#: how long a service's token for another service lives
SERVICE_TOKEN_LIFETIME = dt.timedelta(minutes=5)


class Unauthenticated(Exception):
    """No usable credentials: the answer is 401 with a reason a client can act on."""


@dataclass(frozen=True)
class JwtConfig:
    """What a service checks tokens against: public keys only."""

    keys: Mapping[str, PublicKey] = field(repr=False)
    algorithm: str = "EdDSA"
    issuer: str = "revmod"
    audience: str = "revmod"
    max_lifetime: dt.timedelta = MAX_LIFETIME

    def __post_init__(self) -> None:
        if self.algorithm not in ALGORITHMS:
            raise ValueError(f"JWT_ALGORITHM must be one of {', '.join(ALGORITHMS)}")
        if not self.keys:
            raise ValueError("no public key set to check tokens with: set JWT_PUBLIC_KEYS "
                             "or JWT_PUBLIC_KEYS_FILE (make run writes "
                             "var/jwt_public_keys.json)")


@dataclass(frozen=True)
class TokenSigner:
    """What the one signing component holds: the private key, and the same claims rules."""

    key: SigningKey = field(repr=False)
    issuer: str = "revmod"
    audience: str = "revmod"
    max_lifetime: dt.timedelta = MAX_LIFETIME


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


def _key_for(token: str, config: JwtConfig) -> PublicKey:
    """The key the token names, if the set has it and the token uses the one algorithm."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError as exc:
        raise Unauthenticated(f"the token is not valid: {exc}") from exc
    if header.get("alg") != config.algorithm:
        raise Unauthenticated(f"the token is not valid: signed with {header.get('alg')!r}, "
                              f"only {config.algorithm} is accepted")
    kid = header.get("kid")
    key = config.keys.get(kid) if isinstance(kid, str) else None
    if key is None:
        raise Unauthenticated("the token is not valid: it is signed by a key (kid) that is "
                              "not in the key set")
    return key


def verify_until(token: str, config: JwtConfig) -> tuple[Principal, int]:
    """The caller and the moment (POSIX seconds) the token stops being valid."""
    claims = verified_claims(token, config)
    principal = Principal(subject=str(claims["sub"]), role=claims["role"],
                          state=claims.get("state") if claims["role"] in STATE_ROLES else None)
    return principal, int(claims["exp"])


def verified_claims(token: str, config: JwtConfig) -> dict:
    """Every claim of a token that passed every check (the signing component reads its own
    session claims from them); Unauthenticated otherwise."""
    key = _key_for(token, config)
    try:
        claims = jwt.decode(
            token, key, algorithms=[config.algorithm],
            audience=config.audience, issuer=config.issuer,
            options={"require": ["exp", "iat", "sub", "iss", "aud"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise Unauthenticated("the token has expired") from exc
    except jwt.InvalidTokenError as exc:
        raise Unauthenticated(f"the token is not valid: {exc}") from exc
    if claims["exp"] - claims["iat"] > config.max_lifetime.total_seconds():
        raise Unauthenticated(f"the token is not valid: it would live longer than the "
                              f"{_hours(config.max_lifetime)} allowed")
    if problem := claims_problem(claims.get("role"), claims.get("state")):
        raise Unauthenticated(problem)
    return claims


def _hours(span: dt.timedelta) -> str:
    return f"{span.total_seconds() / 3600:g} hours"


def issue(signer: TokenSigner, *, subject: str, role: str, state: str | None = None,
          lifetime: dt.timedelta | None = None, now: dt.datetime | None = None,
          session: Mapping[str, int] | None = None) -> str:
    """A signed token, living `lifetime` (the maximum when not given); `session` claims
    (the accounts service's account and session version) ride along."""
    lifetime = signer.max_lifetime if lifetime is None else lifetime
    if problem := claims_problem(role, state):
        raise ValueError(f"{problem} (the command: --role ROLE [--state CODE])")
    if not dt.timedelta(0) < lifetime <= signer.max_lifetime:
        raise ValueError(f"a token lives more than nothing and at most "
                         f"{_hours(signer.max_lifetime)}")
    now = now or dt.datetime.now(dt.UTC)
    claims = {**(session or {}), "sub": subject, "role": role, "iss": signer.issuer,
              "aud": signer.audience, "iat": now, "exp": now + lifetime}
    if state:
        claims["state"] = state
    return jwt.encode(claims, signer.key.private_key, algorithm=signer.key.algorithm,
                      headers={"kid": signer.key.kid})

