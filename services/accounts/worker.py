"""The accounts worker: relays the outbox (invitations, the audit's events) and keeps the
accounts' roles from the nominations' events. It holds no key.

    python -m services.accounts.worker
"""

from __future__ import annotations

from services.accounts.adapters.unit_of_work import with_sessions
from services.accounts.bootstrap import AccountsContext, bootstrap, migrate
from services.accounts.handlers.nominations import event_handlers
from services.accounts.settings import Settings
from shared.bus.parts import bus_parts
from shared.clock import Clock
from shared.worker import configure_logging, serve


def parts_of(ctx: AccountsContext) -> dict:
    return bus_parts(ctx, with_sessions(event_handlers(ctx)))


def build_parts(settings: Settings, clock: Clock | None = None) -> dict:
    return parts_of(bootstrap(settings, clock))


def main() -> None:
    configure_logging()
    ctx = bootstrap()
    migrate(ctx)
    serve(parts_of(ctx), ctx.settings)


if __name__ == "__main__":
    main()
