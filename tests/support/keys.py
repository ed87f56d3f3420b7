"""A fresh signing key in memory for unit tests of tokens: the verifier and its signer.
(The run's own key pair, which every app a test builds verifies with, is harness.keys'.)"""

from __future__ import annotations

from shared.auth.jwt import JwtConfig, TokenSigner
from shared.auth.keys import generate


def new_keys(**claims) -> tuple[JwtConfig, TokenSigner]:
    """A verifier and its signer over a new key (`claims`: issuer, audience, max_lifetime)."""
    key = generate()
    public = {key.kid: key.private_key.public_key()}
    return JwtConfig(keys=public, **claims), TokenSigner(key=key, **claims)
