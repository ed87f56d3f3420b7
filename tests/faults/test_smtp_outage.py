"""The SMTP server down for a while (long enough for several attempts, each retried after
at most 4 s) while the system writes letters: the messages wait
(pending, their attempts counted), then go once each when the server is back; every
process of `make run` running, nothing restarted."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import time
from collections import Counter

from harness.system import draw_group, free_port, running_system
from harness.waiting import eventually
from tests.support.smtp import Sink, smtp_server

OUTAGE_SECONDS = 15


def messages(system) -> list[dict]:
    url = f"{system.urls['notifications']}/messages"
    answer = system.http.get(url, params={"page_size": 100}, timeout=10)
    answer.raise_for_status()
    assert len(answer.json()) < 100, "one page holds them all"
    return [m for m in answer.json() if m["recipients"]]  # those with a Mission to write to


def test_messages_wait_while_the_smtp_server_is_down_then_go_once_each(tmp_path, amqp_url):
    port = free_port()
    settings = {"SMTP_PORT": str(port), "NOTIFICATIONS_RETRY_SECONDS": "1",
                "NOTIFICATIONS_RETRY_CAP_SECONDS": "4"}
    with running_system("postgres", tmp_path, amqp_url, settings=settings) as system:
        down_since = time.monotonic()
        draw_group(system, 6, starts_on=dt.date.today().isoformat())
        waiting = eventually(lambda: (m := messages(system)) and all(
            x["attempts"] >= 2 for x in m) and m, timeout=60)
        assert {m["status"] for m in waiting} == {"pending"}
        time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - down_since)))
        assert {m["status"] for m in messages(system)} == {"pending"}, "nothing was lost"

        with smtp_server(Sink(), port) as sink:
            sent = eventually(lambda: (m := messages(system)) and all(
                x["status"] == "sent" for x in m) and m, timeout=60)
            time.sleep(2)  # room for a second copy, were one to be sent
        assert system.process.poll() is None and not system.restarts()

    mails = [email.message_from_bytes(e.content, policy=email.policy.default)
             for e in sink.envelopes]
    assert Counter(m["Message-ID"] for m in mails) == Counter(
        m["smtp_message_id"] for m in sent), "each message went once"
    assert all(m["attempts"] >= 3 for m in sent), "they were tried while the server was away"
