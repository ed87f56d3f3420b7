"""The broker's definitions, as RabbitMQ imports them: one user per service with its
permissions, and every exchange, queue and binding of the topology, in one document.

The compose broker loads them when it boots (`load_definitions`); `make run` and the tests
import the same document into a running broker (shared/bus/broker_setup.py). Passwords
are never written in the repository: each definitions file is made from the environment
or from the passwords `make run` keeps in var/, and RabbitMQ's definitions hold only their
salted hashes. Run as `python -m shared.bus.definitions FILE` it writes the file the
compose broker loads, from <SERVICE>_AMQP_PASSWORD for each service and
RABBITMQ_ADMIN_PASSWORD for the administrator of the management UI.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

from shared.bus import permissions, topology
from shared.config import env_int

HASHING = "rabbit_password_hashing_sha256"
ADMIN = "revmod-admin"


@dataclass(frozen=True)
class User:
    name: str
    password: str
    #: the service it speaks for; None for the administrator (every right, management UI)
    service: str | None


def user_name(service: str, prefix: str = "revmod") -> str:
    return f"{prefix}-{service}"


def password_hash(password: str) -> str:
    """RabbitMQ's salted SHA-256: base64 of a 4-byte random salt followed by the SHA-256
    of the salt and the password's UTF-8 bytes."""
    salt = secrets.token_bytes(4)
    return base64.b64encode(salt + hashlib.sha256(salt + password.encode()).digest()).decode()


def definitions(vhost: str, users: list[User], max_deliveries: int) -> dict:
    everything = {"configure": ".*", "write": ".*", "read": ".*"}
    return {
        "users": [{"name": u.name, "password_hash": password_hash(u.password),
                   "hashing_algorithm": HASHING,
                   "tags": [] if u.service else ["administrator"]} for u in users],
        "vhosts": [{"name": vhost}],
        "permissions": [{"user": u.name, "vhost": vhost,
                         **(permissions.permissions(u.service) if u.service else everything)}
                        for u in users],
        "topic_permissions": [{"user": u.name, "vhost": vhost, **grant}
                              for u in users if u.service
                              for grant in permissions.topic_permissions(u.service)],
        "exchanges": [{"name": e["name"], "vhost": vhost, "type": e["type"], "durable": True,
                       "auto_delete": False, "internal": False, "arguments": {}}
                      for e in topology.exchanges()],
        "queues": [{"name": q["name"], "vhost": vhost, "durable": True, "auto_delete": False,
                    "arguments": q["arguments"]} for q in topology.queues(max_deliveries)],
        "bindings": [{**b, "vhost": vhost, "destination_type": "queue", "arguments": {}}
                     for b in topology.bindings()],
    }


def users_from_env() -> list[User]:
    """The administrator and one user per service, each password from the environment."""
    names = {"RABBITMQ_ADMIN_PASSWORD": (ADMIN, None)} | {
        f"{s.upper()}_AMQP_PASSWORD": (user_name(s), s) for s in topology.SERVICES}
    missing = [name for name in names if not os.environ.get(name)]
    if missing:
        raise SystemExit(f"set {', '.join(missing)} (openssl rand -hex 32 makes one)")
    return [User(name, os.environ[var], service) for var, (name, service) in names.items()]


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        raise SystemExit("usage: python -m shared.bus.definitions FILE")
    document = definitions("/", users_from_env(), env_int("BUS_MAX_DELIVERIES", 5))
    path = Path(argv[0])
    # the broker's own user reads it; only its hashes are in it (see the module's docstring)
    path.write_text(json.dumps(document, indent=1))
    path.chmod(0o644)


if __name__ == "__main__":
    main(sys.argv[1:])
