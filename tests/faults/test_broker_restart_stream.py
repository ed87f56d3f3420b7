"""A thousand state changes made over HTTP while the broker is stopped and started in the
middle (`rabbitmqctl stop_app` / `start_app`), with every process of `make run` running:
every event reaches every service subscribed to it, and the workers' connections come back
with nobody restarting them. How soon they come back is a figure of bench/reconnect.py."""

from __future__ import annotations

import itertools
import threading
import time

import pytest
import requests
from sqlalchemy import create_engine, select

from harness.broker import connections, rabbitmqctl
from harness.system import SERVICES, WORKER_CONNECTIONS, draw_group, running_system
from harness.waiting import eventually
from shared.bus import topology
from shared.bus.broker_setup import vhost_of
from shared.bus.tables import inbox, outbox

pytestmark = pytest.mark.serial  # stops the shared broker: runs alone, after the rest

CHANGES = 1000
CHAINS = 8  # focal points replaced in turn: each replacement is one state change
CLIENTS = 4  # HTTP clients making the changes side by side
STOP_AFTER = 300  # changes made before the broker goes away


@pytest.fixture
def system(tmp_path, amqp_url):
    with running_system("postgres", tmp_path, amqp_url) as running:
        yield running


@pytest.fixture
def broker_restored():
    yield
    rabbitmqctl("start_app")
    rabbitmqctl("await_startup")


def focal_point_chains(system) -> list[int]:
    """A focal point for each of CHAINS States of a drawn group: the nominations whose
    replacements make the stream."""
    chains = []
    for code in draw_group(system, CHAINS)[:CHAINS]:
        answer = system.http.post(f"{system.urls['nominations']}/nominations", json={
            "state_code": code, "role": "focal_point", "name": f"Focal point of {code}",
            "title": "Counsellor", "email": f"fp-{code.lower()}-0@gov.example.org",
            "gender": "female"}, timeout=10)
        assert answer.status_code == 201, answer.text
        chains.append(answer.json()[0]["id"])
    return chains


class Stream:
    """Replaces the chains' focal points, CHANGES times in all, over HTTP from CLIENTS
    threads, each with chains of its own; each 201 is a committed state change with its two
    events in the outbox. The changes after the first STOP_AFTER wait until the broker is
    gone: however fast the system, some are made while it is away (a stream that ran to its
    end while `stop_app` was stopping the broker tested nothing)."""

    def __init__(self, system, chains: list[int]) -> None:
        self.system = system
        self.done = 0
        self.broker_gone = threading.Event()
        self.failures: list[str] = []
        self._lock = threading.Lock()
        self._numbers = itertools.count()
        self._clients = [threading.Thread(target=self._replace, args=(chains[i::CLIENTS],),
                                          daemon=True) for i in range(CLIENTS)]

    def start(self) -> None:
        for client in self._clients:
            client.start()

    def join(self, timeout: float) -> None:
        for client in self._clients:
            client.join(timeout)

    def _replace(self, chains: list[int]) -> None:
        url = self.system.urls["nominations"]
        http = requests.Session()  # one per thread
        http.headers.update(self.system.http.headers)
        for turn in itertools.count():
            with self._lock:
                n = next(self._numbers)
            if n >= CHANGES or self.failures:
                return
            if n >= STOP_AFTER:
                self.broker_gone.wait()
            chain = turn % len(chains)
            answer = http.post(f"{url}/nominations/{chains[chain]}/replacement", json={
                "name": f"Focal point {n}", "title": "Counsellor", "gender": "male",
                "email": f"fp-{n + 1}@gov.example.org", "reason": "rotation"}, timeout=30)
            if answer.status_code != 201:
                self.failures.append(f"{answer.status_code} {answer.text}")
                return
            chains[chain] = answer.json()["id"]
            with self._lock:
                self.done += 1


def event_ids(engine, table, types: tuple[str, ...]) -> set[str]:
    with engine.connect() as conn:
        return set(conn.scalars(select(table.c.event_id).where(table.c.event_type.in_(types))))


def test_every_event_of_a_stream_reaches_every_consumer_across_a_broker_restart(
        system, amqp_url, broker_restored):
    vhost = vhost_of(amqp_url)
    eventually(lambda: connections(vhost).keys() >= WORKER_CONNECTIONS, timeout=60)
    stream = Stream(system, focal_point_chains(system))
    stream.start()
    eventually(lambda: stream.done >= STOP_AFTER or stream.failures, timeout=300)

    rabbitmqctl("stop_app")
    stopped_at = stream.done
    stream.broker_gone.set()
    time.sleep(5)  # changes go on being accepted while the broker is away
    assert stream.done > stopped_at, "state changes need no broker"
    rabbitmqctl("start_app")
    rabbitmqctl("await_startup")
    eventually(lambda: connections(vhost).keys() >= WORKER_CONNECTIONS, timeout=120,
               interval=0.2)

    stream.join(timeout=600)
    assert not stream.failures, stream.failures
    assert stream.done == CHANGES

    engines = {s: create_engine(system.database_url(s)) for s in SERVICES}
    try:
        produced = event_ids(engines["nominations"], outbox,
                             ("FocalPointNominated", "NominationWithdrawn"))
        assert len(produced) >= 2 * CHANGES
        for service in ("reviews", "notifications"):  # the services subscribed to both
            eventually(lambda e=engines[service], w=topology.SUBSCRIPTIONS[service]:
                       produced <= event_ids(e, inbox, w), timeout=180, interval=1)
    finally:
        for engine in engines.values():
            engine.dispose()
