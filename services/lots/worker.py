"""The lots worker: relays the outbox, and keeps from the reviews' events what the 70 per
cent rule reads (completed reviews, the Conference's decisions).

    python -m services.lots.worker
"""

from __future__ import annotations

from services.lots.adapters.unit_of_work import with_sessions
from services.lots.bootstrap import LotsContext, bootstrap, migrate
from services.lots.handlers.events import event_handlers
from services.lots.settings import Settings
from shared.bus.parts import bus_parts
from shared.worker import configure_logging, serve


def parts_of(ctx: LotsContext) -> dict:
    return bus_parts(ctx, with_sessions(event_handlers()))


def build_parts(settings: Settings) -> dict:
    return parts_of(bootstrap(settings))


def main() -> None:
    configure_logging()
    ctx = bootstrap()
    migrate(ctx)
    serve(parts_of(ctx), ctx.settings)


if __name__ == "__main__":
    main()
