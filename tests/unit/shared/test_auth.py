"""Tokens as an attacker would try them: every forgery is a 401, never a way in."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask

from shared.auth.jwt import JwtConfig, Unauthenticated, issue, verify
from shared.web import access

SECRET = "test-secret-" + "x" * 40
HS = JwtConfig(algorithm="HS256", verify_key=SECRET, signing_key=SECRET)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned(header: dict, body: dict) -> str:
    """header.payload, base64url-encoded, as a forger builds it by hand."""
    return f"{b64(json.dumps(header).encode())}.{b64(json.dumps(body).encode())}"


def claims(**extra) -> dict:
    now = int(dt.datetime.now(dt.UTC).timestamp())
    return {"sub": "x", "role": "secretariat", "iss": "revmod", "aud": "revmod",
            "iat": now, "exp": now + 600, **extra}


def test_valid_token_gives_the_principal_with_its_state():
    principal = verify(issue(HS, subject="fp", role="focal_point", state="AUT"), HS)
    assert (principal.role, principal.state, principal.may_write) == ("focal_point", "AUT", True)


def test_refused_when_alg_is_none():
    token = unsigned({"alg": "none", "typ": "JWT"}, claims()) + "."
    with pytest.raises(Unauthenticated):
        verify(token, HS)


def test_refused_when_signed_with_another_key():
    with pytest.raises(Unauthenticated):
        verify(jwt.encode(claims(), "another-secret-" + "y" * 40, algorithm="HS256"), HS)


def test_refused_when_expired():
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    token = issue(HS, subject="s", role="secretariat", now=old, lifetime=dt.timedelta(hours=1))
    with pytest.raises(Unauthenticated, match="expired"):
        verify(token, HS)


def test_refused_when_audience_or_issuer_is_wrong():
    with pytest.raises(Unauthenticated):
        verify(jwt.encode(claims(aud="elsewhere"), SECRET, algorithm="HS256"), HS)
    with pytest.raises(Unauthenticated):
        verify(jwt.encode(claims(iss="elsewhere"), SECRET, algorithm="HS256"), HS)


def test_refused_when_an_rs256_public_key_is_used_as_an_hmac_secret():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    rs = JwtConfig(algorithm="RS256", verify_key=public_pem)
    signing_input = unsigned({"alg": "HS256", "typ": "JWT"}, claims())
    forged_sig = hmac.new(public_pem.encode(), signing_input.encode(), hashlib.sha256).digest()
    with pytest.raises(Unauthenticated):
        verify(f"{signing_input}.{b64(forged_sig)}", rs)
    private_pem = key.private_bytes(serialization.Encoding.PEM,
                                    serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()).decode()
    genuine = jwt.encode(claims(), private_pem, algorithm="RS256")
    assert verify(genuine, rs).role == "secretariat"


def test_refused_when_role_is_unknown_or_state_role_has_no_state():
    with pytest.raises(Unauthenticated, match="role"):
        verify(jwt.encode(claims(role="admin"), SECRET, algorithm="HS256"), HS)
    with pytest.raises(Unauthenticated, match="State"):
        verify(jwt.encode(claims(role="expert"), SECRET, algorithm="HS256"), HS)


def test_no_configuration_without_a_key():
    with pytest.raises(ValueError, match="JWT_SECRET"):
        JwtConfig(algorithm="HS256", verify_key="")


@pytest.fixture
def client():
    app = Flask(__name__)
    access.install(app, HS)

    @app.route("/things", methods=["GET", "POST"])
    def things():
        return {"role": access.caller().role}

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    return app.test_client()


def bearer(role: str, state: str | None = None) -> dict:
    return {"Authorization": f"Bearer {issue(HS, subject='t', role=role, state=state)}"}


def test_401_problem_when_no_token_is_sent_and_probes_stay_open(client):
    answer = client.get("/things", headers={"Authorization": ""})  # no token at all
    assert answer.status_code == 401
    assert answer.content_type == "application/problem+json"
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("role", ["observer", "service"])
def test_403_on_every_write_when_the_role_is_read_only(client, role):
    headers = bearer(role, "AUT" if role == "observer" else None)
    assert client.get("/things", headers=headers).status_code == 200
    answer = client.post("/things", headers=headers, json={"anything": 1})
    assert answer.status_code == 403 and "never change" in answer.json["detail"]


@pytest.mark.parametrize("state", ["___", "%%%", "A_G", "aut", "ÄUT", "AU\n", "AUT\n", "AUTR"])
def test_refused_when_the_state_claim_is_not_a_state_code(state):
    token = jwt.encode(claims(role="focal_point", state=state), SECRET, algorithm="HS256")
    with pytest.raises(Unauthenticated, match="State"):
        verify(token, HS)


@pytest.mark.parametrize("state", [None, "", "aut", "AUT\n", "___"])
def test_no_token_is_issued_when_a_state_role_names_no_state_code(state):
    with pytest.raises(ValueError, match="--state"):
        issue(HS, subject="fp", role="focal_point", state=state)
