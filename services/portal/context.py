"""What the portal's pages are wired with: settings, clock and a way to reach the services,
built once by create_app; and, per request, who is signed in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, g, session

from services.portal.adapters.peers import Peers
from services.portal.domain.claims import UnreadableToken, Viewer, read_token
from services.portal.settings import Settings
from shared.clock import Clock

TOKEN_KEY = "token"


@dataclass
class PortalContext:
    settings: Settings
    clock: Clock
    #: token -> readers of the four services (tests pass fakes)
    peers_factory: Callable[[str | None], Peers]


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
