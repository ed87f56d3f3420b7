"""The lots worker: lots consumes nothing, so it only relays its outbox.

    python -m services.lots.worker
"""

from __future__ import annotations

from services.lots.settings import Settings
from shared.bus.parts import bus_parts
from shared.context import bootstrap
from shared.db.migrate import upgrade
from shared.worker import configure_logging, serve


def build_parts(settings: Settings) -> dict:
    ctx = bootstrap(settings)
    return bus_parts(ctx)


def main() -> None:
    configure_logging()
    settings = Settings.from_env()
    upgrade("lots", bootstrap(settings).engine)
    serve(build_parts(settings), settings)


if __name__ == "__main__":
    main()
