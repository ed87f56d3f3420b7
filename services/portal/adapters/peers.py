"""The services as the portal reads and writes them, with the signed-in person's bearer
token so that each service applies its own rules and access checks to what it answers:
reads through shared/web/client.py's ServiceClient (retried), writes once each (a POST is
never retried: the service may have done it), their refusal kept whole so that the form
can show the service's reason beside its field."""

from __future__ import annotations

import contextvars
import json
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import requests

from shared.web.client import PeerUnavailable, ServiceClient

#: the most a service's list endpoint gives in one page (flask-smorest's MAX_PAGE_SIZE)
PAGE_SIZE = 100
#: more pages than any list of the mechanism fills; a loop that reaches it stops anyway
MAX_PAGES = 200
_REFUSED = re.compile(r"refused \S+ with (\d{3})$")


def status_of(error: PeerUnavailable) -> int | None:
    """The HTTP status a service refused with (404, 401, ...); None when it did not answer.

    ServiceClient raises one exception for both; the portal must tell "no such review" (a
    404 page) from "the service is down" (a 503 page).
    """
    found = _REFUSED.search(error.detail)
    return int(found.group(1)) if found else None


@dataclass(frozen=True)
class Refusal:
    """A service's 4xx answer to a write (problem+json): what the form shows, the detail on
    top and each field's messages beside that field."""

    status: int
    detail: str
    errors: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, status: int, body: object) -> Refusal:
        body = body if isinstance(body, dict) else {}
        errors = body.get("errors") if isinstance(body.get("errors"), dict) else {}
        return cls(status, str(body.get("detail") or body.get("title") or ""),
                   {str(name): [str(m) for m in (msgs if isinstance(msgs, list) else [msgs])]
                    for name, msgs in _flat(errors).items()})


@dataclass(frozen=True)
class Sent:
    """What a write answered: the service's body when it did it, else `refusal`."""

    status: int
    body: dict | list
    refusal: Refusal | None = None


class Peers:
    """One reader and writer per service for one request, carrying that request's token."""

    def __init__(self, urls: dict[str, str], token: str | None, timeout: float = 5.0) -> None:
        self.urls = {name: url.rstrip("/") for name, url in urls.items()}
        self.token = token
        self.timeout = timeout
        self.clients = {name: ServiceClient(name, url, timeout=timeout, token=token)
                        for name, url in urls.items()}

    def send(self, service: str, path: str, body: dict | None = None,
             method: str = "POST") -> Sent:
        """One write as the signed-in person. A 4xx is the service's refusal, returned for
        the form to show; no answer or a 5xx raises PeerUnavailable (the 503 page), since
        nobody can tell whether the service did it."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        try:
            answer = requests.request(method, f"{self.urls[service]}{path}", json=body,
                                      headers=headers, timeout=self.timeout)
        except requests.RequestException as exc:
            raise PeerUnavailable(f"the {service} service is unavailable "
                                  f"({exc.__class__.__name__}); check whether it was done "
                                  f"before sending it again") from exc
        if answer.status_code >= 500:
            raise PeerUnavailable(f"the {service} service is unavailable (HTTP "
                                  f"{answer.status_code}); check whether it was done before "
                                  f"sending it again")
        try:
            parsed = answer.json() if answer.content else {}
        except ValueError:
            parsed = {}
        if answer.status_code >= 400:
            return Sent(answer.status_code, parsed, Refusal.of(answer.status_code, parsed))
        return Sent(answer.status_code, parsed)

    def get(self, service: str, path: str, **params) -> dict | list:
        return self.clients[service].get_json(path, _clean(params))

    def maybe(self, service: str, path: str, **params) -> dict | list | None:
        """The answer, or None when the service has no such resource (404)."""
        try:
            return self.get(service, path, **params)
        except PeerUnavailable as exc:
            if status_of(exc) in (404, 405):
                return None
            raise

    def permitted(self, service: str, path: str, **params) -> dict | list | None:
        """The answer, or None when the caller's role may not read it (403): the page
        shows the rest, and says what it leaves out."""
        try:
            return self.get(service, path, **params)
        except PeerUnavailable as exc:
            if status_of(exc) == 403:
                return None
            raise

    def page(self, service: str, path: str, number: int, size: int = PAGE_SIZE,
             **params) -> tuple[list, int]:
        """Page `number` of a list endpoint, and how many items the whole list holds as the
        service counts them (its X-Pagination header): a page shows its part of a long list
        without reading the rest."""
        answer = self.clients[service].get(path, _clean({**params, "page": number,
                                                         "page_size": size}))
        items = answer.json()
        counted = json.loads(answer.headers.get("X-Pagination") or "{}").get("total")
        return items, counted if counted is not None else (number - 1) * size + len(items)

    def all(self, service: str, path: str, **params) -> list:
        """Every page of a list endpoint, in the service's order."""
        items: list = []
        for page in range(1, MAX_PAGES + 1):
            batch = self.get(service, path, page=page, page_size=PAGE_SIZE, **params)
            items += batch
            if len(batch) < PAGE_SIZE:
                break
        return items


def in_parallel(calls: list[Callable[[], object]], workers: int = 8) -> list:
    """Run independent reads at once (a page of review details, say), results in order;
    the first error is raised as it would have been one call at a time. Each call runs in
    a copy of the caller's context variables, so it sees the app and the request as it
    would have one at a time (Flask keeps them there)."""
    if len(calls) <= 1:
        return [call() for call in calls]
    contexts = [contextvars.copy_context() for _ in calls]  # one each: a context runs once
    with ThreadPoolExecutor(max_workers=min(workers, len(calls))) as pool:
        return list(pool.map(lambda context, call: context.run(call), contexts, calls))


def _clean(params: dict) -> dict:
    return {k: v for k, v in params.items() if v not in (None, "")}


def _flat(errors: dict, prefix: str = "") -> dict:
    """Nested field errors ({"legislation": {"0": {"link": [...]}}}) by dotted name."""
    flat: dict = {}
    for name, value in errors.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            flat.update(_flat(value, f"{key}."))
        else:
            flat[key] = value
    return flat
