"""The relay killed after the broker confirmed a publish and before the row was marked
sent: the event goes out again on restart (the same event id, so consumers' inboxes drop
it), and nothing is lost."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys

from sqlalchemy import select

from harness.broker import service_urls
from harness.waiting import eventually
from services.lots.bootstrap import MIGRATIONS as LOTS_MIGRATIONS
from services.lots.bootstrap import bootstrap
from services.lots.settings import Settings
from shared.bus.outbox import record
from shared.bus.tables import outbox
from shared.config import REPO_ROOT
from shared.db.migrate import upgrade
from shared.events import new_event
from tests.support.broker import BusProbe

PARTY = {"code": "AUT", "name": "Austria", "regional_group": "western_european_others",
         "legal_system": "civil_law", "instruments": ["convention"]}


def relay(database_url: str, amqp_url: str, pause: float) -> subprocess.Popen:
    """The lots worker (a relay alone), connected as the lots service's own broker user."""
    env = {**os.environ, "LOTS_DATABASE_URL": database_url,
           "LOTS_AMQP_URL": service_urls(amqp_url)["lots"],
           "BUS_FAULT_PAUSE_SECONDS": str(pause)}
    return subprocess.Popen([sys.executable, "-m", "services.lots.worker"], cwd=REPO_ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_event_is_published_again_when_the_relay_died_before_marking_it(
        database_url, amqp_url):
    ctx = bootstrap(Settings(service="lots", database_url=database_url, amqp_url=amqp_url))
    upgrade(LOTS_MIGRATIONS, ctx.engine)
    event = new_event("StatePartyRegistered", PARTY, dt.datetime.now(dt.UTC))
    with ctx.session_factory() as session:
        record(session, event)
        session.commit()
    probe = BusProbe(amqp_url, keys=("lots.#",))
    first = relay(database_url, amqp_url, pause=30)
    try:
        copies = probe.received(timeout=30, until=lambda m: len(m) >= 1)
        first.send_signal(signal.SIGKILL)  # confirmed by the broker, not yet marked sent
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    assert [m["id"] for m in copies] == [str(event.id)]
    assert _sent_at(ctx) is None
    second = relay(database_url, amqp_url, pause=0)
    try:
        copies += probe.received(timeout=30, until=lambda m: len(m) >= 1)
        eventually(lambda: _sent_at(ctx) is not None, timeout=30)
    finally:
        second.terminate()
        second.wait(timeout=30)
        probe.close()
    assert [m["id"] for m in copies] == [str(event.id)] * 2
    ctx.engine.dispose()


def _sent_at(ctx):
    with ctx.engine.connect() as conn:
        return conn.execute(select(outbox.c.sent_at)).scalar()
