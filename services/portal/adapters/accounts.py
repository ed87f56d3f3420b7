"""The accounts service as the portal asks it: sign a person in, check and renew their
session at each page, set a password through a letter's link, ask for a reset. The portal
keeps only the token it is given, in its signed session cookie."""

from __future__ import annotations

from dataclasses import dataclass

import requests

from shared.web.client import PeerUnavailable


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict

    @property
    def detail(self) -> str:
        return str(self.body.get("detail") or "")


class Accounts:
    def __init__(self, url: str, timeout: float = 5.0) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout

    def _call(self, method: str, path: str, token: str | None = None,
              json: dict | None = None, address: str | None = None) -> Answer:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if address:  # whom failures are counted against: the person, not the portal
            headers["X-Forwarded-For"] = address
        try:
            answer = requests.request(method, f"{self.url}{path}", json=json, headers=headers,
                                      timeout=self.timeout)
        except requests.RequestException as exc:
            raise PeerUnavailable(f"the accounts service is unavailable "
                                  f"({exc.__class__.__name__})") from exc
        if answer.status_code >= 500:
            raise PeerUnavailable(f"the accounts service is unavailable (HTTP "
                                  f"{answer.status_code})")
        try:
            body = answer.json() if answer.content else {}
        except ValueError:
            body = {}
        return Answer(answer.status_code, body if isinstance(body, dict) else {})

    def sign_in(self, email: str, password: str, code: str | None,
                address: str | None = None) -> Answer:
        return self._call("POST", "/sessions", json={
            "email": email, "password": password, "code": code or None}, address=address)

    def check(self, token: str) -> Answer:
        return self._call("GET", "/sessions/current", token)

    def renew(self, token: str) -> Answer:
        return self._call("POST", "/sessions/renew", token)

    def use_link(self, link_token: str, password: str) -> Answer:
        return self._call("POST", "/links/use", json={"token": link_token,
                                                      "password": password})

    def ask_reset(self, email: str) -> Answer:
        return self._call("POST", "/password-resets", json={"email": email})
