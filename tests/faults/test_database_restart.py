"""PostgreSQL restarted under load (a server of the test's own, stopped with `pg_ctl -m
immediate`, a crash): while it is down every request answers 503 problem+json; afterwards
nothing is half-written (each nomination has its event in the outbox and nothing else), the
same processes serve again without a restart, and every event still reaches its consumer.
A consumer holding a message while the database is down waits for it instead of burning
the message's deliveries into the dead-letter queue."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest
import requests
from sqlalchemy import create_engine, text

from harness.system import SERVICES, draw_group, running_system
from harness.waiting import eventually
from services.reviews.bootstrap import MIGRATIONS as REVIEWS_MIGRATIONS
from shared.bus import topology
from shared.config import REPO_ROOT
from shared.db.migrate import upgrade
from shared.events import new_event
from tests.support.postgres_cluster import private_cluster

WRITERS = 3
DOWN_SECONDS = 6


@pytest.fixture
def cluster():
    with private_cluster() as running:
        yield running


def count(engine, sql: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text(sql)).scalar() or 0


class Load(threading.Thread):
    """Nominates experts over HTTP, one request after another, and keeps every answer."""

    def __init__(self, system, states: list[str], number: int) -> None:
        super().__init__(daemon=True)
        self.system, self.states, self.number = system, states, number
        self.answers: list[tuple[float, int, str]] = []  # (when, status, content type)
        self.created: list[int] = []
        self.resets = 0
        self.stop = threading.Event()

    def run(self) -> None:
        url = f"{self.system.urls['nominations']}/nominations"
        n = 0
        while not self.stop.is_set():
            state = self.states[n % len(self.states)]
            try:
                answer = self.system.http.post(url, json={
                    "state_code": state, "role": "expert", "name": f"Expert {self.number}-{n}",
                    "title": "Prosecutor", "gender": "female",
                    "email": f"expert-{self.number}-{n}@gov.example.org"}, timeout=30)
            except requests.ConnectionError:
                # a kept-alive connection the server closed as this request went out (a POST
                # is not retried by the client): counted, and tried again as a client would;
                # a process that died instead is caught by the test's check of the processes
                self.resets += 1
                self.stop.wait(0.05)
                continue
            self.answers.append((time.monotonic(), answer.status_code,
                                 answer.headers.get("Content-Type", "")))
            if answer.status_code == 201:
                self.created += [row["id"] for row in answer.json()]
            else:
                self.stop.wait(0.05)  # as a client would, before trying again
            n += 1

    def successes_after(self, moment: float) -> int:
        return sum(1 for when, status, _ in self.answers if when > moment and status == 201)


def test_requests_answer_503_while_postgres_restarts_and_nothing_is_half_written(
        cluster, tmp_path, amqp_url):
    urls = {s: cluster.create_database(f"revmod_{s}") for s in SERVICES}
    with running_system("postgres", tmp_path, amqp_url, database_urls=urls) as system:
        states = draw_group(system, 6)
        loads = [Load(system, states, n) for n in range(WRITERS)]
        for load in loads:
            load.start()
        eventually(lambda: sum(len(load.created) for load in loads) >= 60, timeout=120)

        cluster.stop("immediate")
        down_at = time.monotonic()
        time.sleep(DOWN_SECONDS)
        read = system.http.get(f"{system.urls['reviews']}/reviews", timeout=10)
        restarting_at = time.monotonic()
        cluster.start()
        up_at = time.monotonic()

        eventually(lambda: all(load.successes_after(up_at) >= 10 for load in loads),
                   timeout=120)
        for load in loads:
            load.stop.set()
            load.join(timeout=60)
        assert system.process.poll() is None and not system.restarts(), \
            "no process stopped: nothing was restarted"

        assert read.status_code == 503 and read.json()["status"] == 503
        answers = [a for load in loads for a in load.answers]
        while_down = [(status, kind) for when, status, kind in answers
                      if down_at + 1 < when < restarting_at]
        assert while_down, "requests were made while the database was down"
        assert set(while_down) == {(503, "application/problem+json")}, Counter(while_down)
        assert {status for _, status, _ in answers} <= {201, 503}

        nominations = create_engine(urls["nominations"])
        notifications = create_engine(urls["notifications"])
        try:
            created = {i for load in loads for i in load.created}
            rows = {row for row in nominations.connect().execute(
                text("SELECT id FROM nominations WHERE role = 'expert'")).scalars()}
            assert created <= rows, "every 201 answered is in the database"
            with nominations.connect() as conn:
                bodies = conn.execute(text(
                    "SELECT body FROM outbox WHERE event_type = 'ExpertNominated'")).scalars()
                announced = Counter(json.loads(b)["payload"]["nomination_id"] for b in bodies)
            assert set(announced) == rows, "each nomination and its event committed together"
            assert set(announced.values()) == {1}
            eventually(lambda: count(nominations, "SELECT count(*) FROM outbox "
                                                  "WHERE sent_at IS NULL") == 0, timeout=60)
            eventually(lambda: count(notifications, "SELECT count(*) FROM inbox WHERE "
                                     "event_type = 'ExpertNominated'") == len(rows), timeout=120)
            for service in topology.SUBSCRIPTIONS:  # the services that consume
                engine = create_engine(urls[service])
                assert count(engine, "SELECT count(*) FROM dead_letters") == 0
                engine.dispose()
        finally:
            nominations.dispose()
            notifications.dispose()


def test_a_consumer_waits_for_its_database_instead_of_dead_lettering(cluster, amqp_url, bus):
    url = cluster.create_database("revmod_reviews")
    engine = create_engine(url)
    upgrade(REVIEWS_MIGRATIONS, engine)
    codes = ["AUT", "BEL", "CHE", "DEU", "ESP", "FRA"]
    worker = subprocess.Popen(
        [sys.executable, "-m", "services.reviews.worker"], cwd=REPO_ROOT,
        env={**os.environ, "REVIEWS_DATABASE_URL": url, "AMQP_URL": amqp_url},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        eventually(lambda: _consumers(bus) > 0, timeout=60)
        cluster.stop("immediate")
        engine.dispose()
        bus.publish(new_event("LotsDrawn", {
            "draw_id": 7, "group_id": 1, "group_number": 1, "starts_on": dt.date(2021, 11, 1),
            "phase": 1, "cluster": 1,
            "reviews": [{"state_under_review": c,
                         "reviewing_states": [codes[i - 1], codes[i - 2]]}
                        for i, c in enumerate(codes)]}, dt.datetime.now(dt.UTC)))
        time.sleep(8)  # long enough for five quick redeliveries to have dead-lettered it
        cluster.start()
        eventually(lambda: count(engine, "SELECT count(*) FROM reviews") == len(codes), 60)
        assert worker.poll() is None
        assert count(engine, "SELECT count(*) FROM dead_letters") == 0
        assert count(engine, "SELECT sum(redeliveries) FROM inbox") == 0
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        engine.dispose()


def _consumers(bus) -> int:
    """Consumers on the reviews service's queue (a passive declare reports them)."""
    queue = topology.queue_name("reviews")
    return bus.channel.queue_declare(queue, passive=True).method.consumer_count
