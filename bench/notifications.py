"""Benchmark of the notifications service: letters rendered and delivered per second.

    .venv/bin/python bench/notifications.py

render_and_deliver: letters written as the service writes them (rendered in the Mission's
language, text and HTML, recorded, one transaction each), then sent by the deliverer over
SMTP to a local aiosmtpd sink running in a process of its own, each recorded as sent
(NotificationSent in the outbox) in its own transaction; SQLite file in a temporary folder.
event_to_smtp: the same, starting from NominationMissing events as the queue holds them
(decode, inbox, open item, reminder slot). The baseline, in the same run, is raw smtplib
sending one fixed letter as many times the way the deliverer sends: on as many threads as
it has senders, each keeping one connection open from letter to letter. The ratio is what
the service costs on top of SMTP itself.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import shutil
import smtplib
import socket
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiosmtpd.controller import Controller  # noqa: E402

from services.notifications.adapters.outgoing.compose import Draft, compose  # noqa: E402
from services.notifications.adapters.outgoing.delivery import Deliverer  # noqa: E402
from services.notifications.adapters.smtp import SmtpMailer  # noqa: E402
from services.notifications.bootstrap import MIGRATIONS as NOTIFICATIONS_MIGRATIONS  # noqa: E402
from services.notifications.bootstrap import bootstrap  # noqa: E402
from services.notifications.domain.i18n import LANGUAGES  # noqa: E402
from services.notifications.domain.letters import render  # noqa: E402
from services.notifications.domain.mail import build_email  # noqa: E402
from services.notifications.domain.samples import SAMPLE_NAMES, sample  # noqa: E402
from services.notifications.handlers.events import event_handlers  # noqa: E402
from services.notifications.settings import Settings  # noqa: E402
from shared.bus.consumer import ACK, Consumer  # noqa: E402
from shared.db.engine import transaction  # noqa: E402
from shared.db.migrate import upgrade  # noqa: E402
from shared.events import decode, encode, new_event  # noqa: E402

MESSAGES = 1000
STATES = ["AUT", "FRA", "KEN", "EGY", "CHN", "RUS", "MEX", "BRA", "JPN", "IND"]
TARGET = 200


class CountingSink:
    def __init__(self, count) -> None:
        self.count = count

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        with self.count.get_lock():
            self.count.value += 1
        return "250 OK"


def run_sink(port: int, count, ready, stop) -> None:
    """The sink in a process of its own, as the relay is never inside the worker."""
    controller = Controller(CountingSink(count), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed_events(now: dt.datetime) -> list:
    """Each State registered, its Mission in one of the six languages, and the reminders."""
    events = []
    for i, code in enumerate(STATES):
        events.append(new_event("StatePartyRegistered", {
            "code": code, "name": f"State {code}", "regional_group": None,
            "legal_system": None, "instruments": ["convention"]}, now))
        events.append(new_event("MissionContactChanged", {
            "state_code": code, "emails": [f"pm-{code.lower()}@missions.example.org"],
            "language": LANGUAGES[i % len(LANGUAGES)]}, now))
    return events


def reminders(now: dt.datetime) -> list:
    due = dt.date(2021, 3, 15)
    return [new_event("NominationMissing", {
        "state_code": STATES[n % len(STATES)], "role": "focal_point", "review_id": n + 1,
        "capacity": "reviewing", "state_under_review": STATES[(n + 1) % len(STATES)],
        "due_on": due, "as_of": dt.date(2021, 3, 20), "days_overdue": 5, "reminder": 1},
        now) for n in range(MESSAGES)]


def prepared(settings: Settings):
    """A fresh database with the States and their Missions, and the consumer's handler path."""
    ctx = bootstrap(settings)
    upgrade(NOTIFICATIONS_MIGRATIONS, ctx.engine)
    consumer = Consumer("notifications", settings.amqp_url, ctx.session_factory,
                        event_handlers(ctx))
    for event in seed_events(ctx.clock.now()):
        assert consumer.handle(encode(event)) == ACK
    return ctx, consumer


def pipeline(ctx, produce) -> tuple[float, float]:
    """Messages per second to write them all (`produce`) and then deliver them all, and the
    processor time each cost this process (the sink's is its own), in milliseconds.

    One after the other rather than on two threads as the worker runs them: threads of one
    process share one interpreter lock, and the figure would then measure how the lock
    hands over between a busy thread and one waiting on its socket, not the work."""
    deliverer = Deliverer(ctx, SmtpMailer(ctx.settings), batch_size=100)
    started, cpu = time.perf_counter(), time.process_time()
    produce()
    sent = 0
    while sent < MESSAGES:
        sent += deliverer.deliver_due()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    ctx.engine.dispose()
    return MESSAGES / elapsed, cpu / MESSAGES * 1000


def render_and_deliver(settings: Settings) -> tuple[float, float]:
    """Letters composed (rendered in the Mission's language, text and HTML, recorded) one
    transaction each, as the handlers and the reminder run write them, then delivered."""
    ctx, _ = prepared(settings)
    events = [decode(encode(e)) for e in reminders(ctx.clock.now())]  # payloads as handled
    drafts = [Draft(kind="nomination_missing", state_code=e.payload["state_code"],
                    review_id=e.payload["review_id"], context=dict(e.payload),
                    key=f"{e.id}:{e.payload['state_code']}:nomination_missing",
                    cause_event_id=str(e.id), correlation_id=e.correlation_id)
              for e in events]

    def produce() -> None:
        for draft in drafts:
            with transaction(ctx.session_factory) as session:
                compose(ctx, session, draft)
    return pipeline(ctx, produce)


def event_to_smtp(settings: Settings) -> tuple[float, float]:
    """The whole path from the queue: each NominationMissing decoded, deduplicated against
    the inbox, mapped onto its open item and reminder slot, written, then delivered."""
    ctx, consumer = prepared(settings)
    bodies = [encode(e) for e in reminders(ctx.clock.now())]  # as the queue holds them
    return pipeline(ctx, lambda: [consumer.handle(body) for body in bodies])


def baseline_throughput(port: int, senders: int) -> float:
    """Raw smtplib sending one letter as the service writes them (Russian: text and HTML,
    encoded subject), built once, on `senders` threads with a connection each, as the
    deliverer's senders keep theirs from round to round."""
    letter = render("nomination_missing", "ru", sample("nomination_missing"), SAMPLE_NAMES)
    sender, recipients = "revmod-secretariat@unodc.example.org", ["pm-aut@missions.example.org"]
    wire = bytes(build_email(mail_from=sender, recipients=recipients, subject=letter.subject,
                             body=letter.body, html=letter.html,
                             message_id="<fixed@revmod.example.org>",
                             date=dt.datetime.now(dt.UTC)))

    def send(count: int) -> None:
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
            for _ in range(count):
                smtp.sendmail(sender, recipients, wire)

    shares = [MESSAGES // senders + (i < MESSAGES % senders) for i in range(senders)]
    started = time.perf_counter()
    with ThreadPoolExecutor(senders) as pool:
        list(pool.map(send, shares))
    return MESSAGES / (time.perf_counter() - started)


def settings_for(database: Path, port: int) -> Settings:
    return Settings(service="notifications", database_url=f"sqlite:///{database}",
                    smtp_port=port, daily_cap=MESSAGES, delivery_poll_seconds=0.0)


def main() -> int:
    logging.disable(logging.INFO)  # a log line per message would measure the terminal
    workdir = Path(tempfile.mkdtemp(prefix="bench-notifications-"))
    port, count = free_port(), multiprocessing.Value("i", 0)
    ready, stop = multiprocessing.Event(), multiprocessing.Event()
    sink = multiprocessing.Process(target=run_sink, args=(port, count, ready, stop))
    sink.start()
    try:
        assert ready.wait(30), "the SMTP sink did not start"
        letters = settings_for(workdir / "letters.db", port)
        baseline = baseline_throughput(port, letters.senders)
        measured, cost = render_and_deliver(letters)
        whole_path, whole_cost = event_to_smtp(settings_for(workdir / "events.db", port))
        assert count.value == 3 * MESSAGES, count.value
    finally:
        stop.set()
        sink.join(30)
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"BENCH notifications render_and_deliver {measured:.0f} msg/s target >= {TARGET}")
    print(f"BENCH notifications render_and_deliver_baseline {baseline:.0f} msg/s")
    print(f"BENCH notifications render_and_deliver_ratio {measured / baseline:.2f} x")
    print(f"BENCH notifications render_and_deliver_cpu {cost:.2f} ms/msg")
    print(f"BENCH notifications event_to_smtp {whole_path:.0f} msg/s")
    print(f"BENCH notifications event_to_smtp_cpu {whole_cost:.2f} ms/msg")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
