"""A token with the `service` role only, for one service's read-only query to another (the
reviews service asking the nominations service for figures). The asking service proves
itself with its own client secret (OAuth 2.0's client credentials, RFC 6749 section 4.4),
so that it never holds the signing key."""

from __future__ import annotations

import datetime as dt
import hmac

from services.accounts.settings import secret_digest
from shared.auth.jwt import SERVICE_TOKEN_LIFETIME, issue
from shared.web.errors import Unauthorized


def service_token(ctx, client: str, secret: str) -> dict:
    known = ctx.settings.service_clients.get(client)
    if known is None or not hmac.compare_digest(known, secret_digest(secret)):
        raise Unauthorized("unknown service client or wrong secret")
    now = ctx.clock.now()
    token = issue(ctx.signer(), subject=f"service:{client}", role="service",
                  lifetime=SERVICE_TOKEN_LIFETIME, now=now)
    return {"access_token": token, "token_type": "Bearer",
            "expires_in": int(SERVICE_TOKEN_LIFETIME / dt.timedelta(seconds=1))}
