"""A reviews worker whose handler kills the process on one draw, as a crash in a C library
or the kernel's OOM killer would: what the tests of the worker's watch start.

    python -m tests.support.fatal_worker
"""

from __future__ import annotations

import os

from services.reviews.settings import Settings
from services.reviews.worker import build_parts
from shared.worker import configure_logging, serve

#: the draw whose LotsDrawn kills the worker that handles it
FATAL_DRAW = 666
#: the status of a process that died that way
KILLED = 70


def main() -> None:
    configure_logging()
    parts = build_parts(Settings.from_env())
    handlers = parts["consumer"].handlers
    schedule = handlers["LotsDrawn"]

    def schedule_unless_fatal(session, event) -> None:
        if event.payload["draw_id"] == FATAL_DRAW:
            os._exit(KILLED)
        schedule(session, event)

    handlers["LotsDrawn"] = schedule_unless_fatal
    serve(parts)


if __name__ == "__main__":
    main()
