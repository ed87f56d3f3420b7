"""The reviews worker: relays the outbox, consumes the reviews' queue, and sweeps for
missed deadlines.

    python -m services.reviews.worker
"""

from __future__ import annotations

from services.reviews.handlers import build_handlers
from services.reviews.settings import Settings
from services.reviews.sweep import sweep_deadlines
from shared.bus.consumer import Consumer
from shared.bus.relay import OutboxRelay
from shared.clock import Clock
from shared.context import bootstrap
from shared.migrate import upgrade
from shared.worker import PeriodicTask, configure_logging, run_parts


def build_parts(settings: Settings, clock: Clock | None = None) -> dict:
    """The worker's parts; `clock` lets tests (and "as of" runs) set the sweep's today."""
    ctx = bootstrap(settings, clock)
    return {
        "relay": OutboxRelay(ctx.engine, settings.amqp_url, name="reviews",
                             max_deliveries=settings.max_deliveries,
                             heartbeat=settings.heartbeat,
                             sweep_seconds=settings.relay_sweep_seconds),
        "consumer": Consumer("reviews", settings.amqp_url, ctx.session_factory,
                             handlers=build_handlers(ctx),
                             max_deliveries=settings.max_deliveries,
                             prefetch=settings.prefetch, heartbeat=settings.heartbeat),
        "sweep": PeriodicTask("missed-deadlines",
                              lambda: sweep_deadlines(ctx, ctx.clock.today()),
                              settings.sweep_seconds),
    }


def main() -> None:
    configure_logging()
    settings = Settings.from_env()
    upgrade("reviews", bootstrap(settings).engine)
    run_parts(build_parts(settings))


if __name__ == "__main__":
    main()
