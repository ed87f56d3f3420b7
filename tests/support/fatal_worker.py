"""A reviews worker whose handler kills the process on one draw, as a crash in a C library
or the kernel's OOM killer would, and hangs for good on another, as a call that never
returns would: what the tests of the worker's watch and liveness start.

    python -m tests.support.fatal_worker
"""

from __future__ import annotations

import os
import threading

from services.reviews.settings import Settings
from services.reviews.worker import build_parts
from shared.worker import configure_logging, serve

#: the draw whose LotsDrawn kills the worker that handles it
FATAL_DRAW = 666
#: the status of a process that died that way
KILLED = 70
#: the draw whose LotsDrawn never ends being handled
STUCK_DRAW = 667


def main() -> None:
    configure_logging()
    settings = Settings.from_env()
    parts = build_parts(settings)
    handlers = parts["consumer"].handlers
    schedule = handlers["LotsDrawn"]

    def schedule_unless_fatal(session, event) -> None:
        if event.payload["draw_id"] == FATAL_DRAW:
            os._exit(KILLED)
        if event.payload["draw_id"] == STUCK_DRAW:
            threading.Event().wait()
        schedule(session, event)

    handlers["LotsDrawn"] = schedule_unless_fatal
    serve(parts, settings)


if __name__ == "__main__":
    main()
