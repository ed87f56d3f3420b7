"""The Flask test client every in-process test uses: it signs in as the secretariat unless
the test sends its own Authorization header (or `headers={"Authorization": ""}` for none)."""

from __future__ import annotations

from flask.testing import FlaskClient

from shared.auth.jwt import issue
from shared.config import jwt_config_from_env


def bearer(role: str, state: str | None = None, subject: str = "test") -> dict[str, str]:
    token = issue(jwt_config_from_env(), subject=subject, role=role, state=state)
    return {"Authorization": f"Bearer {token}"}


class SignedInClient(FlaskClient):
    def open(self, *args, **kwargs):
        headers = dict(kwargs.pop("headers", None) or {})
        if "Authorization" not in headers:
            headers.update(bearer("secretariat", subject="secretariat@unodc.example.org"))
        elif not headers["Authorization"]:
            del headers["Authorization"]
        return super().open(*args, headers=headers, **kwargs)
