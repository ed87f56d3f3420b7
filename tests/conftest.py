"""Fixtures every test layer shares: its own databases and its own RabbitMQ vhost."""

from __future__ import annotations

import os

import pytest
from flask import Flask
from hypothesis import HealthCheck, settings

from harness import migrated_templates
from harness.broker import private_vhost
from harness.databases import database
from harness.keys import run_keys
from tests.support.broker import BusProbe
from tests.support.clients import SignedInClient
from tests.support.scheduling import WholeModulesWhereShared

# one key pair per test run, never a default in code; every app built in a test verifies
# with its public half
os.environ.update(run_keys())
Flask.test_client_class = SignedInClient
# an empty database is filled from one migration per process (harness/migrated_templates.py)
migrated_templates.install()

# CI draws the same examples on every run, so that a red build is the code's and a rerun
# shows it again; developers keep Hypothesis' default of new examples each run, which is how
# the search goes on finding what a fixed set misses. Hypothesis loads a profile like this
# one by itself when it sees CI set; registering it here pins what CI runs to this file.
settings.register_profile("ci", derandomize=True, max_examples=100, database=None,
                          deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(params=["postgres", "sqlite"])
def database_url(request, tmp_path):
    """A fresh, empty database on each backend the services must run on."""
    with database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def postgres_url(tmp_path):
    with database("postgres", tmp_path) as url:
        yield url


@pytest.fixture
def amqp_url():
    with private_vhost() as url:
        yield url


@pytest.fixture
def bus(amqp_url):
    probe = BusProbe(amqp_url)
    yield probe
    probe.close()


@pytest.fixture(scope="session", autouse=True)
def migrations_once_per_process():
    """Catch the modules that imported `upgrade` before conftest replaced it."""
    migrated_templates.install()


def pytest_xdist_make_scheduler(config, log):
    """`make test`'s order of work (tests/support/scheduling.py), asked for by its
    `--dist loadscope`; any other way of distributing is xdist's own."""
    if config.getvalue("dist") == "loadscope":
        return WholeModulesWhereShared(config, log)
    return None
