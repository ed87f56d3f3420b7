"""The nominations service's figures for the status report, over HTTP (DESIGN: a
read-only query that no local copy can serve: persons, experts, observers, women).

`GET {NOMINATIONS_URL}/figures?as_of=YYYY-MM-DD` answers {"as_of", "groups": [...],
"totals": {...}}. When it cannot be had, the report says so and shows everything else.
"""

from __future__ import annotations

import datetime as dt
import logging

from shared.auth.service_tokens import ServiceTokens
from shared.web.client import PeerUnavailable, ServiceClient

log = logging.getLogger(__name__)


class NominationFigures:
    """The client of the nominations service's figures, built once by the bootstrap; each
    call sends a short-lived token with the service role only (ServiceTokens)."""

    def __init__(self, settings) -> None:
        self.settings = settings
        self.client = ServiceClient("nominations", settings.nominations_url,
                                    timeout=settings.nominations_timeout, retries=1)
        self.tokens = ServiceTokens(settings, "reviews", timeout=settings.nominations_timeout)

    def __call__(self, as_of: dt.date) -> dict:
        """{"available": True, "detail": None, "figures": {...}} or, when the nominations
        service is down or answers nonsense, {"available": False, "detail": why}."""
        try:
            figures = self.client.get_json("/figures", params={"as_of": as_of.isoformat()},
                                           token=self.tokens())
        except PeerUnavailable as exc:
            return {"available": False, "detail": exc.detail, "figures": None}
        except ValueError:  # a body that is not JSON
            return _unexpected("did not answer in JSON")
        groups = figures.get("groups") if isinstance(figures, dict) else None
        if not isinstance(groups, list) or not all(
                isinstance(g, dict) and "group_number" in g for g in groups):
            return _unexpected("answered in a shape the report does not know")
        return {"available": True, "detail": None, "figures": figures}


def _unexpected(what: str) -> dict:
    detail = f"the nominations service {what}"
    log.warning("nomination figures unusable: %s", detail)
    return {"available": False, "detail": detail, "figures": None}
