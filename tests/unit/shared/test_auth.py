"""Tokens as an attacker would try them: every forgery is a 401, never a way in. The
services verify EdDSA tokens against a public key set; nothing else is accepted."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from flask import Flask

from shared.auth.jwt import JwtConfig, TokenSigner, Unauthenticated, issue, verify
from shared.auth.keys import generate
from shared.web import access
from tests.support.keys import new_keys

CONFIG, SIGNER = new_keys()
KID = SIGNER.key.kid
OLD_SHARED_SECRET = "test-secret-" + "x" * 40


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned(header: dict, body: dict) -> str:
    """header.payload, base64url-encoded, as a forger builds it by hand."""
    return f"{b64(json.dumps(header).encode())}.{b64(json.dumps(body).encode())}"


def claims(**extra) -> dict:
    now = int(dt.datetime.now(dt.UTC).timestamp())
    return {"sub": "x", "role": "secretariat", "iss": "revmod", "aud": "revmod",
            "iat": now, "exp": now + 600, **extra}


def signed(body: dict, key=None, kid: str | None = KID) -> str:
    """A genuine EdDSA signature over `body`, with the run's key unless another is given."""
    headers = {"kid": kid} if kid is not None else {}
    return jwt.encode(body, key or SIGNER.key.private_key, algorithm="EdDSA", headers=headers)


def test_valid_token_gives_the_principal_with_its_state():
    principal = verify(issue(SIGNER, subject="fp", role="focal_point", state="AUT"), CONFIG)
    assert (principal.role, principal.state, principal.may_write) == ("focal_point", "AUT", True)


def test_refused_when_alg_is_none():
    token = unsigned({"alg": "none", "typ": "JWT", "kid": KID}, claims()) + "."
    with pytest.raises(Unauthenticated, match="only EdDSA"):
        verify(token, CONFIG)


def test_refused_when_signed_with_the_old_shared_secret():
    token = jwt.encode(claims(), OLD_SHARED_SECRET, algorithm="HS256", headers={"kid": KID})
    with pytest.raises(Unauthenticated, match="'HS256', only EdDSA"):
        verify(token, CONFIG)


def test_refused_when_the_public_key_is_used_as_an_hmac_secret():
    public = SIGNER.key.private_key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    signing_input = unsigned({"alg": "HS256", "typ": "JWT", "kid": KID}, claims())
    forged = hmac.new(public, signing_input.encode(), hashlib.sha256).digest()
    with pytest.raises(Unauthenticated):
        verify(f"{signing_input}.{b64(forged)}", CONFIG)


def test_refused_when_signed_by_a_key_not_in_the_set():
    stranger = generate()
    with pytest.raises(Unauthenticated, match="not in the key set"):
        verify(signed(claims(), stranger.private_key, stranger.kid), CONFIG)
    with pytest.raises(Unauthenticated, match="Signature verification failed"):
        verify(signed(claims(), stranger.private_key, KID), CONFIG)  # borrowing a known kid
    with pytest.raises(Unauthenticated, match="not in the key set"):
        verify(signed(claims(), kid=None), CONFIG)


def test_a_token_of_the_old_key_verifies_while_a_new_key_is_rolled_in():
    new = generate()
    rolled = JwtConfig(keys={**CONFIG.keys, new.kid: new.private_key.public_key()})
    old_token = issue(SIGNER, subject="s", role="secretariat")
    new_token = issue(TokenSigner(key=new), subject="s", role="observer", state="AUT")
    assert (verify(old_token, rolled).role, verify(new_token, rolled).role) == (
        "secretariat", "observer")
    with pytest.raises(Unauthenticated, match="not in the key set"):
        verify(new_token, CONFIG)  # not yet published where CONFIG verifies


def test_refused_when_expired():
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    token = issue(SIGNER, subject="s", role="secretariat", now=old,
                  lifetime=dt.timedelta(hours=1))
    with pytest.raises(Unauthenticated, match="expired"):
        verify(token, CONFIG)


def test_refused_when_the_token_would_live_longer_than_the_maximum():
    now = int(dt.datetime.now(dt.UTC).timestamp())
    thirty_years = signed(claims(iat=now, exp=now + 30 * 365 * 86400))
    with pytest.raises(Unauthenticated, match="longer than the 12 hours allowed"):
        verify(thirty_years, CONFIG)
    just_over = signed(claims(iat=now, exp=now + 12 * 3600 + 1))
    with pytest.raises(Unauthenticated, match="longer than"):
        verify(just_over, CONFIG)
    assert verify(signed(claims(iat=now, exp=now + 12 * 3600)), CONFIG).is_secretariat


def test_no_token_is_issued_that_lives_longer_than_the_maximum():
    with pytest.raises(ValueError, match="at most 12 hours"):
        issue(SIGNER, subject="s", role="secretariat", lifetime=dt.timedelta(hours=13))
    with pytest.raises(ValueError, match="more than nothing"):
        issue(SIGNER, subject="s", role="secretariat", lifetime=dt.timedelta(0))


def test_refused_when_audience_or_issuer_is_wrong():
    with pytest.raises(Unauthenticated):
        verify(signed(claims(aud="elsewhere")), CONFIG)
    with pytest.raises(Unauthenticated):
        verify(signed(claims(iss="elsewhere")), CONFIG)


def test_refused_when_role_is_unknown_or_state_role_has_no_state():
    with pytest.raises(Unauthenticated, match="role"):
        verify(signed(claims(role="admin")), CONFIG)
    with pytest.raises(Unauthenticated, match="State"):
        verify(signed(claims(role="expert")), CONFIG)


def test_no_configuration_without_a_key_set_or_with_another_algorithm():
    with pytest.raises(ValueError, match="JWT_PUBLIC_KEYS"):
        JwtConfig(keys={})
    with pytest.raises(ValueError, match="JWT_ALGORITHM"):
        JwtConfig(keys=CONFIG.keys, algorithm="HS256")


@pytest.fixture
def client():
    app = Flask(__name__)
    access.install(app, CONFIG)

    @app.route("/things", methods=["GET", "POST"])
    def things():
        return {"role": access.caller().role}

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    return app.test_client()


def bearer(role: str, state: str | None = None) -> dict:
    return {"Authorization": f"Bearer {issue(SIGNER, subject='t', role=role, state=state)}"}


def test_401_problem_when_no_token_is_sent_and_probes_stay_open(client):
    answer = client.get("/things", headers={"Authorization": ""})  # no token at all
    assert answer.status_code == 401
    assert answer.content_type == "application/problem+json"
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/healthz").status_code == 200


def test_401_problem_naming_the_reason_when_the_old_shared_secret_signed_it(client):
    token = jwt.encode(claims(), OLD_SHARED_SECRET, algorithm="HS256")
    answer = client.get("/things", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401 and "only EdDSA" in answer.json["detail"]


@pytest.mark.parametrize("role", ["observer", "service"])
def test_403_on_every_write_when_the_role_is_read_only(client, role):
    headers = bearer(role, "AUT" if role == "observer" else None)
    assert client.get("/things", headers=headers).status_code == 200
    answer = client.post("/things", headers=headers, json={"anything": 1})
    assert answer.status_code == 403 and "never change" in answer.json["detail"]


@pytest.mark.parametrize("state", ["___", "%%%", "A_G", "aut", "ÄUT", "AU\n", "AUT\n", "AUTR"])
def test_refused_when_the_state_claim_is_not_a_state_code(state):
    with pytest.raises(Unauthenticated, match="State"):
        verify(signed(claims(role="focal_point", state=state)), CONFIG)


@pytest.mark.parametrize("state", [None, "", "aut", "AUT\n", "___"])
def test_no_token_is_issued_when_a_state_role_names_no_state_code(state):
    with pytest.raises(ValueError, match="--state"):
        issue(SIGNER, subject="fp", role="focal_point", state=state)
