"""The reviews worker: relays the outbox, consumes the reviews' queue, starts the reviews
whose group's start has come, and sweeps for missed deadlines.

    python -m services.reviews.worker
"""

from __future__ import annotations

from services.reviews.adapters.unit_of_work import with_sessions
from services.reviews.bootstrap import ReviewsContext, bootstrap, migrate
from services.reviews.handlers.events import event_handlers
from services.reviews.handlers.starts import start_due_reviews
from services.reviews.handlers.sweeps import sweep_deadlines
from services.reviews.settings import Settings
from shared.bus.parts import bus_parts
from shared.clock import Clock
from shared.worker import PeriodicTask, configure_logging, serve


def parts_of(ctx: ReviewsContext) -> dict:
    return {
        **bus_parts(ctx, with_sessions(event_handlers(ctx))),
        "sweep": PeriodicTask("starts-and-missed-deadlines", lambda: sweep(ctx),
                              ctx.settings.sweep_seconds),
    }


def sweep(ctx: ReviewsContext) -> None:
    """Start the reviews whose group's start has come (dated on the day they became
    ready), then announce the deadlines missed, as of today."""
    today = ctx.clock.today()
    start_due_reviews(ctx, today)
    sweep_deadlines(ctx, today)


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
