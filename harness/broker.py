"""A RabbitMQ vhost of its own for each test or benchmark (removed afterwards), and the
broker's command line and management API."""

from __future__ import annotations

import functools
import os
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import requests

from harness import Unreachable

AMQP_HOST = os.environ.get("REVMOD_TEST_AMQP_HOST", "127.0.0.1")
RABBIT_START = "rabbitmq-server -detached"
MANAGEMENT_URL = os.environ.get("REVMOD_TEST_RABBIT_API", f"http://{AMQP_HOST}:15672/api")
GUEST = ("guest", "guest")


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
    vhost = f"revmod-test-{uuid.uuid4().hex[:10]}"
    api = management_api()
    if api:
        requests.put(f"{api}/vhosts/{vhost}", auth=GUEST, timeout=30).raise_for_status()
        requests.put(f"{api}/permissions/{vhost}/guest", auth=GUEST, timeout=30, json={
            "configure": ".*", "write": ".*", "read": ".*"}).raise_for_status()
    else:
        rabbitmqctl("add_vhost", vhost)
        rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
    try:
        yield f"amqp://guest:guest@{AMQP_HOST}:5672/{vhost}"
    finally:
        if api:
            requests.delete(f"{api}/vhosts/{vhost}", auth=GUEST, timeout=60).raise_for_status()
        else:
            rabbitmqctl("delete_vhost", vhost)


