"""The one reconnect loop of the relay, the consumer and the dead-letter keeper, on a fake
connection: a broken connection is closed without ending the part, and the part connects
again (the broker itself is tested in tests/integration/test_broker_outage.py)."""

from __future__ import annotations

import threading

from pika.exceptions import StreamLostError

from shared.bus import connection as bus_connection
from shared.bus.connection import keep_connected
from shared.bus.dead_letters import DeadLetterKeeper
from shared.db.engine import make_engine


class BrokenOnClose:
    """A connection whose socket died: it still says it is open, and closing it fails."""

    is_open = True

    def __init__(self, stop: threading.Event, lost: bool) -> None:
        self.stop, self.lost = stop, lost

    def channel(self):
        if self.lost:
            raise StreamLostError("the broker went away")
        self.stop.set()  # connected again: the test has seen what it came for
        raise StreamLostError("and away again")

    def close(self) -> None:
        raise StreamLostError("cannot close a lost stream")


def connections(monkeypatch, stop: threading.Event) -> list[BrokenOnClose]:
    made: list[BrokenOnClose] = []

    def connect(amqp_url, heartbeat, name):
        made.append(BrokenOnClose(stop, lost=not made))
        return made[-1]
    monkeypatch.setattr(bus_connection, "connect", connect)
    # the keeper had its own copy of the loop, with `connect` imported into its module
    monkeypatch.setattr("shared.bus.dead_letters.connect", connect, raising=False)
    return made


def test_a_part_connects_again_when_closing_its_broken_connection_fails(monkeypatch):
    stop = threading.Event()
    made = connections(monkeypatch, stop)
    keep_connected(stop, amqp_url="amqp://", heartbeat=30, name="test",
                   set_up=lambda conn: conn.channel())
    assert len(made) == 2


def test_the_dead_letter_keeper_connects_again_when_closing_its_connection_fails(monkeypatch):
    stop = threading.Event()
    made = connections(monkeypatch, stop)
    keeper = DeadLetterKeeper("reviews", make_engine("sqlite://"), "amqp://")
    keeper.run(stop)
    assert len(made) == 2
