"""The bus's promises against the real RabbitMQ: the inbox makes redeliveries harmless,
retries are bounded and end in the dead-letter queue, bad messages go there at once, and the
rest of the queue keeps flowing."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import Counter

import pika
import pytest
import sqlalchemy
from sqlalchemy import text
from sqlalchemy.orm import Session

from harness.waiting import eventually, running
from shared.bus import topology
from shared.bus.consumer import Consumer
from shared.bus.outbox import record
from shared.bus.outbox_watch import make_waker
from shared.bus.relay import OutboxRelay
from shared.bus.settling import REASON_HEADER
from shared.bus.tables import metadata, outbox
from shared.db.engine import make_engine, make_session_factory
from shared.events import encode, new_event

NOW = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)


def lots_drawn(state: str = "AUT", reviews: int = 1):
    return new_event("LotsDrawn", {
        "draw_id": 1, "group_id": 1, "group_number": 1, "starts_on": dt.date(2020, 12, 1),
        "phase": 1, "cluster": 1,
        "reviews": [{"state_under_review": state, "reviewing_states": ["DEU", "BRA"]}] * reviews,
    }, NOW)


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    metadata.create_all(engine)  # only the inbox and outbox: this tests the mechanism alone
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE seen (state VARCHAR(3) PRIMARY KEY)"))
    yield engine
    engine.dispose()


class Recorder:
    """A reviews-like handler that writes a row per event, and can be told to fail."""

    def __init__(self, fail_for: str | None = None) -> None:
        self.calls = 0
        self.calls_for: Counter[str] = Counter()
        self.fail_for = fail_for

    def __call__(self, session, event) -> None:
        self.calls += 1
        state = event.payload["reviews"][0]["state_under_review"]
        self.calls_for[state] += 1
        if state == self.fail_for:
            raise RuntimeError(f"handler always fails on {state}")
        session.execute(insert_seen(), {"state": state})


def insert_seen():
    return text("INSERT INTO seen (state) VALUES (:state)")


def seen(engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(r[0] for r in conn.execute(text("SELECT state FROM seen")))


def handlers(on_lots_drawn) -> dict:
    """The reviews queue carries these tests' events; its other subscriptions stay idle."""
    idle = {t: (lambda session, event: None) for t in topology.SUBSCRIPTIONS["reviews"]}
    return {**idle, "LotsDrawn": on_lots_drawn}


def consumer(engine, amqp_url, handler, heartbeat: int = 10) -> Consumer:
    return Consumer("reviews", amqp_url, make_session_factory(engine), handlers(handler),
                    prefetch=5, heartbeat=heartbeat)


def dead_letters(amqp_url: str) -> list[tuple[dict, bytes]]:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    found = []
    while True:
        method, props, body = channel.basic_get(topology.dead_queue_name("reviews"))
        if method is None:
            break
        found.append((props.headers or {}, body))
    connection.close()
    return found


def test_one_write_when_the_same_event_is_delivered_twice(engine, amqp_url, bus):
    event = lots_drawn("AUT")
    handler = Recorder()
    part = consumer(engine, amqp_url, handler)
    with running({"consumer": part}):
        bus.publish(event)
        bus.publish(event)
        bus.publish(lots_drawn("FRA"))
        eventually(lambda: part.handled + part.duplicates == 3)
    assert seen(engine) == ["AUT", "FRA"]
    assert handler.calls == 2 and part.duplicates == 1


def test_two_workers_given_the_same_event_at_once_handle_it_once(postgres_url):
    """Two consumers (two workers on PostgreSQL) get copies of one event at the same time:
    the second copy's inbox row waits for the first copy's transaction, then finds it."""
    engine = make_engine(postgres_url)
    metadata.create_all(engine)
    inside, release = threading.Event(), threading.Event()
    calls = []

    def slow_handler(session, event) -> None:
        calls.append(event.id)
        inside.set()
        release.wait(30)

    first, second = (Consumer("reviews", "amqp://unused", make_session_factory(engine),
                              handlers(slow_handler)) for _ in range(2))
    body, outcomes = encode(lots_drawn("AUT")), {}
    try:
        threads = [threading.Thread(target=lambda c=c: outcomes.update({c: c.handle(body)}))
                   for c in (first, second)]
        threads[0].start()
        assert inside.wait(30)
        threads[1].start()
        eventually(lambda: _sessions_waiting_on_a_lock(engine) == 1)
        release.set()
        for thread in threads:
            thread.join(30)
        assert outcomes == {first: "ack", second: "ack"}
        assert len(calls) == 1
        assert (first.handled, first.duplicates, second.handled, second.duplicates) == (
            1, 0, 0, 1)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT redeliveries FROM inbox")).scalar_one() == 1
    finally:
        release.set()
        engine.dispose()


def _sessions_waiting_on_a_lock(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'")).scalar_one()


class HoldsTheFirst(Recorder):
    """Holds the first event until told to go on, so that the messages published meanwhile
    wait for the handler thread and are handled as one batch."""

    def __init__(self) -> None:
        super().__init__()
        self.first_in, self.go_on = threading.Event(), threading.Event()

    def __call__(self, session, event) -> None:
        self.first_in.set()
        self.go_on.wait(30)
        super().__call__(session, event)


def test_events_waiting_for_the_handler_are_handled_in_one_transaction(engine, amqp_url, bus):
    states = ["AUT", "BRA", "CHE", "DEU", "EGY"]  # as many as the test consumer's prefetch
    handler = HoldsTheFirst()
    commits = []
    sqlalchemy.event.listen(engine, "commit", lambda conn: commits.append(1))
    part = consumer(engine, amqp_url, handler)
    with running({"consumer": part}):
        bus.publish(lots_drawn(states[0]))
        assert handler.first_in.wait(30)  # the handler holds the first event, alone
        for state in states[1:]:
            bus.publish(lots_drawn(state))
        eventually(lambda: len(part._arrived) == len(states) - 1)
        handler.go_on.set()
        eventually(lambda: part.handled == len(states))
    assert seen(engine) == states
    assert len(commits) == 2  # the first event alone, then the four that waited for it


def test_a_failing_event_among_others_handled_together_fails_alone(engine):
    part = Consumer("reviews", "amqp://unused", make_session_factory(engine),
                    handlers(Recorder(fail_for="XXX")))
    bodies = [encode(lots_drawn(state)) for state in ("AUT", "XXX", "BRA")]
    assert part.handle_all([*bodies, bodies[0], b"not json"]) == [
        "ack", "retry", "ack", "ack", "dead"]
    assert seen(engine) == ["AUT", "BRA"]
    assert (part.handled, part.duplicates) == (2, 1)


NESTED = b"[" * 1000 + b"]" * 1000


def hostile_bodies() -> dict[str, bytes]:
    """One body of each kind no retry can fix, with a word its dead letter's reason holds."""
    forged = json.loads(encode(lots_drawn("ZZZ")))
    return {
        "maximum recursion depth": NESTED,
        "can't decode byte 0xff": b'{"id": "\xff\xfe"}',
        "not a JSON object": b'["LotsDrawn"]',
        "published by lots, not 'nominations'": json.dumps(
            {**forged, "producer": "nominations"}).encode(),
        "over the bound of 4096": b" " * 5000,
    }


def test_valid_messages_are_handled_and_hostile_ones_dead_when_they_arrive_together(engine):
    part = Consumer("reviews", "amqp://unused", make_session_factory(engine),
                    handlers(Recorder()))
    bodies = [encode(lots_drawn("AUT")), NESTED, b'"\xff"', b"[1]", b"3",
              encode(lots_drawn("BRA"))]
    assert part.handle_all(bodies) == ["ack", "dead", "dead", "dead", "dead", "ack"]
    assert seen(engine) == ["AUT", "BRA"]


def test_every_message_of_a_batch_is_settled_when_hostile_ones_are_among_them(
        engine, amqp_url, bus):
    handler = HoldsTheFirst()
    part = Consumer("reviews", amqp_url, make_session_factory(engine), handlers(handler),
                    prefetch=20, max_message_bytes=4096)
    hostile = hostile_bodies()
    with running({"consumer": part}):
        bus.publish(lots_drawn("AUT"))
        assert handler.first_in.wait(30)
        bus.publish(lots_drawn("BRA"))
        for body in hostile.values():
            bus.publish(lots_drawn("ZZZ"), body=body)
        bus.publish(lots_drawn("CHE"))
        eventually(lambda: len(part._arrived) == len(hostile) + 2)
        handler.go_on.set()
        eventually(lambda: seen(engine) == ["AUT", "BRA", "CHE"])
        letters: list = []  # each look takes what it finds off the dead-letter queue
        eventually(lambda: letters.extend(dead_letters(amqp_url)) or len(letters) == len(
            hostile))
    reasons = sorted(headers[REASON_HEADER] for headers, _ in letters)
    for word in hostile:
        assert any(word in reason for reason in reasons), (word, reasons)
    assert bus.waiting(topology.queue_name("reviews")) == 0


def test_failing_handler_is_dead_lettered_after_five_deliveries_and_queue_flows(
        engine, amqp_url, bus):
    handler = Recorder(fail_for="XXX")
    part = consumer(engine, amqp_url, handler)
    with running({"consumer": part}):
        bus.publish(lots_drawn("XXX"))
        bus.publish(lots_drawn("AUT"))
        eventually(lambda: seen(engine) == ["AUT"])
        letters = eventually(lambda: dead_letters(amqp_url))
    # XXX on each of its five deliveries; when XXX and AUT arrive together they are first
    # tried as one batch, which XXX undoes, so each may be called once more
    assert handler.calls_for["XXX"] in (5, 6)
    assert handler.calls_for["AUT"] in (1, 2)
    assert len(letters) == 1
    assert b'"XXX"' in letters[0][1]


def test_invalid_message_is_dead_lettered_at_once(engine, amqp_url, bus):
    handler = Recorder()
    part = consumer(engine, amqp_url, handler)
    event = lots_drawn("AUT")
    unknown_version = json.loads(encode(event))
    unknown_version["version"] = 99
    with running({"consumer": part}):
        bus.publish(event, body=b"{not json")
        bus.publish(event, body=json.dumps(unknown_version).encode())
        bus.publish(lots_drawn("FRA"))
        eventually(lambda: seen(engine) == ["FRA"])
        letters = eventually(lambda: len(dead_letters(amqp_url)) == 2 or None, timeout=10)
    assert letters
    assert handler.calls == 1


def test_consumer_refuses_a_handler_map_that_differs_from_its_subscriptions(engine, amqp_url):
    with pytest.raises(ValueError, match="subscribes to"):
        Consumer("reviews", amqp_url, make_session_factory(engine), {"LotsDrawn": Recorder()})


def test_outbox_rows_are_unsent_until_a_relay_runs(engine):
    from shared.bus.outbox import record
    from shared.bus.tables import outbox

    factory = make_session_factory(engine)
    with factory() as session:
        record(session, lots_drawn())
        session.commit()
    with engine.connect() as conn:
        rows = conn.execute(outbox.select()).all()
    assert len(rows) == 1 and rows[0].sent_at is None and rows[0].routing_key == "lots.lots_drawn"


def test_relay_takes_a_burst_bigger_than_its_batch_and_wakes_for_a_later_commit(
        engine, amqp_url):
    """A full batch is followed at once by the next; one that was not full ends the look,
    and the next commit wakes the relay. Its sweep is an hour away: only wakes count."""
    part = consumer(engine, amqp_url, Recorder())
    relay = OutboxRelay(engine, amqp_url, name="reviews", sweep_seconds=3600, batch_size=2)
    factory = make_session_factory(engine)

    def commit(*states: str) -> None:
        with factory() as session:
            record(session, *(lots_drawn(state) for state in states))
            session.commit()

    burst = ["AUT", "BEL", "CHE", "DEU", "ESP"]
    commit(*burst)
    with running({"relay": relay, "consumer": part}):
        eventually(lambda: seen(engine) == burst)
        commit("FRA")
        eventually(lambda: seen(engine) == [*burst, "FRA"])
    assert relay.published == 6


def test_relay_refuses_and_marks_a_row_when_its_body_is_over_the_bound(engine, amqp_url, bus):
    first, big, second = lots_drawn("AUT"), lots_drawn("CHE", reviews=50), lots_drawn("BRA")
    relay = OutboxRelay(engine, amqp_url, name="reviews",
                        max_message_bytes=len(encode(first)) + 10)
    with make_session_factory(engine)() as session:
        record(session, first, big, second)
        session.commit()
    assert relay.publish_batch(bus.channel) == 3
    assert relay.publish_batch(bus.channel) == 0  # the refused row is not taken again
    received = bus.received(until=lambda messages: len(messages) == 2)
    assert [m["id"] for m in received] == [str(first.id), str(second.id)]
    with engine.connect() as conn:
        rows = {r.event_id: r for r in conn.execute(outbox.select())}
    assert rows[str(big.id)].refused_at is not None and rows[str(big.id)].sent_at is None
    assert rows[str(first.id)].sent_at is not None and rows[str(first.id)].refused_at is None


def test_a_waker_that_starts_listening_sends_the_relay_to_look_at_once(engine):
    """What was committed before the waker listened was announced to nobody: its first wait
    returns at once, however long the relay meant to wait."""
    waker, stop, returned = make_waker(engine), threading.Event(), threading.Event()
    thread = threading.Thread(target=lambda: (waker.wait(3600, stop), returned.set()),
                              daemon=True)
    thread.start()
    try:
        eventually(returned.is_set, timeout=5)
    finally:
        stop.set()
        thread.join(5)
        waker.close()


class Slow(Recorder):
    """A handler that takes longer than two heartbeat intervals."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds

    def __call__(self, session, event) -> None:
        import time

        time.sleep(self.seconds)
        super().__call__(session, event)


def test_connection_survives_when_a_handler_is_slower_than_two_heartbeats(
        engine, amqp_url, bus):
    part = consumer(engine, amqp_url, Slow(5.0), heartbeat=2)
    with running({"consumer": part}):
        bus.publish(lots_drawn("AUT"))
        bus.publish(lots_drawn("FRA"))
        eventually(lambda: seen(engine) == ["AUT", "FRA"], timeout=30)
    assert part.connections == 1, "the broker never dropped the connection"
    assert part.duplicates == 0


def test_consumer_recovers_when_the_broker_closes_its_connection(engine, amqp_url, bus):
    vhost = amqp_url.rsplit("/", 1)[1]
    part = consumer(engine, amqp_url, Recorder())
    with running({"consumer": part}):
        bus.publish(lots_drawn("AUT"))
        eventually(lambda: seen(engine) == ["AUT"])
        closed = _close_connections(vhost, "reviews-consumer")
        assert closed == 1
        bus.publish(lots_drawn("FRA"))
        eventually(lambda: seen(engine) == ["AUT", "FRA"], timeout=30)
    assert part.connections == 2


def _close_connections(vhost: str, name: str) -> int:
    from harness.broker import rabbitmqctl

    listing = rabbitmqctl("list_connections", "pid", "vhost", "client_properties")
    pids = [line.split("\t")[0] for line in listing.splitlines()
            if f"\t{vhost}\t" in line and name in line]
    for pid in pids:
        rabbitmqctl("close_connection", pid, "closed by the resilience test")
    return len(pids)


def assert_wakes(waker, write) -> None:
    """`waker`, waiting as the relay waits (an hour), wakes once `write` has run."""
    stop, woke = threading.Event(), threading.Event()
    waker.wait(0.2, stop)  # the first look: LISTEN on PostgreSQL, the counter on SQLite

    def relay_waiting() -> None:
        waker.wait(3600, stop)
        woke.set()

    thread = threading.Thread(target=relay_waiting, daemon=True)
    thread.start()
    try:
        write()
        eventually(woke.is_set)
    finally:
        stop.set()
        thread.join(5)
        waker.close()


def test_relay_wakes_when_another_connection_commits_an_event(engine):
    def write() -> None:
        with Session(engine) as session:  # as a web process writes a change and its event
            record(session, lots_drawn())
            session.commit()

    assert_wakes(make_waker(engine), write)
