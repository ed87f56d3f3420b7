"""The sustained benchmark counts events where they arrive: an event has arrived when it is
in the inbox of every service subscribed to it, and the rate runs until the last did."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import create_engine, insert

from bench.arrivals import deliveries
from shared.bus.tables import inbox
from shared.bus.topology import SUBSCRIPTIONS

START = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)


class Databases:
    """A SQLite inbox for each service, as a running system's databases hold them."""

    def __init__(self, directory) -> None:
        self.directory = directory

    def database_url(self, service: str) -> str:
        return f"sqlite:///{self.directory / service}.db"

    def handled(self, service: str, event_id: str, event_type: str, seconds: float) -> None:
        engine = create_engine(self.database_url(service))
        inbox.metadata.create_all(engine, tables=[inbox])
        with engine.begin() as conn:
            conn.execute(insert(inbox).values(event_id=event_id, event_type=event_type,
                                              handled_at=START + dt.timedelta(seconds=seconds)))
        engine.dispose()


def subscribers(event_type: str) -> list[str]:
    return sorted(service for service, types in SUBSCRIPTIONS.items() if event_type in types)


def test_an_event_arrives_when_the_last_of_its_subscribers_handled_it(tmp_path):
    system = Databases(tmp_path)
    events = [("e1", "ExpertNominated"), ("e2", "NominationWithdrawn")]
    expert, withdrawn = subscribers("ExpertNominated"), subscribers("NominationWithdrawn")
    assert len(expert) >= 2 and len(withdrawn) >= 2
    for service in expert:
        system.handled(service, "e1", "ExpertNominated", 1.0)
    for service in withdrawn[:-1]:
        system.handled(service, "e2", "NominationWithdrawn", 2.0)
    system.handled(withdrawn[-1], "e2", "NominationWithdrawn", 30.0)
    owed, missing, last = deliveries(system, events)
    assert (owed, missing) == (len(expert) + len(withdrawn), 0)
    assert last == START + dt.timedelta(seconds=30)


def test_a_delivery_is_missing_when_a_subscriber_has_not_handled_the_event(tmp_path):
    system = Databases(tmp_path)
    withdrawn = subscribers("NominationWithdrawn")
    for service in withdrawn[:-1]:
        system.handled(service, "e2", "NominationWithdrawn", 2.0)
    system.handled(withdrawn[-1], "other", "NominationWithdrawn", 3.0)
    owed, missing, last = deliveries(system, [("e2", "NominationWithdrawn")])
    assert (owed, missing) == (len(withdrawn), 1)
    assert last == START + dt.timedelta(seconds=2)
