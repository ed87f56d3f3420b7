"""The nominations worker: relays the outbox, keeps the copies of States and reviews from
the bus, and sweeps for missing nominations.

    python -m services.nominations.worker
"""

from __future__ import annotations

from services.nominations.handlers.events import event_handlers
from services.nominations.handlers.sweeps import sweep_missing
from services.nominations.settings import Settings
from shared.bus.parts import bus_parts
from shared.clock import Clock
from shared.context import bootstrap
from shared.db.migrate import upgrade
from shared.worker import PeriodicTask, configure_logging, serve


def build_parts(settings: Settings, clock: Clock | None = None) -> dict:
    """The worker's parts; `clock` lets tests (and "as of" runs) set the sweep's today."""
    ctx = bootstrap(settings, clock)
    return {
        **bus_parts(ctx, event_handlers(ctx)),
        "sweep": PeriodicTask("missing-nominations",
                              lambda: sweep_missing(ctx, ctx.clock.today()),
                              settings.sweep_seconds),
    }


def main() -> None:
    configure_logging()
    settings = Settings.from_env()
    upgrade("nominations", bootstrap(settings).engine)
    serve(build_parts(settings), settings)


if __name__ == "__main__":
    main()
