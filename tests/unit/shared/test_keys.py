"""The public key set and the signing key: what is read from configuration is refused when
it must not be trusted (too short, of another kind, private material in a public set)."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from shared.auth import tokens
from shared.auth.jwt import verify
from shared.auth.keys import (
    KeyProblem,
    ensure_key_files,
    generate,
    key_id,
    key_set_json,
    load_signing_key,
    main,
    private_pem,
    public_jwk,
    read_key_set,
)
from shared.config import jwt_config_from_env


def jwks(*entries: dict) -> str:
    return json.dumps({"keys": list(entries)})


def test_a_published_key_is_read_back_under_its_thumbprint():
    key = generate()
    keys = read_key_set(key_set_json([key.private_key.public_key()], "EdDSA"), "EdDSA")
    assert list(keys) == [key.kid] == [key_id(key.private_key.public_key())]


def test_refused_when_an_rsa_key_is_shorter_than_2048_bits():
    short = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    with pytest.raises(KeyProblem, match="too short: 1024 bits"):
        read_key_set(jwks(public_jwk(short.public_key(), "RS256")), "RS256")
    pem = short.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption())
    with pytest.raises(KeyProblem, match="too short"):
        load_signing_key(pem, "RS256")


def test_refused_when_an_ed25519_key_is_cut_short():
    jwk = public_jwk(generate().private_key.public_key(), "EdDSA")
    jwk["x"] = base64.urlsafe_b64encode(b"k" * 16).rstrip(b"=").decode()
    with pytest.raises(KeyProblem, match="32 bytes, this one 16"):
        read_key_set(jwks(jwk), "EdDSA")


@pytest.mark.parametrize("entry, message", [
    ({"kty": "oct", "k": "c2VjcmV0", "kid": "hs"}, "kty 'oct'"),
    ({**public_jwk(generate().private_key.public_key(), "EdDSA"), "d": "AAAA"}, "public keys"),
    ({k: v for k, v in public_jwk(generate().private_key.public_key(), "EdDSA").items()
      if k != "kid"}, "needs its kid"),
])
def test_refused_when_a_key_set_entry_is_not_a_public_key_to_trust(entry, message):
    with pytest.raises(KeyProblem, match=message):
        read_key_set(jwks(entry), "EdDSA")


@pytest.mark.parametrize("text", ["", "not json", "[]", '{"keys": []}'])
def test_refused_when_the_key_set_is_empty_or_no_key_set(text):
    with pytest.raises(KeyProblem):
        read_key_set(text, "EdDSA")


def test_refused_when_the_key_is_of_another_algorithm_than_configured():
    rsa_key = generate("RS256")
    with pytest.raises(KeyProblem, match="not a key for EdDSA"):
        read_key_set(key_set_json([rsa_key.private_key.public_key()], "RS256"), "EdDSA")
    with pytest.raises(KeyProblem, match="not a key for RS256"):
        load_signing_key(private_pem(generate()), "RS256")
    with pytest.raises(KeyProblem, match="JWT_ALGORITHM"):
        load_signing_key(private_pem(generate()), "HS256")


def test_a_new_key_joins_the_set_and_the_old_one_stays(tmp_path):
    public = tmp_path / "keys.json"
    first = ensure_key_files(tmp_path / "first.pem", public)
    assert ensure_key_files(tmp_path / "first.pem", public).kid == first.kid  # made once
    assert main([str(tmp_path / "second.pem"), str(public)]) == 0
    second = load_signing_key((tmp_path / "second.pem").read_bytes(), "EdDSA")
    assert set(read_key_set(public.read_text(), "EdDSA")) == {first.kid, second.kid}
    assert (tmp_path / "second.pem").stat().st_mode & 0o077 == 0
    assert main([str(tmp_path / "second.pem"), str(public)]) == 2  # never overwritten


def test_the_kid_is_the_rfc_7638_thumbprint_of_the_rfc_8037_example_key():
    x = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
    key = ed25519.Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(x + "="))
    assert key_id(key) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"


def test_the_command_line_signs_with_the_key_make_run_made(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("JWT_PRIVATE_KEY_FILE", raising=False)
    monkeypatch.setenv("REVMOD_VAR_DIR", str(tmp_path))
    assert tokens.main(["--role", "secretariat"]) == 2  # no key made yet
    ensure_key_files(tmp_path / "jwt_private_key.pem", tmp_path / "jwt_public_keys.json")
    monkeypatch.setenv("JWT_PUBLIC_KEYS", (tmp_path / "jwt_public_keys.json").read_text())
    capsys.readouterr()
    assert tokens.main(["--role", "focal_point", "--state", "AUT"]) == 0
    assert verify(capsys.readouterr().out.strip(), jwt_config_from_env()).state == "AUT"
    assert tokens.main(["--role", "secretariat", "--hours", "13"]) == 2
    assert "at most 12 hours" in capsys.readouterr().err
