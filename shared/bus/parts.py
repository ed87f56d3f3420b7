"""The bus parts every worker runs, built the same way for each service: the outbox relay,
and for a service that consumes, its consumer and the keeper of its dead letters."""

from __future__ import annotations

from pathlib import Path

from shared.bus.consumer import Consumer, Handler
from shared.bus.dead_letters import DeadLetterKeeper
from shared.bus.in_hand import InHand
from shared.bus.relay import OutboxRelay
from shared.context import ServiceContext


def bus_parts(ctx: ServiceContext, handlers: dict[str, Handler] | None = None) -> dict:
    s = ctx.settings
    parts: dict = {
        "relay": OutboxRelay(ctx.engine, s.amqp_url, name=s.service, heartbeat=s.heartbeat,
                             sweep_seconds=s.relay_sweep_seconds,
                             max_message_bytes=s.max_message_bytes,
                             pause_before_mark=s.fault_pause_seconds),
    }
    if handlers is not None:
        parts["consumer"] = Consumer(s.service, s.amqp_url, ctx.session_factory, handlers,
                                     prefetch=s.prefetch, heartbeat=s.heartbeat,
                                     pause_before_ack=s.fault_pause_seconds,
                                     max_message_bytes=s.max_message_bytes,
                                     in_hand=InHand(Path(s.heartbeat_dir)
                                                    / f"{s.service}-consumer.in-hand"))
        parts["dead-letters"] = DeadLetterKeeper(s.service, ctx.engine, s.amqp_url,
                                                 heartbeat=s.heartbeat)
    return parts
