"""Request and response schemas of the accounts API. Passwords and codes are loaded, never
dumped; a password's length is the policy's to judge (domain/passwords.py), past a bound
that keeps the hash from being a denial of service."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from shared.auth.jwt import ROLES
from shared.fields import StateCode

Secret = ma.fields.String


class SignInSchema(ma.Schema):
    email = ma.fields.String(required=True, validate=validate.Length(min=3, max=254))
    password = Secret(required=True, load_only=True, validate=validate.Length(min=1, max=256))
    code = Secret(load_default=None, load_only=True, validate=validate.Length(max=20))
    role = ma.fields.String(load_default=None, validate=validate.OneOf(ROLES))
    state = StateCode(load_default=None)


class GrantSchema(ma.Schema):
    role = ma.fields.String()
    state = ma.fields.String(allow_none=True)


class SessionSchema(ma.Schema):
    token = ma.fields.String()
    expires_at = ma.fields.DateTime()
    role = ma.fields.String()
    state = ma.fields.String(allow_none=True)
    roles = ma.fields.List(ma.fields.Nested(GrantSchema))


class CurrentSessionSchema(ma.Schema):
    email = ma.fields.String()
    role = ma.fields.String()
    state = ma.fields.String(allow_none=True)
    roles = ma.fields.List(ma.fields.Nested(GrantSchema))
    second_factor = ma.fields.Boolean()


class LinkUseSchema(ma.Schema):
    token = ma.fields.String(required=True, load_only=True,
                             validate=validate.Length(min=1, max=200))
    password = Secret(required=True, load_only=True, validate=validate.Length(min=1, max=256))


class LinkUsedSchema(ma.Schema):
    email = ma.fields.String()
    second_factor = ma.fields.Boolean()


class ResetRequestSchema(ma.Schema):
    email = ma.fields.String(required=True, validate=validate.Length(min=3, max=254))


class CodeSchema(ma.Schema):
    code = Secret(required=True, load_only=True, validate=validate.Length(min=1, max=20))


class EnrolmentSchema(ma.Schema):
    secret = ma.fields.String()
    uri = ma.fields.String()


class RecoveryCodesSchema(ma.Schema):
    recovery_codes = ma.fields.List(ma.fields.String())


class ServiceTokenSchema(ma.Schema):
    access_token = ma.fields.String()
    token_type = ma.fields.String()
    expires_in = ma.fields.Integer()


class PublicKeySchema(ma.Schema):
    kty = ma.fields.String()
    crv = ma.fields.String()
    x = ma.fields.String()
    n = ma.fields.String()
    e = ma.fields.String()
    kid = ma.fields.String()
    use = ma.fields.String()
    alg = ma.fields.String()


class KeySetSchema(ma.Schema):
    """A JSON Web Key Set (RFC 7517): public keys only."""

    keys = ma.fields.List(ma.fields.Nested(PublicKeySchema))
