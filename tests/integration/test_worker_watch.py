"""A worker that dies is started again by its process manager, and a message that killed it
cannot kill it again and again: after the second death it is in the dead letters and the
worker stays up. A worker stuck in a handler turns its liveness probe red, and ends itself
so that a process manager that restarts only what exits restarts it: a message that
stuck it twice is dead-lettered the same way."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text

from harness.waiting import eventually
from services.reviews.bootstrap import MIGRATIONS as REVIEWS_MIGRATIONS
from shared.config import REPO_ROOT
from shared.db.engine import normalise_url
from shared.db.migrate import upgrade
from shared.events import new_event
from tests.support.fatal_worker import FATAL_DRAW, KILLED, STUCK_DRAW

CODES = ["AUT", "BEL", "CHE"]
#: more deaths than this and the message would have killed every restart
RESTARTS = 6


def lots_drawn(draw_id: int, codes: list[str]):
    return new_event("LotsDrawn", {
        "draw_id": draw_id, "group_id": draw_id, "group_number": 1,
        "starts_on": dt.date(2021, 11, 1), "phase": 1, "cluster": 1,
        "reviews": [{"state_under_review": c, "reviewing_states": [codes[i - 1], codes[i - 2]]}
                    for i, c in enumerate(codes)]}, dt.datetime.now(dt.UTC))


def fatal_worker(database_url: str, amqp_url: str, run_dir,
                 module: str = "tests.support.fatal_worker", **env: str) -> subprocess.Popen:
    env = {**os.environ, "REVIEWS_DATABASE_URL": database_url, "AMQP_URL": amqp_url,
           "WORKER_HEARTBEAT_DIR": str(run_dir), **env}
    return subprocess.Popen([sys.executable, "-m", module], cwd=REPO_ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def probe(service: str, run_dir) -> subprocess.CompletedProcess:
    """The liveness probe compose and k8s run in the worker's container."""
    return subprocess.run([sys.executable, "-m", "shared.liveness", service], cwd=REPO_ROOT,
                          env={**os.environ, "WORKER_HEARTBEAT_DIR": str(run_dir)},
                          capture_output=True, text=True, timeout=30)


def count(engine, sql: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text(sql)).scalar() or 0


def dead_letters(engine) -> int:
    return count(engine, "SELECT count(*) FROM dead_letters")


def restarted_until_dead_lettered(start, engine) -> tuple[subprocess.Popen, list[int]]:
    """Start the worker again whenever it exits, as its process manager would, until a
    message is in the dead letters; return the worker then running and the statuses it
    exited with."""
    exits, worker = [], start()
    try:
        while not dead_letters(engine):
            eventually(lambda w=worker: w.poll() is not None or dead_letters(engine), 90)
            if worker.poll() is not None:
                exits.append(worker.returncode)
                assert len(exits) <= RESTARTS, f"the message stopped every restart: {exits}"
                worker = start()
    except BaseException:
        worker.kill()
        raise
    return worker, exits


def dead_letter(engine) -> tuple[str, str]:
    with engine.connect() as conn:
        (event_id, reason), = conn.execute(text("SELECT event_id, reason FROM dead_letters"))
    return event_id, reason


@pytest.mark.parametrize("draw, status", [(FATAL_DRAW, KILLED), (STUCK_DRAW, 1)],
                         ids=["killed", "stuck"])
def test_message_is_dead_lettered_and_worker_stays_up_when_it_stopped_the_worker_twice(
        database_url, amqp_url, bus, tmp_path, draw, status):
    engine = create_engine(normalise_url(database_url))
    upgrade(REVIEWS_MIGRATIONS, engine)
    poison = lots_drawn(draw, ["DEU", "ESP", "FRA"])
    bus.publish(poison)
    worker, exits = restarted_until_dead_lettered(lambda: fatal_worker(
        database_url, amqp_url, tmp_path, WORKER_STALL_SECONDS="3"), engine)
    try:
        bus.publish(lots_drawn(7, CODES))
        eventually(lambda: count(engine, "SELECT count(*) FROM reviews") == len(CODES), 60)
        assert worker.poll() is None
    finally:
        worker.terminate()
        worker.wait(timeout=40)
    assert exits == [status, status]
    event_id, reason = dead_letter(engine)
    assert event_id == str(poison.id) and "twice while it held this message" in reason
    engine.dispose()


def test_probe_names_the_consumer_when_a_handler_is_stuck_and_a_healthy_worker_stays_green(
        database_url, amqp_url, bus, tmp_path):
    engine = create_engine(normalise_url(database_url))
    upgrade(REVIEWS_MIGRATIONS, engine)
    engine.dispose()
    stuck = fatal_worker(database_url, amqp_url, tmp_path, WORKER_STALL_SECONDS="3")
    healthy = fatal_worker(database_url, amqp_url, tmp_path, "services.lots.worker",
                           LOTS_DATABASE_URL=f"sqlite:///{tmp_path / 'lots.db'}",
                           WORKER_STALL_SECONDS="3")
    try:
        eventually(lambda: probe("reviews", tmp_path).returncode == 0, 60)
        eventually(lambda: probe("lots", tmp_path).returncode == 0, 60)
        bus.publish(lots_drawn(STUCK_DRAW, CODES))
        red = eventually(lambda: (done := probe("reviews", tmp_path)).returncode and done, 60)
        assert "consumer is stuck in one piece of work" in red.stderr
        assert "relay" not in red.stderr and "dead-letters" not in red.stderr
        green = probe("lots", tmp_path)
        assert green.returncode == 0, green.stderr
        assert healthy.poll() is None
    finally:
        for worker in (stuck, healthy):
            worker.kill()
            worker.wait(timeout=30)


DIES_WITH_A_STUCK_HANDLER = """
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from shared.worker import configure_logging, serve

class Consumer:
    def run(self, stop):
        pool = ThreadPoolExecutor(1)  # its thread never ends: a handler stuck for good
        pool.submit(threading.Event().wait)
        raise ConnectionResetError("the consumer's thread broke")

configure_logging()
serve({"consumer": Consumer()}, SimpleNamespace(
    service="test", heartbeat_dir=tempfile.mkdtemp(), stall_seconds=300))
"""


def test_process_exits_non_zero_naming_the_part_when_a_thread_dies_beside_a_stuck_one():
    done = subprocess.run([sys.executable, "-c", DIES_WITH_A_STUCK_HANDLER], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    died = [line for line in done.stderr.splitlines() if "CRITICAL" in line]
    assert len(died) == 1
    assert "part consumer died" in died[0] and "the consumer's thread broke" in died[0]
