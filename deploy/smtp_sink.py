"""A local SMTP server that keeps every message it receives, for `make run` and the tests.

Each message is written as an .eml file under $MAIL_DIR (default var/mail/), readable with
any mail client or `cat`, and a line is appended to index.tsv (time, from, to, subject).

    python deploy/smtp_sink.py            # listens on 127.0.0.1:$SMTP_SINK_PORT (8025)
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import itertools
import os
import signal
from pathlib import Path

from aiosmtpd.controller import Controller

_counter = itertools.count(1)


class KeepingHandler:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%f")
        name = f"{stamp}-{os.getpid()}-{next(_counter):06d}.eml"
        (self.directory / name).write_bytes(envelope.original_content or envelope.content)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        line = "\t".join([stamp, envelope.mail_from, ",".join(envelope.rcpt_tos),
                          str(message.get("Subject", "")), name])
        with open(self.directory / "index.tsv", "a", encoding="utf-8") as index:
            index.write(line + "\n")
        return "250 Message accepted for delivery"


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    directory = Path(os.environ.get("MAIL_DIR", root / "var" / "mail"))
    host = os.environ.get("SMTP_SINK_HOST", "127.0.0.1")
    port = int(os.environ.get("SMTP_SINK_PORT", "8025"))
    controller = Controller(KeepingHandler(directory), hostname=host, port=port)
    controller.start()
    print(f"SMTP sink listening on {host}:{port}, keeping mail in {directory}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.new_event_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        loop.run_until_complete(stop.wait())
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
