"""Each service's broker user and the definitions RabbitMQ loads: what each may do, read
from the regular expressions the broker will apply, and each service's own AMQP URL."""

from __future__ import annotations

import base64
import hashlib
import importlib
import json
import re

import pytest

from shared.bus import permissions, topology
from shared.bus.broker_setup import service_url, vhost_of
from shared.bus.definitions import User, definitions, main, password_hash
from shared.events.contracts import CONTRACTS

KEYS = {c.routing_key: c.producer for c in CONTRACTS.values()}
QUEUES = {name for s in topology.SUBSCRIPTIONS
          for name in (topology.queue_name(s), topology.dead_queue_name(s))}


def allowed(regex: str, name: str) -> bool:
    return re.search(regex, name) is not None  # RabbitMQ's match is unanchored, as this


@pytest.mark.parametrize("service", topology.SERVICES)
def test_a_user_publishes_only_its_own_events_when_granted_its_services_rights(service):
    events = next(t for t in permissions.topic_permissions(service)
                  if t["exchange"] == topology.EXCHANGE)
    assert {k for k in KEYS if allowed(events["write"], k)} == {
        k for k, producer in KEYS.items() if producer == service}
    assert not any(allowed(events["read"], k) for k in KEYS)  # it binds nothing


@pytest.mark.parametrize("service", topology.SERVICES)
def test_a_user_reads_and_writes_back_only_into_its_own_queues_when_granted_its_services_rights(
        service):
    grant = permissions.permissions(service)
    own = {topology.queue_name(service), topology.dead_queue_name(service)} & QUEUES
    assert {q for q in QUEUES if allowed(grant["read"], q)} == own
    own_exchange = [t for t in permissions.topic_permissions(service)
                    if t["exchange"] == topology.OWN_EXCHANGE]
    keys = {b["routing_key"]: b["destination"] for b in topology.bindings()
            if b["source"] == topology.OWN_EXCHANGE}
    reached = {queue for key, queue in keys.items()
               if any(allowed(t["write"], key) for t in own_exchange)}
    assert reached == own


@pytest.mark.parametrize("service", topology.SERVICES)
def test_a_user_configures_nothing_and_writes_no_queue_when_granted_its_services_rights(
        service):
    grant = permissions.permissions(service)
    names = [e["name"] for e in topology.exchanges()] + sorted(QUEUES) + ["amq.default",
                                                                        "anything"]
    assert not any(allowed(grant["configure"], name) for name in names)
    assert {n for n in names if allowed(grant["write"], n)} <= {
        topology.EXCHANGE, topology.OWN_EXCHANGE}


def test_password_hash_is_rabbitmqs_salted_sha256_when_made():
    raw = base64.b64decode(password_hash("s3cret"))
    salt, digest = raw[:4], raw[4:]
    assert digest == hashlib.sha256(salt + b"s3cret").digest()
    assert password_hash("s3cret") != password_hash("s3cret")  # a new salt each time


class Recorder:
    """A channel that notes what it is asked to declare."""

    def __init__(self):
        self.exchanges, self.queues, self.bindings = [], [], []

    def exchange_declare(self, name, exchange_type, durable):
        self.exchanges.append({"name": name, "type": exchange_type})

    def queue_declare(self, name, durable, arguments):
        self.queues.append({"name": name, "arguments": arguments})

    def queue_bind(self, queue, exchange, routing_key):
        self.bindings.append({"source": exchange, "destination": queue,
                              "routing_key": routing_key})


def test_definitions_hold_the_topology_the_administrator_declares_when_built():
    channel = Recorder()
    topology.declare(channel, 5)
    document = definitions("v", [User("revmod-lots", "pw", "lots")], 5)
    assert [{"name": e["name"], "type": e["type"]} for e in document["exchanges"]] == \
        channel.exchanges
    assert [{"name": q["name"], "arguments": q["arguments"]} for q in document["queues"]] == \
        channel.queues
    assert [{k: b[k] for k in ("source", "destination", "routing_key")}
            for b in document["bindings"]] == channel.bindings
    assert document["permissions"] == [
        {"user": "revmod-lots", "vhost": "v", **permissions.permissions("lots")}]


def test_definitions_file_is_refused_when_a_password_is_missing(monkeypatch, tmp_path):
    monkeypatch.delenv("REVIEWS_AMQP_PASSWORD", raising=False)
    with pytest.raises(SystemExit, match="REVIEWS_AMQP_PASSWORD"):
        main([str(tmp_path / "definitions.json")])
    assert not (tmp_path / "definitions.json").exists()


def test_definitions_file_holds_hashes_and_no_password_when_written(monkeypatch, tmp_path):
    monkeypatch.setenv("RABBITMQ_ADMIN_PASSWORD", "admin-pw")
    for service in topology.SERVICES:
        monkeypatch.setenv(f"{service.upper()}_AMQP_PASSWORD", f"{service}-pw")
    main([str(tmp_path / "definitions.json")])
    text = (tmp_path / "definitions.json").read_text()
    assert "-pw" not in text
    users = {u["name"]: u["tags"] for u in json.loads(text)["users"]}
    assert users == {"revmod-admin": ["administrator"],
                     **{f"revmod-{s}": [] for s in topology.SERVICES}}


def test_service_url_keeps_host_and_vhost_when_credentials_change():
    admin = "amqp://guest:guest@broker.example:5672/%2F"
    assert service_url(admin, "revmod-lots", "p/w") == \
        "amqp://revmod-lots:p%2Fw@broker.example:5672/%2F"
    assert vhost_of(admin) == "/" and vhost_of("amqp://h/revmod-test-1") == "revmod-test-1"


@pytest.mark.parametrize("service", topology.SERVICES)
def test_each_service_reads_its_own_broker_url_before_the_shared_one_when_both_are_set(
        monkeypatch, service):
    settings = importlib.import_module(f"services.{service}.settings").Settings
    monkeypatch.setenv(f"{service.upper()}_DATABASE_URL", "sqlite://")
    monkeypatch.setenv("AMQP_URL", "amqp://shared@h/%2F")
    assert settings.from_env().amqp_url == "amqp://shared@h/%2F"
    monkeypatch.setenv(f"{service.upper()}_AMQP_URL", f"amqp://{service}@h/%2F")
    assert settings.from_env().amqp_url == f"amqp://{service}@h/%2F"
