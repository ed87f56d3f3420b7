"""How the consumer settles each message once it is handled, on the connection's thread:
acked, nacked to be delivered again, or dead-lettered at once with the reason.

A message no retry can fix is published to the service's dead letters by the consumer itself
(through `revmod.own`, where its user may reach only its own queues), with the reason in a
header, and acked once the broker confirmed that copy: a plain reject would dead-letter it
too, but the broker would record only "rejected", and the secretariat reading
`GET /dead-letters` could not tell a forged envelope from a body nested too deep.
"""

from __future__ import annotations

import logging
from typing import NamedTuple

import pika
from pika.exceptions import NackError, UnroutableError

from shared.bus import topology

log = logging.getLogger(__name__)

ACK, RETRY, DEAD = "ack", "retry", "dead"
#: the header that carries why the consumer dead-lettered a message; the keeper stores it
REASON_HEADER = "revmod-reason"
#: the longest reason sent (a marshmallow error on a hostile envelope can be any length)
REASON_LIMIT = 500


class Outcome(NamedTuple):
    action: str  # ACK, RETRY or DEAD
    reason: str | None = None


class Delivery(NamedTuple):
    """A message as it arrived, kept until it is settled."""

    connection: object
    channel: object
    delivery_tag: int
    properties: pika.BasicProperties
    body: bytes
    redelivered: bool = False  # a redelivered message is handled alone (in_hand.py)


def settle(service: str, delivery: Delivery, outcome: Outcome) -> None:
    """Runs on the connection's thread. If the channel died meanwhile, the broker redelivers."""
    channel, tag = delivery.channel, delivery.delivery_tag
    if not channel.is_open:
        return
    if outcome.action == ACK:
        channel.basic_ack(tag)
    elif outcome.action == RETRY:
        channel.basic_nack(tag, requeue=True)
    elif _dead_lettered(service, delivery, outcome.reason or "no reason given"):
        log.error("%s dead-lettered message %r: %s", service,
                  delivery.properties.message_id, outcome.reason)
        channel.basic_ack(tag)
    else:
        channel.basic_nack(tag, requeue=False)  # the broker dead-letters it, without a reason


def _dead_lettered(service: str, delivery: Delivery, reason: str) -> bool:
    """Publish the message to the service's dead letters with the reason; False if the
    broker refused the copy."""
    original = delivery.properties
    properties = pika.BasicProperties(
        content_type=original.content_type, delivery_mode=pika.DeliveryMode.Persistent,
        message_id=original.message_id, correlation_id=original.correlation_id,
        type=original.type, headers={REASON_HEADER: reason[:REASON_LIMIT]})
    try:
        delivery.channel.basic_publish(topology.OWN_EXCHANGE, topology.dead_key(service),
                                       delivery.body, properties, mandatory=True)
    except (NackError, UnroutableError) as exc:
        log.error("%s could not dead-letter message %s with its reason (%r); rejected "
                  "instead", service, original.message_id, exc)
        return False
    return True
