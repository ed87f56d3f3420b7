"""The probes every REVMOD web process answers.

/readyz stays 200 while a service the portal reads is down: the portal still answers, with
a page that says which service is unavailable, which helps more than a load balancer's
error. It lists what it could reach, for whoever is looking.
"""

from __future__ import annotations

import requests
from flask import Blueprint

from services.portal.adapters.peers import in_parallel
from services.portal.pages.context import current

blp = Blueprint("probes", __name__)


@blp.get("/healthz")
def healthz():
    return {"status": "ok"}


def _reachable(url: str) -> str:
    try:
        answer = requests.get(f"{url.rstrip('/')}/healthz", timeout=1)
    except requests.RequestException as exc:
        return f"unreachable ({exc.__class__.__name__})"
    return "ok" if answer.status_code == 200 else f"HTTP {answer.status_code}"


@blp.get("/readyz")
def readyz():
    urls = current().settings.urls
    found = in_parallel([lambda url=url: _reachable(url) for url in urls.values()])
    return {"status": "ready", "services": dict(zip(urls, found, strict=True))}
