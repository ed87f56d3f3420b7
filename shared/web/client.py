"""Read-only calls from one service to another (DESIGN: only for what no local copy can
serve, such as a report that merges two services' figures): a timeout, a few retries with
back-off, and one clear error when the other side is down."""

from __future__ import annotations

import logging
import time

import requests

log = logging.getLogger(__name__)


class PeerUnavailable(Exception):
    """The other service did not answer usefully; `detail` says which and why."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class ServiceClient:
    def __init__(self, name: str, base_url: str, *, timeout: float = 3.0, retries: int = 2,
                 backoff: float = 0.2, token: str | None = None) -> None:
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.token = token

    def get_json(self, path: str, params: dict | None = None,
                 token: str | None = None) -> dict | list:
        """GET `path` as JSON; `token` (or the client's own) is sent as the bearer."""
        return self.get(path, params, token).json()

    def get(self, path: str, params: dict | None = None,
            token: str | None = None) -> requests.Response:
        """The 2xx answer to GET `path`, its headers too (a list's X-Pagination)."""
        url = f"{self.base_url}{path}"
        headers = {"Accept": "application/json"}
        if token or self.token:
            headers["Authorization"] = f"Bearer {token or self.token}"
        last = "no attempt"
        for attempt in range(self.retries + 1):
            try:
                answer = requests.get(url, params=params, headers=headers, timeout=self.timeout)
            except requests.RequestException as exc:
                last = f"{exc.__class__.__name__}"
            else:
                if answer.status_code < 500:
                    if answer.status_code >= 400:
                        raise PeerUnavailable(
                            f"{self.name} refused {path} with {answer.status_code}")
                    return answer
                last = f"HTTP {answer.status_code}"
            if attempt < self.retries:
                time.sleep(self.backoff * 2**attempt)
        log.warning("%s unavailable at %s: %s", self.name, url, last)
        raise PeerUnavailable(f"the {self.name} service is unavailable ({last})")
