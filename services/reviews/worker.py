"""The reviews worker: relays the outbox, consumes the reviews' queue, and sweeps for
missed deadlines.

    python -m services.reviews.worker
"""

from __future__ import annotations

from services.reviews.handlers.events import event_handlers
from services.reviews.handlers.sweeps import sweep_deadlines
from services.reviews.settings import Settings
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
        "sweep": PeriodicTask("missed-deadlines",
                              lambda: sweep_deadlines(ctx, ctx.clock.today()),
                              settings.sweep_seconds),
    }


def main() -> None:
    configure_logging()
    settings = Settings.from_env()
    upgrade("reviews", bootstrap(settings).engine)
    serve(build_parts(settings), settings)


if __name__ == "__main__":
    main()
