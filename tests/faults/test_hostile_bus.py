"""The bus under attack, with every process of `make run` running: bad messages of every
kind, published straight to the events exchange on every routing key a service hears and
straight to the dead-letter exchange, in between real changes made over HTTP. Every bad
message ends in the dead letters of each service it reached, every real change reaches
its e-mail, no worker dies or is restarted, and no queue is left holding anything."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pika
import pytest

from harness.broker import rabbitmqctl
from harness.system import SERVICES, child_pid, draw_group, running_system
from harness.waiting import eventually
from shared.bus import topology
from shared.events.contracts import routing_keys
from tests.e2e.test_draw_to_reminder import all_pages, mails
from tests.support.broker import deployed_max_message_size
from tests.support.hostile import hostile_messages, routing_key

#: the services' bound on a body in this run (BUS_MAX_MESSAGE_BYTES): "oversized" bodies
#: are a little over it, far under the broker's own bound
BOUND = 64 * 1024
HEARD = sorted({t for types in topology.SUBSCRIPTIONS.values() for t in types})
KEYS_OF = {service: set(routing_keys(*types)) for service, types in
           topology.SUBSCRIPTIONS.items()}


def publications() -> list[tuple[str, str, object]]:
    """(exchange, routing key, message): every kind on every key some service hears, and
    every kind straight to each consuming service's dead letters."""
    found = [(topology.EXCHANGE, routing_key(t), h) for t in HEARD
             for h in hostile_messages(t, BOUND)]
    found += [(topology.DEAD_EXCHANGE, service, h) for service in topology.SUBSCRIPTIONS
              for h in hostile_messages("LotsDrawn", BOUND)]
    return found


def expected_dead_letters(published) -> dict[str, Counter]:
    """The markers each service's dead letters must hold, as many times as they reached it."""
    expected = {service: Counter() for service in topology.SUBSCRIPTIONS}
    for exchange, key, message in published:
        for service in topology.SUBSCRIPTIONS:
            reached = key in KEYS_OF[service] if exchange == topology.EXCHANGE else (
                key == service)
            expected[service][message.marker] += reached
    return expected


def publish(amqp_url: str, published) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    channel.confirm_delivery()
    for exchange, key, message in published:
        channel.basic_publish(exchange, key, message.body, message.properties)
    connection.close()


def dead_letters(system, service: str) -> list[dict]:
    return all_pages(system.http, f"{system.urls[service]}/dead-letters")


def all_dead(system, service: str, expected: Counter) -> list[dict] | None:
    """The service's dead letters once they hold every marker expected, as often."""
    letters = dead_letters(system, service)
    return letters if markers(letters) == expected else None


def markers(letters: list[dict]) -> Counter:
    """The markers of dead letters (an id cut to 64 characters keeps its own)."""
    return Counter((letter["event_id"] or "")[:36] for letter in letters)


def worker_pids(system) -> dict[str, int | None]:
    return {s: child_pid(system.process.pid, f"services.{s}.worker") for s in SERVICES}


def queues_holding(amqp_url: str) -> list[str]:
    """Every queue of the vhost with a message ready or unacknowledged."""
    listing = rabbitmqctl("list_queues", "-p", amqp_url.rsplit("/", 1)[1], "--no-table-headers",
                          "name", "messages_ready", "messages_unacknowledged")
    return [line for line in listing.splitlines()
            if line.strip() and line.split("\t")[1:] != ["0", "0"]]


def nominate_focal_points(system, states: list[str]) -> set[str]:
    addresses = set()
    for code in states:
        address = f"fp-{code.lower()}@gov.example.org"
        answer = system.http.post(f"{system.urls['nominations']}/nominations", json={
            "state_code": code, "role": "focal_point", "name": f"Focal point of {code}",
            "title": "Counsellor", "email": address, "gender": "female"}, timeout=10)
        assert answer.status_code == 201, answer.text
        addresses.add(address)
    return addresses


def letters_sent(system, focal_points: set[str]):
    """The draw's letters and the letters of the reviews its focal points started (copied
    to them), once every one is sent and in the sink; None until then."""
    messages = [m for m in all_pages(system.http, f"{system.urls['notifications']}/messages")
                if m["recipients"]]
    drawn = [m for m in messages if m["kind"] == "lots_drawn"]
    started = [m for m in messages if m["kind"] == "stage_changed"]
    in_sink = {mail["Message-ID"] for mail in mails(system.mail_dir)}
    if not drawn or not started or {c for m in started for c in m["cc"]} < focal_points:
        return None
    done = all(m["status"] == "sent" and m["smtp_message_id"] in in_sink
               for m in [*drawn, *started])
    return done and (drawn, started)


# the whole system on PostgreSQL, as deployed; the dead letters and the inbox on SQLite are
# tested with one process a service in tests/integration/test_dead_letters.py
@pytest.mark.parametrize("backend", ["postgres"])
def test_bad_messages_end_in_the_dead_letters_and_real_changes_in_mail_when_both_arrive(
        backend, tmp_path, amqp_url):
    published = publications()
    thirds = [published[i::3] for i in range(3)]
    with running_system(backend, tmp_path, amqp_url,
                        settings={"BUS_MAX_MESSAGE_BYTES": str(BOUND)}) as system:
        pids = eventually(lambda: all((p := worker_pids(system)).values()) and p)
        publish(amqp_url, thirds[0])
        states = draw_group(system, 3, starts_on=dt.date.today().isoformat())
        publish(amqp_url, thirds[1])
        focal_points = nominate_focal_points(system, states)
        publish(amqp_url, thirds[2])

        drawn, started = eventually(lambda: letters_sent(system, focal_points), 60)
        expected = expected_dead_letters(published)
        letters = []
        for service in topology.SUBSCRIPTIONS:
            letters += eventually(lambda s=service: all_dead(system, s, expected[s]), 60)
        eventually(lambda: not queues_holding(amqp_url), 30)
        assert worker_pids(system) == pids, "a worker was restarted"
        assert system.process.poll() is None
    oversized = {m.marker for exchange, _, m in published
                 if m.kind == "oversized" and exchange == topology.EXCHANGE}
    assert all(f"over the bound of {BOUND}" in letter["reason"] for letter in letters
               if letter["event_id"] in oversized)
    assert all(letter["reason"] for letter in letters)
    assert {m["state_code"] for m in drawn} == set(states)
    assert {m["state_code"] for m in started} == set(states)


@pytest.fixture
def deployed_bound():
    """The broker's bound as deployed, set on the running broker for the test (a channel
    reads it when it opens); the broker's own put back after."""
    bound = deployed_max_message_size()
    before = rabbitmqctl("eval", "application:get_env(rabbit, max_message_size).").strip()
    rabbitmqctl("eval", f"application:set_env(rabbit, max_message_size, {bound}).")
    try:
        yield bound
    finally:
        if before.startswith("{ok,"):
            rabbitmqctl("eval", f"application:set_env(rabbit, max_message_size, {before[4:-1]}).")
        else:
            rabbitmqctl("eval", "application:unset_env(rabbit, max_message_size).")


@pytest.mark.serial  # lowers the shared broker's bound for a moment: runs alone
def test_broker_refuses_a_body_over_its_bound_when_configured_as_deployed(
        amqp_url, deployed_bound):
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    channel.confirm_delivery()
    topology.declare(channel, 5)
    channel.basic_publish(topology.EXCHANGE, routing_key("LotsDrawn"), b"x" * deployed_bound)
    with pytest.raises(pika.exceptions.ChannelClosedByBroker) as refused:
        channel.basic_publish(topology.EXCHANGE, routing_key("LotsDrawn"),
                              b"x" * (deployed_bound + 1))
    assert refused.value.reply_code == 406
    assert "larger than configured max size" in refused.value.reply_text
    connection.close()
