"""An SMTP sink inside the benchmark's own process that notes when it accepted each message.

deploy/smtp_sink.py writes each message to a file and stamps it with the wall clock to the
microsecond; timing a path against that means reading files and trusting two processes'
clocks. This one keeps, for each Message-ID, the instant (`time.perf_counter()`, the clock
the benchmark times its requests with) at which the whole message had arrived and the
server was about to answer "250": the moment the mail counts as delivered.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.parser import BytesHeaderParser

from aiosmtpd.controller import Controller

from harness.system import free_port

_HEADERS = BytesHeaderParser()


class StampingSink:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.accepted: dict[str, float] = {}
        self.count = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        at = time.perf_counter()
        message_id = _HEADERS.parsebytes(envelope.content).get("Message-ID", "")
        with self._lock:
            self.accepted.setdefault(message_id.strip(), at)
            self.count += 1
        return "250 Message accepted for delivery"

    def received(self) -> int:
        """Messages accepted so far, copies with the same Message-ID included."""
        with self._lock:
            return self.count

    def duplicates(self) -> int:
        """Copies of a message accepted before: what once-only sending must keep at 0."""
        with self._lock:
            return self.count - len(self.accepted)

    def last_accepted(self) -> float:
        with self._lock:
            return max(self.accepted.values(), default=0.0)

    def accepted_at(self, message_id: str) -> float | None:
        with self._lock:
            return self.accepted.get(message_id)

    def settle(self, quiet_seconds: float = 3.0, timeout: float = 120.0) -> int:
        """Wait until no message has arrived for `quiet_seconds`; the count then."""
        deadline, last, seen = time.monotonic() + timeout, time.monotonic(), self.received()
        while time.monotonic() < deadline and time.monotonic() - last < quiet_seconds:
            time.sleep(0.2)
            if self.received() != seen:
                last, seen = time.monotonic(), self.received()
        return seen


@contextmanager
def stamping_sink() -> Iterator[tuple[StampingSink, int]]:
    """The sink listening on a free local port, stopped on exit."""
    sink, port = StampingSink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()
