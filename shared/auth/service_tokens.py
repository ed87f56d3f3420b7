"""Where a service gets the token for its read-only query to another (the reviews service
asking the nominations service for figures): a token with the `service` role only, and
never from a key of its own. In turn: the identity provider's (SERVICE_TOKEN); else one
from the accounts service for this service's own client secret (SERVICE_CLIENT_SECRET,
OAuth 2.0 client credentials), kept until shortly before it expires; else, where the
process was given the signing key (a test), one signed here."""

from __future__ import annotations

import datetime as dt
import threading
import time

import requests

from shared.auth.jwt import SERVICE_TOKEN_LIFETIME, issue
from shared.web.client import PeerUnavailable

#: a kept token is asked for again this long before it expires
MARGIN_SECONDS = 30


class ServiceTokens:
    def __init__(self, settings, service: str, *, timeout: float = 3.0) -> None:
        self.settings = settings
        self.service = service
        self.timeout = timeout
        self._kept: tuple[str, float] | None = None
        self._lock = threading.Lock()

    def __call__(self) -> str:
        """A token; PeerUnavailable when none can be had, saying why."""
        if self.settings.service_token:
            return self.settings.service_token
        if self.settings.service_client_secret:
            with self._lock:
                if self._kept is None or self._kept[1] - MARGIN_SECONDS <= time.time():
                    self._kept = self._ask_accounts()
                return self._kept[0]
        signer = self.settings.token_signer()
        if signer is None:
            raise PeerUnavailable("no way to get a service token: set SERVICE_CLIENT_SECRET "
                                  "(the accounts service's client credential) or "
                                  "SERVICE_TOKEN")
        return issue(signer, subject=f"service:{self.service}", role="service",
                     lifetime=min(SERVICE_TOKEN_LIFETIME, signer.max_lifetime))

    def _ask_accounts(self) -> tuple[str, float]:
        url = f"{self.settings.accounts_url.rstrip('/')}/service-tokens"
        try:
            answer = requests.post(url, auth=(self.service, self.settings.service_client_secret),
                                   timeout=self.timeout)
        except requests.RequestException as exc:
            raise PeerUnavailable(f"the accounts service is unavailable for a service token "
                                  f"({exc.__class__.__name__})") from exc
        if answer.status_code != 201:
            raise PeerUnavailable(f"the accounts service refused a service token "
                                  f"({answer.status_code})")
        body = answer.json()
        lifetime = dt.timedelta(seconds=int(body["expires_in"]))
        return body["access_token"], time.time() + lifetime.total_seconds()
