"""A signing key pair for one run of tests or benchmarks, never a default in code, laid out
as `make run` lays it out: the private key in a file of its own (JWT_PRIVATE_KEY_FILE) and
the public key set the services verify with (JWT_PUBLIC_KEYS)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from shared.auth.jwt import TokenSigner
from shared.auth.keys import ensure_key_files, load_signing_key


def make_key_files(folder: Path) -> dict[str, str]:
    """A new key pair in `folder`; the environment that names it."""
    private, public = folder / "jwt_private_key.pem", folder / "jwt_public_keys.json"
    ensure_key_files(private, public)
    return {"JWT_PRIVATE_KEY_FILE": str(private), "JWT_PUBLIC_KEYS": public.read_text()}


def run_keys() -> dict[str, str]:
    """A key pair in a folder of its own, removed when the process ends."""
    folder = Path(tempfile.mkdtemp(prefix="revmod-keys-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return make_key_files(folder)


def signer_of(env: dict[str, str]) -> TokenSigner:
    """The signer of the key pair `env` names (a run's, or a started system's)."""
    pem = Path(env["JWT_PRIVATE_KEY_FILE"]).read_bytes()
    return TokenSigner(key=load_signing_key(pem, env.get("JWT_ALGORITHM", "EdDSA")))
