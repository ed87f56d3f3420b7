"""The four services as the portal reads them: GET only, through shared/web/client.py's
ServiceClient, with the signed-in person's bearer token so that each service applies its
own access rules to what it answers."""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

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


class Peers:
    """One reader per service for one request, carrying that request's token."""

    def __init__(self, urls: dict[str, str], token: str | None, timeout: float = 5.0) -> None:
        self.clients = {name: ServiceClient(name, url, timeout=timeout, token=token)
                        for name, url in urls.items()}

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
    the first error is raised as it would have been one call at a time."""
    if len(calls) <= 1:
        return [call() for call in calls]
    with ThreadPoolExecutor(max_workers=min(workers, len(calls))) as pool:
        return list(pool.map(lambda call: call(), calls))


def _clean(params: dict) -> dict:
    return {k: v for k, v in params.items() if v not in (None, "")}
