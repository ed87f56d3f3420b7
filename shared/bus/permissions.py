"""What each service's broker user may do on its vhost: speak only for itself.

RabbitMQ checks three regular expressions per user and vhost, against the names of the
exchanges and queues an operation touches (configure: declare or delete; write: publish
to an exchange, bind a queue; read: consume, get or purge a queue, bind from an exchange),
and, on a topic exchange, two more against routing keys (write: the key of a publish;
read: the key of a binding). Passive declarations need none, and the broker's own
dead-lettering needs no user's.
"""

from __future__ import annotations

import re

from shared.bus import topology

#: matches only the empty name, which no exchange or queue has (the default exchange is
#: checked as `amq.default`); RabbitMQ's own documentation uses it for "nothing"
NOTHING = "^$"


def _one_of(*names: str) -> str:
    return "^(" + "|".join(re.escape(name) for name in names) + ")$"


def permissions(service: str) -> dict[str, str]:
    """Configure nothing (an administrator declares the topology); write to the events
    exchange and, for a consumer, to its own queues' exchange; read its own two queues."""
    consumes = service in topology.SUBSCRIPTIONS
    writes = (topology.EXCHANGE, topology.OWN_EXCHANGE) if consumes else (topology.EXCHANGE,)
    reads = (topology.queue_name(service), topology.dead_queue_name(service))
    return {"configure": NOTHING, "write": _one_of(*writes),
            "read": _one_of(*reads) if consumes else NOTHING}


def topic_permissions(service: str) -> list[dict[str, str]]:
    """Publish only its own routing keys (`<service>.<event>`), put messages back only into
    its own queues, and bind nothing: its queues' bindings are the administrator's."""
    found = [{"exchange": topology.EXCHANGE, "write": f"^{re.escape(service)}\\.",
              "read": NOTHING}]
    if service in topology.SUBSCRIPTIONS:
        found.append({"exchange": topology.OWN_EXCHANGE, "read": NOTHING, "write": _one_of(
            topology.replay_key(service), topology.dead_key(service))})
    return found
