"""The portal's context: built once per process by create_app from its Settings, with the
readers of the four services wired in (tests pass fakes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from services.portal.adapters.accounts import Accounts
from services.portal.adapters.kept import Kept
from services.portal.adapters.peers import Peers
from services.portal.settings import Settings
from shared.clock import Clock, SystemClock


@dataclass
class PortalContext:
    settings: Settings
    clock: Clock
    #: token -> readers of the four services (tests pass fakes)
    peers_factory: Callable[[str | None], Peers]
    #: where people sign in, and their sessions are checked (tests pass a fake)
    accounts: Accounts
    #: the States parties, read at most once a minute (adapters/kept.py)
    states: Kept[list[dict]] = field(default_factory=Kept)


def bootstrap(settings: Settings | None = None, clock: Clock | None = None,
              peers_factory: Callable[[str | None], Peers] | None = None,
              accounts: Accounts | None = None) -> PortalContext:
    settings = settings or Settings.from_env()
    return PortalContext(
        settings=settings, clock=clock or SystemClock(),
        peers_factory=peers_factory or (
            lambda token: Peers(settings.urls, token, timeout=settings.timeout)),
        accounts=accounts or Accounts(settings.accounts_url, settings.timeout))
