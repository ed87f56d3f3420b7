"""A real SMTP server for the tests (aiosmtpd on a free port) whose answers a test scripts."""

from __future__ import annotations

from contextlib import contextmanager

from aiosmtpd.controller import Controller


class Sink:
    """An SMTP handler that answers DATA from a script (then "250 OK") and keeps what it took."""

    def __init__(self, replies=()) -> None:
        self.replies = iter(replies)
        self.envelopes: list = []
        self.calls = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        self.calls += 1
        reply = next(self.replies, None)
        if reply is not None:
            return reply
        self.envelopes.append(envelope)
        return "250 OK"


@contextmanager
def smtp_server(handler: Sink, port: int):
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler
    finally:
        controller.stop()
