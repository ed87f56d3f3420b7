"""The keys tokens are signed and checked with: one private key, held by the one component
that signs people in, and a public key set (JWKS, RFC 7517) that every service verifies with.

A key set names each key by its `kid` (the key's own RFC 7638 thumbprint, so that the same
key always has the same name), which is how a new key is rolled in while tokens signed with
the old one still verify: publish a set with both, move the signer to the new key, and drop
the old one when its last token has expired (the longest lifetime, 12 hours by default).

Only EdDSA (Ed25519) and RS256 are accepted, fixed by configuration: an HMAC secret is one
key for signing and checking alike, which is what let any process mint any token. An RSA
key below 2048 bits is refused, and so is a key set that carries private material.

    python -m shared.auth.keys PRIVATE_KEY_FILE PUBLIC_KEY_SET_FILE

makes a new private key (refusing to overwrite one) and adds its public half to the set.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

ALGORITHMS = ("EdDSA", "RS256")
MIN_RSA_BITS = 2048
PrivateKey = ed25519.Ed25519PrivateKey | rsa.RSAPrivateKey
PublicKey = ed25519.Ed25519PublicKey | rsa.RSAPublicKey


class KeyProblem(ValueError):
    """A key or key set that must not be used; the message says which and why."""


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_key: PrivateKey
    algorithm: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _int_bytes(n: int) -> bytes:
    return n.to_bytes((n.bit_length() + 7) // 8, "big")


def _required_members(public_key: PublicKey) -> dict[str, str]:
    """The members RFC 7638 hashes, which are also all a verifier needs."""
    if isinstance(public_key, ed25519.Ed25519PublicKey):
        raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return {"crv": "Ed25519", "kty": "OKP", "x": _b64(raw)}
    numbers = public_key.public_numbers()
    return {"e": _b64(_int_bytes(numbers.e)), "kty": "RSA", "n": _b64(_int_bytes(numbers.n))}


def key_id(public_key: PublicKey) -> str:
    """The key's RFC 7638 thumbprint: the same key always gets the same `kid`."""
    canonical = json.dumps(_required_members(public_key), separators=(",", ":"), sort_keys=True)
    return _b64(hashlib.sha256(canonical.encode()).digest())


def public_jwk(public_key: PublicKey, algorithm: str) -> dict[str, str]:
    return {**_required_members(public_key), "kid": key_id(public_key), "use": "sig",
            "alg": algorithm}


def _check_fits(key: PrivateKey | PublicKey, algorithm: str, what: str) -> None:
    if algorithm not in ALGORITHMS:
        raise KeyProblem(f"JWT_ALGORITHM must be one of {', '.join(ALGORITHMS)}, "
                         f"not {algorithm!r}")
    wanted = ((ed25519.Ed25519PrivateKey, ed25519.Ed25519PublicKey) if algorithm == "EdDSA"
              else (rsa.RSAPrivateKey, rsa.RSAPublicKey))
    if not isinstance(key, wanted):
        raise KeyProblem(f"{what} is not a key for {algorithm}")
    if isinstance(key, rsa.RSAPrivateKey | rsa.RSAPublicKey) and key.key_size < MIN_RSA_BITS:
        raise KeyProblem(f"{what} is too short: {key.key_size} bits, "
                         f"at least {MIN_RSA_BITS} are needed")


def _public_key_of(jwk: dict, algorithm: str) -> PublicKey:
    if not isinstance(jwk, dict) or "d" in jwk or "p" in jwk:
        raise KeyProblem("a key set holds public keys only, as JSON objects")
    kty = jwk.get("kty")
    try:
        if kty == "OKP" and jwk.get("crv") == "Ed25519":
            raw = _unb64(jwk["x"])
            if len(raw) != 32:
                raise KeyProblem(f"key {jwk.get('kid')!r} is too short: an Ed25519 public "
                                 f"key has 32 bytes, this one {len(raw)}")
            key = ed25519.Ed25519PublicKey.from_public_bytes(raw)
        elif kty == "RSA":
            key = rsa.RSAPublicNumbers(int.from_bytes(_unb64(jwk["e"]), "big"),
                                       int.from_bytes(_unb64(jwk["n"]), "big")).public_key()
        else:
            raise KeyProblem(f"key {jwk.get('kid')!r} is of a kind REVMOD does not accept "
                             f"(kty {kty!r}); {', '.join(ALGORITHMS)} only")
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, KeyProblem):
            raise
        raise KeyProblem(f"key {jwk.get('kid')!r} cannot be read: {exc}") from exc
    _check_fits(key, algorithm, f"key {jwk.get('kid')!r}")
    return key


def read_key_set(text: str, algorithm: str) -> dict[str, PublicKey]:
    """kid -> public key, from a JWKS document; KeyProblem for anything not to be trusted."""
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise KeyProblem(f"the public key set is not JSON: {exc}") from exc
    entries = document.get("keys") if isinstance(document, dict) else None
    if not isinstance(entries, list) or not entries:
        raise KeyProblem('the public key set must be {"keys": [...]} with at least one key')
    keys: dict[str, PublicKey] = {}
    for jwk in entries:
        key = _public_key_of(jwk, algorithm)
        kid = jwk.get("kid")
        if not isinstance(kid, str) or not kid:
            raise KeyProblem("every key in the set needs its kid")
        if kid in keys:
            raise KeyProblem(f"two keys in the set are named {kid!r}")
        keys[kid] = key
    return keys


def key_set_json(public_keys: list[PublicKey], algorithm: str) -> str:
    return json.dumps({"keys": [public_jwk(k, algorithm) for k in public_keys]}, indent=2)


def load_signing_key(pem: bytes, algorithm: str) -> SigningKey:
    """The private key in a PEM file (PKCS#8, unencrypted, as `generate` writes it)."""
    try:
        private = serialization.load_pem_private_key(pem, password=None)
    except (TypeError, ValueError) as exc:
        raise KeyProblem(f"the private key cannot be read: {exc}") from exc
    _check_fits(private, algorithm, "the private key")
    return SigningKey(key_id(private.public_key()), private, algorithm)


def generate(algorithm: str = "EdDSA") -> SigningKey:
    private = (ed25519.Ed25519PrivateKey.generate() if algorithm == "EdDSA"
               else rsa.generate_private_key(public_exponent=65537, key_size=MIN_RSA_BITS))
    _check_fits(private, algorithm, "the new key")
    return SigningKey(key_id(private.public_key()), private, algorithm)


def private_pem(key: SigningKey) -> bytes:
    return key.private_key.private_bytes(serialization.Encoding.PEM,
                                         serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption())


def write_private_key(path: Path, key: SigningKey) -> None:
    """Readable by this user only from its first byte; never over an existing key."""
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as f:
        f.write(private_pem(key))


def publish(key: SigningKey, key_set_path: Path) -> None:
    """Add the key's public half to the set at `key_set_path` (made if absent), keeping the
    keys already there so that their tokens go on verifying."""
    kept: list[PublicKey] = []
    if key_set_path.exists():
        kept = [k for kid, k in read_key_set(key_set_path.read_text(), key.algorithm).items()
                if kid != key.kid]
    key_set_path.write_text(key_set_json([*kept, key.private_key.public_key()], key.algorithm))


def ensure_key_files(private_path: Path, key_set_path: Path,
                     algorithm: str = "EdDSA") -> SigningKey:
    """The signing key at `private_path`, made once, and its public half in the set:
    what `make run` and the test harness do before anything starts."""
    if private_path.exists():
        key = load_signing_key(private_path.read_bytes(), algorithm)
    else:
        key = generate(algorithm)
        write_private_key(private_path, key)
    if not key_set_path.exists() or key.kid not in read_key_set(key_set_path.read_text(),
                                                                algorithm):
        publish(key, key_set_path)
    return key


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.auth.keys",
                                     description="make a new signing key and publish it")
    parser.add_argument("private_key_file", type=Path)
    parser.add_argument("public_key_set_file", type=Path)
    parser.add_argument("--algorithm", choices=ALGORITHMS, default="EdDSA")
    args = parser.parse_args(argv)
    if args.private_key_file.exists():
        print(f"{args.private_key_file} exists: a key is never overwritten", file=sys.stderr)
        return 2
    key = ensure_key_files(args.private_key_file, args.public_key_set_file, args.algorithm)
    print(key.kid)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
