"""The Flask test client every in-process test uses: it signs in as the secretariat unless
the test sends its own Authorization header (or `headers={"Authorization": ""}` for none)."""

from __future__ import annotations

from flask.testing import FlaskClient

from shared.auth.jwt import TokenSigner, issue
from shared.config import token_signer_from_env


def run_signer() -> TokenSigner:
    """The test run's signing key (JWT_PRIVATE_KEY_FILE, which conftest.py sets)."""
    signer = token_signer_from_env()
    assert signer is not None, "conftest.py gives every test run its key"
    return signer


def token(role: str, state: str | None = None, subject: str = "test") -> str:
    return issue(run_signer(), subject=subject, role=role, state=state)


def bearer(role: str, state: str | None = None, subject: str = "test") -> dict[str, str]:
    return {"Authorization": f"Bearer {token(role, state, subject)}"}


class SignedInClient(FlaskClient):
    def open(self, *args, **kwargs):
        headers = dict(kwargs.pop("headers", None) or {})
        if "Authorization" not in headers:
            headers.update(bearer("secretariat", subject="secretariat@unodc.example.org"))
        elif not headers["Authorization"]:
            del headers["Authorization"]
        return super().open(*args, headers=headers, **kwargs)
