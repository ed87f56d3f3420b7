"""The nominations worker: relays the outbox, keeps the copies of States and reviews from
the bus, and sweeps for missing nominations.

    python -m services.nominations.worker
"""

from __future__ import annotations

from services.nominations.handlers import event_handlers, sweep_missing
from services.nominations.settings import Settings
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
        "relay": OutboxRelay(ctx.engine, settings.amqp_url, name="nominations",
                             max_deliveries=settings.max_deliveries,
                             heartbeat=settings.heartbeat,
                             sweep_seconds=settings.relay_sweep_seconds),
        "consumer": Consumer("nominations", settings.amqp_url, ctx.session_factory,
                             event_handlers(ctx), max_deliveries=settings.max_deliveries,
                             prefetch=settings.prefetch, heartbeat=settings.heartbeat),
        "sweep": PeriodicTask("missing-nominations",
                              lambda: sweep_missing(ctx, ctx.clock.today()),
                              settings.sweep_seconds),
    }


def main() -> None:
    configure_logging()
    settings = Settings.from_env()
    upgrade("nominations", bootstrap(settings).engine)
    run_parts(build_parts(settings))


if __name__ == "__main__":
    main()
