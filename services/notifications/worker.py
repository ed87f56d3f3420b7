"""The notifications worker: relays its outbox, consumes its queue, delivers the mail, and
runs the reminders due each day.

    python -m services.notifications.worker
"""

from __future__ import annotations

from services.notifications.adapters.outgoing.delivery import Deliverer
from services.notifications.adapters.smtp import SmtpMailer
from services.notifications.handlers.events import event_handlers
from services.notifications.handlers.reminders import run_reminders
from services.notifications.settings import Settings
from shared.bus.parts import bus_parts
from shared.clock import Clock
from shared.context import bootstrap
from shared.db.migrate import upgrade
from shared.worker import PeriodicTask, configure_logging, serve


def build_parts(settings: Settings, clock: Clock | None = None) -> dict:
    ctx = bootstrap(settings, clock)
    return {
        **bus_parts(ctx, event_handlers(ctx)),
        # SMTP never runs inside a consumer handler: a slow server must not hold the queue
        "delivery": Deliverer(ctx, SmtpMailer(settings)),
        # the day's reminders, on the clock's today; a rerun the same day writes nothing new
        "reminders": PeriodicTask("reminders", lambda: run_reminders(ctx, ctx.clock.today()),
                                  settings.sweep_seconds),
    }


def main() -> None:
    configure_logging()
    settings = Settings.from_env()
    upgrade("notifications", bootstrap(settings).engine)
    serve(build_parts(settings), settings)


if __name__ == "__main__":
    main()
