"""The end-to-end tests run the whole system (harness/system.py) on each backend."""

from __future__ import annotations

import pytest

from harness.system import running_system
from tests.e2e.portal_support import browser, findings, population  # noqa: F401 - the portal's fixtures


@pytest.fixture(params=["sqlite", "postgres"])
def system(request, tmp_path, amqp_url):
    with running_system(request.param, tmp_path, amqp_url) as running:
        yield running
