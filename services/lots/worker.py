"""The lots worker: lots consumes nothing, so it only relays its outbox.

    python -m services.lots.worker
"""

from __future__ import annotations

from services.lots.bootstrap import LotsContext, bootstrap, migrate
from services.lots.settings import Settings
from shared.bus.parts import bus_parts
from shared.worker import configure_logging, serve


def parts_of(ctx: LotsContext) -> dict:
    return bus_parts(ctx)


def build_parts(settings: Settings) -> dict:
    return parts_of(bootstrap(settings))


def main() -> None:
    configure_logging()
    ctx = bootstrap()
    migrate(ctx)
    serve(parts_of(ctx), ctx.settings)


if __name__ == "__main__":
    main()
