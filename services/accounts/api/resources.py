"""The accounts API: sign in, the session's check, invitation and reset links, the second
factor, service tokens, and the public key set every service verifies tokens with."""

from __future__ import annotations

import base64
import binascii
import json

from flask import g, request
from flask.views import MethodView

from services.accounts.api.schemas import (
    CodeSchema,
    CurrentSessionSchema,
    EnrolmentSchema,
    KeySetSchema,
    LinkUsedSchema,
    LinkUseSchema,
    RecoveryCodesSchema,
    ResetRequestSchema,
    ServiceTokenSchema,
    SessionSchema,
    SignInSchema,
)
from services.accounts.handlers.links import ask_for_reset, use_link
from services.accounts.handlers.origin import Origin
from services.accounts.handlers.second_factor import begin_enrolment, confirm_enrolment
from services.accounts.handlers.service_tokens import service_token
from services.accounts.handlers.sessions import SignIn, current_session, renew, sign_in
from shared.auth.jwt import Unauthenticated, verified_claims
from shared.auth.keys import key_set_json
from shared.context import current
from shared.web.access import needs_no_token
from shared.web.blueprint import Blueprint
from shared.web.errors import Unauthorized

blp = Blueprint("accounts", __name__, description="Signing in, links, the second factor")


def origin() -> Origin:
    """The address failures are counted against: the caller's, or the one a trusted proxy
    (the portal) says it acts for."""
    address = request.remote_addr or "unknown"
    forwarded = request.headers.get("X-Forwarded-For", "").split(",")[-1].strip()
    if forwarded and current().settings.trusts(address):
        address = forwarded[:64]
    return Origin(address=address, request_id=g.get("request_id", ""))


def own_claims() -> dict:
    """The claims of the bearer token this request carries (checked already by access)."""
    token = request.headers.get("Authorization", "").partition(" ")[2].strip()
    try:
        return verified_claims(token, current().settings.jwt_config())
    except Unauthenticated as exc:
        raise Unauthorized(str(exc)) from exc


def own_account() -> int:
    account = own_claims().get("acct")
    if not isinstance(account, int):
        raise Unauthorized("this token was not issued by signing in")
    return account


@blp.route("/sessions")
class Sessions(MethodView):
    @needs_no_token
    @blp.arguments(SignInSchema)
    @blp.response(201, SessionSchema)
    def post(self, body):
        """Sign in: e-mail, password and, where the account has one, the second factor's
        code; a short-lived token for one of the person's roles"""
        return sign_in(current(), SignIn(**body), origin())


@blp.route("/sessions/current")
class CurrentSession(MethodView):
    @blp.response(200, CurrentSessionSchema)
    def get(self):
        """Whether this token's session and role still hold (401 when not)"""
        return current_session(current(), own_claims())


@blp.route("/sessions/renew")
class RenewedSession(MethodView):
    @needs_no_token  # every role, observers too: the view checks the token itself
    @blp.response(201, SessionSchema)
    def post(self):
        """A new short-lived token for the same role, while the session and role hold"""
        return renew(current(), own_claims())


@blp.route("/links/use")
class LinkUse(MethodView):
    @needs_no_token
    @blp.arguments(LinkUseSchema)
    @blp.response(200, LinkUsedSchema)
    def post(self, body):
        """Choose a password through an invitation's or a reset's link (once, in time)"""
        return use_link(current(), body["token"], body["password"], origin())


@blp.route("/password-resets")
class PasswordResets(MethodView):
    @needs_no_token
    @blp.arguments(ResetRequestSchema)
    @blp.response(202)
    def post(self, body):
        """Ask for a reset link by e-mail (the same answer whether or not an account has
        the address)"""
        ask_for_reset(current(), body["email"], origin())
        return ""


@blp.route("/second-factor")
class SecondFactor(MethodView):
    @needs_no_token  # every role, observers too: the view checks the token itself
    @blp.response(201, EnrolmentSchema)
    def post(self):
        """Begin setting up the second factor: the secret for the authenticator app"""
        return begin_enrolment(current(), own_account())


@blp.route("/second-factor/confirm")
class SecondFactorConfirm(MethodView):
    @needs_no_token
    @blp.arguments(CodeSchema)
    @blp.response(200, RecoveryCodesSchema)
    def post(self, body):
        """Confirm it with a first code; the recovery codes, shown this once"""
        return confirm_enrolment(current(), own_account(), body["code"], origin())


@blp.route("/service-tokens")
class ServiceTokens(MethodView):
    @needs_no_token
    @blp.response(201, ServiceTokenSchema)
    def post(self):
        """A five-minute token with the service role, for a service's client credentials
        (HTTP Basic: the service's name and secret)"""
        scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
        try:
            client, _, secret = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            client = secret = ""
        if scheme.lower() != "basic" or not client:
            raise Unauthorized("send the service's credentials: Authorization: Basic")
        return service_token(current(), client, secret)


@blp.route("/keys")
class Keys(MethodView):
    @needs_no_token
    @blp.response(200, KeySetSchema)
    def get(self):
        """The public key set tokens are verified with (JWKS)"""
        config = current().settings.jwt_config()
        return json.loads(key_set_json(list(config.keys.values()), config.algorithm))
