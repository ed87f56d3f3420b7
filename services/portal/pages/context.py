"""What a page reads of its request: the portal's context (services/portal/bootstrap.py),
who is signed in, and the readers of the four services for that person's token."""

from __future__ import annotations

import datetime as dt

from flask import current_app, g, session

from services.portal.adapters.peers import Peers
from services.portal.bootstrap import PortalContext
from services.portal.domain.claims import UnreadableToken, Viewer, read_token

TOKEN_KEY = "token"


def current() -> PortalContext:
    return current_app.extensions["portal"]


def today() -> dt.date:
    return current().clock.today()


def signed_in() -> Viewer | None:
    """The viewer of this request, from the session's token; None if absent or unusable."""
    if "viewer" not in g:
        token = session.get(TOKEN_KEY)
        try:
            g.viewer = read_token(token, current().clock.now()) if token else None
        except UnreadableToken:
            g.viewer = None
    return g.viewer


def viewer() -> Viewer:
    """The signed-in viewer (every page but sign-in requires one)."""
    found = signed_in()
    assert found is not None, "a page was served without a sign-in"
    return found


def peers() -> Peers:
    if "peers" not in g:
        g.peers = current().peers_factory(session.get(TOKEN_KEY))
    return g.peers
