"""The survey worker: relays the outbox (SurveyOpened, SurveyAnswered, SurveyClosed) and
keeps the service's copies of the States and of their focal points and experts from the
lots' and the nominations' events.

    python -m services.survey.worker
"""

from __future__ import annotations

from services.survey.adapters.unit_of_work import with_sessions
from services.survey.bootstrap import SurveyContext, bootstrap, migrate
from services.survey.handlers.copies import event_handlers
from services.survey.settings import Settings
from shared.bus.parts import bus_parts
from shared.clock import Clock
from shared.worker import configure_logging, serve


def parts_of(ctx: SurveyContext) -> dict:
    return bus_parts(ctx, with_sessions(event_handlers(ctx)))


def build_parts(settings: Settings, clock: Clock | None = None) -> dict:
    return parts_of(bootstrap(settings, clock))


def main() -> None:
    configure_logging()
    ctx = bootstrap()
    migrate(ctx)
    serve(parts_of(ctx), ctx.settings)


if __name__ == "__main__":
    main()
