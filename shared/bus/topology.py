"""Every broker name in one place: exchanges, queues, bindings and dead-lettering.

The topology is declared by an administrator's set-up step, never by the services: the
definitions RabbitMQ loads (`shared/bus/definitions.py`), `make run`'s broker set-up, or
`declare` on an administrator's channel. So an event published before its consumer ever
started still finds its queue, and a service's broker user needs no right to create,
change or delete anything; its worker only checks, passively, that what it uses is there.
"""

from __future__ import annotations

from pika.exceptions import AMQPError, ChannelClosedByBroker

from shared.events.contracts import CONTRACTS, routing_keys

EXCHANGE = "revmod.events"
#: where the broker dead-letters what a queue gives up on (it needs no user's permission)
DEAD_EXCHANGE = "revmod.dead"
#: where a service puts a message back into one of its own queues: a dead letter replayed
#: into its queue, or a message it refuses, with the reason, into its dead letters. A topic
#: exchange, because RabbitMQ authorises routing keys on topic exchanges only: a service's
#: user may publish here with its own keys alone, and so reaches no other service's queue
#: (the default exchange, or the direct dead-letter one, would let it write into any queue
#: it can name).
OWN_EXCHANGE = "revmod.own"

#: the largest body a relay publishes and a consumer parses (BUS_MAX_MESSAGE_BYTES); the
#: broker's own bound (deploy/rabbitmq/rabbitmq.conf, 2 MiB) stays above it, so that a body
#: between the two reaches a consumer and is dead-lettered with its reason
MAX_MESSAGE_BYTES = 1024 * 1024

#: the events each consuming service hears; its worker must handle exactly these
SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {
    "reviews": ("LotsDrawn", "DrawRepeated", "FocalPointNominated", "NominationWithdrawn",
                #: the instruments a State under review answers the questionnaire on, and
                #: the regional groups the general report of trends counts by
                "StatePartyRegistered", "StatePartyUpdated"),
    #: what the 70 per cent rule reads before a group's next phase is drawn
    "lots": ("ReviewCompleted", "PhaseOverrideRecorded"),
    "nominations": (
        "ReviewScheduled", "DrawRepeated", "StatePartyRegistered", "StatePartyUpdated",
        "ReviewStageChanged",
    ),
    "notifications": (
        "NominationMissing", "MissionContactChanged", "StatePartyRegistered",
        "ReviewScheduled", "ReviewStageChanged", "ReviewDeadlineMissed", "DrawRepeated",
        "LotsDrawn", "FocalPointNominated", "ExpertNominated", "NominationWithdrawn",
        "AccountInvited", "SurveyOpened", "SurveyAnswered", "SurveyClosed",
        "QuestionnaireSubmitted", "FeedbackGiven", "ObservationsAdopted",
    ),
    "accounts": (
        "FocalPointNominated", "ExpertNominated", "ObserverNominated", "NominationWithdrawn",
    ),
    #: the States' regional groups (the results' groups) and who answers for each State
    "survey": (
        "StatePartyRegistered", "StatePartyUpdated", "FocalPointNominated", "ExpertNominated",
        "NominationWithdrawn",
    ),
}

#: every service on the bus: each publishes its own events, some also consume
SERVICES: tuple[str, ...] = tuple(sorted(
    {c.producer for c in CONTRACTS.values()} | set(SUBSCRIPTIONS)))


class MissingTopology(AMQPError):
    """What a worker uses is not declared: the broker set-up has not run on this vhost."""


def queue_name(service: str) -> str:
    return f"{service}.events"


def dead_queue_name(service: str) -> str:
    return f"{service}.events.dead"


def replay_key(service: str) -> str:
    return f"{service}.replay"


def dead_key(service: str) -> str:
    return f"{service}.dead"


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


def exchanges() -> list[dict]:
    return [{"name": EXCHANGE, "type": "topic"}, {"name": DEAD_EXCHANGE, "type": "direct"},
            {"name": OWN_EXCHANGE, "type": "topic"}]


def queues(max_deliveries: int) -> list[dict]:
    found = []
    for service in SUBSCRIPTIONS:
        found.append({"name": dead_queue_name(service), "arguments": {"x-queue-type": "quorum"}})
        found.append({"name": queue_name(service),
                      "arguments": queue_arguments(service, max_deliveries)})
    return found


def bindings() -> list[dict]:
    found = []
    for service, types in SUBSCRIPTIONS.items():
        found.append({"source": DEAD_EXCHANGE, "destination": dead_queue_name(service),
                      "routing_key": service})
        found.append({"source": OWN_EXCHANGE, "destination": queue_name(service),
                      "routing_key": replay_key(service)})
        found.append({"source": OWN_EXCHANGE, "destination": dead_queue_name(service),
                      "routing_key": dead_key(service)})
        found += [{"source": EXCHANGE, "destination": queue_name(service), "routing_key": key}
                  for key in routing_keys(*types)]
    return found


def declare(channel, max_deliveries: int) -> None:
    """The administrator's step: every exchange, queue and binding (idempotent)."""
    for exchange in exchanges():
        channel.exchange_declare(exchange["name"], exchange_type=exchange["type"], durable=True)
    for queue in queues(max_deliveries):
        channel.queue_declare(queue["name"], durable=True, arguments=queue["arguments"])
    for binding in bindings():
        channel.queue_bind(binding["destination"], binding["source"],
                           routing_key=binding["routing_key"])


def check(channel, service: str) -> None:
    """A worker's step: what `service` publishes to and reads from exists. Passive
    declarations need no permission; a missing one closes the channel with 404, said here
    in words that name the fix."""
    try:
        channel.exchange_declare(EXCHANGE, passive=True)
        if service in SUBSCRIPTIONS:
            channel.exchange_declare(OWN_EXCHANGE, passive=True)
            channel.queue_declare(queue_name(service), passive=True)
            channel.queue_declare(dead_queue_name(service), passive=True)
    except ChannelClosedByBroker as exc:
        if exc.reply_code != 404:
            raise
        raise MissingTopology(
            f"{exc.reply_text}: the broker set-up declares it (`make run` does; else import "
            "the definitions `python -m shared.bus.definitions FILE` writes, with "
            "`rabbitmqctl import_definitions FILE`; see docs/architecture.md)") from exc
