"""`make run` sets up the broker with least privilege for real: every part of every worker
connects as its own service's user, never as the administrator."""

from __future__ import annotations

from harness.broker import connections
from harness.system import SERVICES, running_system
from harness.waiting import eventually
from shared.bus import topology
from shared.bus.broker_setup import vhost_of

#: a relay in each worker, and a consumer and a dead-letter keeper where a service consumes
PARTS = {f"{s}-relay": s for s in SERVICES} | {
    f"{s}-{part}": s for s in topology.SUBSCRIPTIONS for part in ("consumer", "dead")}


def test_every_worker_connects_as_its_own_services_user_when_make_run_starts(
        tmp_path, amqp_url):
    vhost = vhost_of(amqp_url)
    with running_system("sqlite", tmp_path, amqp_url):
        found = eventually(lambda: (c := connections(vhost)).keys() >= PARTS.keys() and c,
                           timeout=60)
    assert {name: found[name] for name in PARTS} == {
        name: f"{vhost}-{service}" for name, service in PARTS.items()}
