"""Every broker name in one place: exchanges, queues, bindings and dead-lettering.

Any worker declares the whole topology when it connects (declarations are idempotent), so
an event published before its consumer ever started still finds its queue.
"""

from __future__ import annotations

from shared.events.contracts import routing_keys

EXCHANGE = "revmod.events"
DEAD_EXCHANGE = "revmod.dead"

#: the largest body a relay publishes and a consumer parses (BUS_MAX_MESSAGE_BYTES); the
#: broker's own bound (deploy/rabbitmq/rabbitmq.conf, 2 MiB) stays above it, so that a body
#: between the two reaches a consumer and is dead-lettered with its reason
MAX_MESSAGE_BYTES = 1024 * 1024

#: the events each consuming service hears; its worker must handle exactly these
SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {
    "reviews": ("LotsDrawn", "DrawRepeated", "FocalPointNominated", "NominationWithdrawn"),
    "nominations": (
        "ReviewScheduled", "DrawRepeated", "StatePartyRegistered", "StatePartyUpdated",
    ),
    "notifications": (
        "NominationMissing", "MissionContactChanged", "StatePartyRegistered",
        "ReviewScheduled", "ReviewStageChanged", "ReviewDeadlineMissed", "DrawRepeated",
        "LotsDrawn", "FocalPointNominated", "ExpertNominated", "NominationWithdrawn",
    ),
}


def queue_name(service: str) -> str:
    return f"{service}.events"


def dead_queue_name(service: str) -> str:
    return f"{service}.events.dead"


def queue_arguments(service: str, max_deliveries: int) -> dict:
    """Quorum queue that dead-letters a message once it has failed `max_deliveries` times.

    x-delivery-limit counts redeliveries after the first, hence the minus one. These
    arguments are fixed at declaration: changing them means deleting the queue (or moving
    the limit to a broker policy).
    """
    return {
        "x-queue-type": "quorum",
        "x-dead-letter-exchange": DEAD_EXCHANGE,
        "x-dead-letter-routing-key": service,
        "x-delivery-limit": max_deliveries - 1,
    }


def declare(channel, max_deliveries: int) -> None:
    """Declare both exchanges and every service's queue, dead-letter queue and bindings."""
    channel.exchange_declare(EXCHANGE, exchange_type="topic", durable=True)
    channel.exchange_declare(DEAD_EXCHANGE, exchange_type="direct", durable=True)
    for service, types in SUBSCRIPTIONS.items():
        dead = dead_queue_name(service)
        channel.queue_declare(dead, durable=True, arguments={"x-queue-type": "quorum"})
        channel.queue_bind(dead, DEAD_EXCHANGE, routing_key=service)
        queue = queue_name(service)
        channel.queue_declare(
            queue, durable=True, arguments=queue_arguments(service, max_deliveries)
        )
        for key in routing_keys(*types):
            channel.queue_bind(queue, EXCHANGE, routing_key=key)
