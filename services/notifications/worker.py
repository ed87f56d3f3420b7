"""The notifications worker: relays its outbox, consumes its queue, delivers the mail, and
runs the reminders due each day.

    python -m services.notifications.worker
"""

from __future__ import annotations

from services.notifications.adapters.outgoing.delivery import Deliverer
from services.notifications.bootstrap import NotificationsContext, bootstrap, migrate
from services.notifications.handlers.events import event_handlers
from services.notifications.handlers.reminders import remind_all
from services.notifications.settings import Settings
from shared.bus.parts import bus_parts
from shared.clock import Clock
from shared.worker import PeriodicTask, configure_logging, serve


def parts_of(ctx: NotificationsContext) -> dict:
    return {
        **bus_parts(ctx, event_handlers(ctx)),
        # SMTP never runs inside a consumer handler: a slow server must not hold the queue
        "delivery": Deliverer(ctx, ctx.mailer),
        # the day's reminders, on the clock's today; a rerun the same day writes nothing new
        "reminders": PeriodicTask("reminders", lambda: remind_all(ctx, ctx.clock.today()),
                                  ctx.settings.sweep_seconds),
    }


def build_parts(settings: Settings, clock: Clock | None = None) -> dict:
    return parts_of(bootstrap(settings, clock))


def main() -> None:
    configure_logging()
    ctx = bootstrap()
    migrate(ctx)
    serve(parts_of(ctx), ctx.settings)


if __name__ == "__main__":
    main()
