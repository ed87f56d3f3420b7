"""The nominations worker: relays the outbox, keeps the copies of States and reviews from
the bus, and sweeps for missing nominations.

    python -m services.nominations.worker
"""

from __future__ import annotations

from services.nominations.adapters.unit_of_work import with_sessions
from services.nominations.bootstrap import NominationsContext, bootstrap, migrate
from services.nominations.handlers.events import event_handlers
from services.nominations.handlers.sweeps import sweep_missing
from services.nominations.settings import Settings
from shared.bus.parts import bus_parts
from shared.clock import Clock
from shared.worker import PeriodicTask, configure_logging, serve


def parts_of(ctx: NominationsContext) -> dict:
    return {
        **bus_parts(ctx, with_sessions(event_handlers(ctx))),
        "sweep": PeriodicTask("missing-nominations",
                              lambda: sweep_missing(ctx, ctx.clock.today()),
                              ctx.settings.sweep_seconds),
    }


def build_parts(settings: Settings, clock: Clock | None = None) -> dict:
    """The worker's parts; `clock` lets tests (and "as of" runs) set the sweep's today."""
    return parts_of(bootstrap(settings, clock))


def main() -> None:
    configure_logging()
    ctx = bootstrap()
    migrate(ctx)
    serve(parts_of(ctx), ctx.settings)


if __name__ == "__main__":
    main()
