"""The administrator's set-up of a running broker, for `make run` and the tests: the
definitions of shared/bus/definitions.py imported through the management HTTP API when it
answers (milliseconds), else with `rabbitmqctl import_definitions` on this machine (an
Erlang VM started: most of a second). Importing is idempotent: users' passwords and
permissions are set again, and what exists already stays.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import requests

from shared.bus import topology
from shared.bus.definitions import User, definitions, user_name
from shared.config import ensure_secret


def vhost_of(amqp_url: str) -> str:
    path = urlsplit(amqp_url).path
    return unquote(path[1:]) if len(path) > 1 else "/"


def service_url(admin_url: str, user: str, password: str) -> str:
    """The administrator's URL (host, port, vhost) with the service's own credentials."""
    parts = urlsplit(admin_url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return parts._replace(netloc=f"{quote(user, safe='')}:{quote(password, safe='')}@{host}"
                          ).geturl()


def management_api(admin_url: str) -> tuple[str, tuple[str, str]] | None:
    """The management API beside the broker, and the administrator's credentials for it."""
    parts = urlsplit(admin_url)
    api = f"http://{parts.hostname}:15672/api"
    auth = (unquote(parts.username or "guest"), unquote(parts.password or "guest"))
    try:
        requests.get(f"{api}/overview", auth=auth, timeout=2).raise_for_status()
    except requests.RequestException:
        return None
    return api, auth


def import_definitions(document: dict, admin_url: str) -> None:
    api = management_api(admin_url)
    if api:
        url, auth = api
        requests.post(f"{url}/definitions", json=document, auth=auth,
                      timeout=60).raise_for_status()
        return
    try:
        done = subprocess.run(["rabbitmqctl", "-q", "import_definitions"],
                              input=json.dumps(document), capture_output=True, text=True,
                              timeout=120)
    except FileNotFoundError:
        done = None
    if done is None or done.returncode != 0:
        raise RuntimeError(
            f"cannot set up the broker at {urlsplit(admin_url).hostname}: its management "
            "API does not answer and rabbitmqctl "
            + ("is not installed" if done is None else f"failed: {done.stderr.strip()}"))


def set_up(admin_url: str, passwords: dict[str, str], max_deliveries: int,
           prefix: str = "revmod") -> dict[str, str]:
    """Declare the topology on the admin URL's vhost, make a user for each service in
    `passwords` with only that service's rights, and return each one's AMQP URL."""
    users = [User(user_name(service, prefix), password, service)
             for service, password in passwords.items()]
    import_definitions(definitions(vhost_of(admin_url), users, max_deliveries), admin_url)
    return {u.service: service_url(admin_url, u.name, u.password) for u in users}


def set_up_kept(admin_url: str, var: Path, max_deliveries: int, prefix: str) -> dict[str, str]:
    """`make run`'s set-up: each service's password is made once and kept in
    var/<service>_amqp_password."""
    passwords = {service: ensure_secret(var / f"{service}_amqp_password")
                 for service in topology.SERVICES}
    return set_up(admin_url, passwords, max_deliveries, prefix)
