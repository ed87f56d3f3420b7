"""A RabbitMQ vhost of its own for each test or benchmark (removed afterwards), and the
broker's command line and management API."""

from __future__ import annotations

import functools
import os
import re
import secrets
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pika
import requests

from harness import Unreachable
from shared.bus import broker_setup, topology

AMQP_HOST = os.environ.get("REVMOD_TEST_AMQP_HOST", "127.0.0.1")
RABBIT_START = "rabbitmq-server -detached"
MANAGEMENT_URL = os.environ.get("REVMOD_TEST_RABBIT_API", f"http://{AMQP_HOST}:15672/api")
GUEST = ("guest", "guest")
#: BUS_MAX_DELIVERIES's default, which `make run`'s broker set-up also declares
MAX_DELIVERIES = 5
#: how rabbitmqctl prints the name a client gave its connection
CONNECTION_NAME = re.compile(r'\{"connection_name","([^"]+)"\}')
#: the test vhosts that users were made for
_WITH_USERS: set[str] = set()


def rabbitmqctl(*args: str) -> str:
    try:
        done = subprocess.run(["rabbitmqctl", "-q", *args], capture_output=True, text=True,
                              timeout=60)
    except FileNotFoundError:
        raise Unreachable("rabbitmqctl is not installed; a local RabbitMQ is needed") from None
    if done.returncode != 0:
        raise Unreachable(
            f"rabbitmqctl {' '.join(args)} failed: {done.stderr.strip() or done.stdout.strip()}\n"
            f"Is RabbitMQ running? Start it with: {RABBIT_START}")
    return done.stdout


@functools.cache
def management_api() -> str | None:
    """The broker's HTTP management API, if its plugin is on (`.ci/run` turns it on): a
    vhost made over HTTP takes milliseconds, where each rabbitmqctl call starts an Erlang VM
    (most of a second of CPU, three times for every test that uses the broker)."""
    try:
        requests.get(f"{MANAGEMENT_URL}/overview", auth=GUEST, timeout=2).raise_for_status()
    except requests.RequestException:
        return None
    return MANAGEMENT_URL


@contextmanager
def private_vhost() -> Iterator[str]:
    """A vhost with the whole topology declared, as the broker set-up declares it, and the
    administrator's (guest's) URL to it. Users made for it are deleted with it."""
    vhost = f"revmod-test-{uuid.uuid4().hex[:10]}"
    api = management_api()
    if api:
        requests.put(f"{api}/vhosts/{vhost}", auth=GUEST, timeout=30).raise_for_status()
        requests.put(f"{api}/permissions/{vhost}/guest", auth=GUEST, timeout=30, json={
            "configure": ".*", "write": ".*", "read": ".*"}).raise_for_status()
    else:
        rabbitmqctl("add_vhost", vhost)
        rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
    url = f"amqp://guest:guest@{AMQP_HOST}:5672/{vhost}"
    try:
        declare_topology(url)
        yield url
    finally:
        remove_vhost(vhost)


def remove_vhost(vhost: str) -> None:
    api = management_api()
    if vhost in _WITH_USERS:
        for user in users_of(vhost) - {GUEST[0]}:
            if api:
                requests.delete(f"{api}/users/{user}", auth=GUEST, timeout=30)
            else:
                rabbitmqctl("delete_user", user)
        _WITH_USERS.discard(vhost)
    if api:
        requests.delete(f"{api}/vhosts/{vhost}", auth=GUEST, timeout=60).raise_for_status()
    else:
        rabbitmqctl("delete_vhost", vhost)


def declare_topology(amqp_url: str) -> None:
    try:
        connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    except pika.exceptions.AMQPConnectionError as exc:
        raise Unreachable(f"RabbitMQ unreachable at {amqp_url} ({exc!r}); start it with: "
                          f"{RABBIT_START}") from None
    try:
        topology.declare(connection.channel(), MAX_DELIVERIES)
    finally:
        connection.close()


def will_have_users(amqp_url: str) -> None:
    """Say that users are made for this vhost (by `service_urls`, or by `make run` started
    on it), so that they are deleted with it: users outlive the vhosts they may use."""
    _WITH_USERS.add(broker_setup.vhost_of(amqp_url))


def users_of(vhost: str) -> set[str]:
    """Every user with permissions on `vhost`."""
    api = management_api()
    if api:
        found = requests.get(f"{api}/vhosts/{vhost}/permissions", auth=GUEST, timeout=30)
        return {p["user"] for p in found.json()}
    listing = rabbitmqctl("list_permissions", "-p", vhost, "--no-table-headers")
    return {line.split("\t")[0] for line in listing.splitlines() if line.strip()}


def service_urls(amqp_url: str) -> dict[str, str]:
    """Each service's own user on the vhost of `amqp_url`, with only that service's rights
    (shared/bus/permissions.py), made as `make run` makes them; its AMQP URL."""
    will_have_users(amqp_url)
    passwords = {service: secrets.token_hex(16) for service in topology.SERVICES}
    return broker_setup.set_up(amqp_url, passwords, MAX_DELIVERIES,
                               prefix=broker_setup.vhost_of(amqp_url))


def connections(vhost: str) -> dict[str, str]:
    """The client connections open on `vhost` now: the name each client gave its
    connection, and the user it connected as."""
    listing = rabbitmqctl("list_connections", "--no-table-headers", "vhost", "user",
                          "client_properties")
    rows = (line.split("\t", 2) for line in listing.splitlines())
    return {name: row[1] for row in rows if len(row) == 3 and row[0] == vhost
            for name in CONNECTION_NAME.findall(row[2])}
