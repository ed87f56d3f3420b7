"""A worker killed with SIGKILL between committing a handler's work and acking the message:
the broker redelivers it (counted in the inbox), and the second delivery changes nothing."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys

from sqlalchemy import create_engine, text

from shared.config import REPO_ROOT
from shared.db import normalise_url
from shared.events import new_event
from shared.migrate import upgrade
from tests.support.waiting import eventually

CODES = ["AUT", "BEL", "CHE", "DEU", "ESP", "FRA"]


def worker(database_url: str, amqp_url: str, pause: float) -> subprocess.Popen:
    env = {**os.environ, "REVIEWS_DATABASE_URL": database_url, "AMQP_URL": amqp_url,
           "BUS_FAULT_PAUSE_SECONDS": str(pause)}
    return subprocess.Popen([sys.executable, "-m", "services.reviews.worker"], cwd=REPO_ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def count(engine, sql: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text(sql)).scalar() or 0


def test_redelivery_changes_nothing_when_the_worker_died_before_acking(
        database_url, amqp_url, bus):
    engine = create_engine(normalise_url(database_url))
    upgrade("reviews", engine)
    bus.publish(new_event("LotsDrawn", {
        "draw_id": 7, "group_id": 1, "group_number": 1, "starts_on": dt.date(2021, 11, 1),
        "phase": 1, "cluster": 1,
        "reviews": [{"state_under_review": c, "reviewing_states": [CODES[i - 1], CODES[i - 2]]}
                    for i, c in enumerate(CODES)]}, dt.datetime.now(dt.UTC)))
    first = worker(database_url, amqp_url, pause=30)
    try:
        eventually(lambda: count(engine, "SELECT count(*) FROM reviews") == len(CODES), 60)
        first.send_signal(signal.SIGKILL)  # committed, not yet acked: the pause holds the ack
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    second = worker(database_url, amqp_url, pause=0)
    try:
        eventually(lambda: count(engine, "SELECT sum(redeliveries) FROM inbox") == 1, 60)
    finally:
        second.terminate()
        second.wait(timeout=30)
    assert count(engine, "SELECT count(*) FROM reviews") == len(CODES)
    assert count(engine, "SELECT count(*) FROM outbox WHERE event_type = 'ReviewScheduled'") \
        == len(CODES)
    engine.dispose()
