"""A test that cannot reach its database or broker fails and says how to start it; it never
skips."""

from __future__ import annotations

import pytest

from harness import Unreachable, databases
from tests.support.broker import BusProbe


def test_fails_naming_postgresql_and_its_start_command_when_unreachable(monkeypatch):
    monkeypatch.setattr(databases, "PG_ADMIN_DSN", "postgresql://postgres@127.0.0.1:1/postgres")
    with pytest.raises(Unreachable) as failure:
        with databases.postgres_database():
            pass
    assert "PostgreSQL is unreachable" in str(failure.value)
    assert "pg_ctlcluster" in str(failure.value)


def test_fails_naming_rabbitmq_and_its_start_command_when_unreachable():
    with pytest.raises(pytest.fail.Exception) as failure:
        BusProbe("amqp://guest:guest@127.0.0.1:1/%2F")
    assert "RabbitMQ unreachable" in str(failure.value)
    assert "rabbitmq-server -detached" in str(failure.value)
