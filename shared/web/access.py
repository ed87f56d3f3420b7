"""Every request of every service passes here: authenticate the bearer token, refuse writes
to read-only roles, and give views the caller (`caller()`) for their scoping rules."""

from __future__ import annotations

from flask import Flask, g, request

from shared.auth.jwt import JwtConfig, Principal, Unauthenticated
from shared.auth.verified_tokens import VerifiedTokens
from shared.web.errors import Forbidden, problem

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
#: what anyone may read without a token: probes and the API's own description
PUBLIC_PATHS = ("/healthz", "/readyz", "/openapi.json", "/docs")


def _is_public(path: str) -> bool:
    return any(path == p or path.startswith(p + "/") for p in PUBLIC_PATHS)


def install(app: Flask, config: JwtConfig) -> None:
    tokens = VerifiedTokens(config)

    @app.before_request
    def authenticate():
        if _is_public(request.path) or _marked(app, "needs_no_token"):
            return None
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            return _unauthenticated("send a bearer token: Authorization: Bearer <token>")
        try:
            g.principal = tokens.verify(token.strip())
        except Unauthenticated as exc:
            return _unauthenticated(str(exc))
        if request.method not in SAFE_METHODS and not g.principal.may_write:
            return problem(403, "Forbidden",
                           f"the {g.principal.role} role may read but never change anything")
        if (request.method not in SAFE_METHODS and not g.principal.is_secretariat
                and not _marked(app, "open_to_states")):
            return problem(403, "Forbidden", "only the secretariat may do this")
        return None


def open_to_states(method):
    """Mark a write that a State's focal point or expert may make (for its own State, which
    the view checks); every other write is the secretariat's alone."""
    method.open_to_states = True
    return method


def needs_no_token(method):
    """Mark what anyone may call without a token: signing in, using an invitation's link
    (the accounts service), where the view itself checks what it is sent."""
    method.needs_no_token = True
    return method


def _marked(app: Flask, mark: str) -> bool:
    view = app.view_functions.get(request.endpoint)
    handler = getattr(getattr(view, "view_class", None), request.method.lower(), view)
    return bool(getattr(handler, mark, False))


def require_roles(*roles: str, what: str) -> Principal:
    principal = caller()
    if principal.role not in roles:
        raise Forbidden(f"the {principal.role} role may not {what}")
    return principal


def _unauthenticated(detail: str):
    answer = problem(401, "Unauthorized", detail)
    answer.headers["WWW-Authenticate"] = 'Bearer realm="revmod"'
    return answer


def caller() -> Principal:
    """The authenticated caller of this request."""
    return g.principal


def require_secretariat(what: str) -> Principal:
    principal = caller()
    if not principal.is_secretariat:
        raise Forbidden(f"only the secretariat may {what}")
    return principal


def require_own_state(state: str, what: str) -> Principal:
    """The secretariat acts for anyone; a State's people act only for their own State."""
    principal = caller()
    if not principal.is_secretariat and principal.state != state:
        raise Forbidden(f"{principal.role} of {principal.state} may not {what} for {state}",
                        field="state_code")
    return principal


def visible_states(principal: Principal | None = None) -> str | None:
    """None for those who see every State; otherwise the one State whose data they see."""
    principal = principal or caller()
    return None if principal.role in ("secretariat", "service") else principal.state
