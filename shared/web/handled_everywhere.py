"""Whether every service has handled the events one write caused: each service's answer to
GET /events/handled (shared/web/handled.py), compared.

An event is handled everywhere once its producer has published it and every service that
subscribes to its type (shared/bus/topology.py) holds it in its inbox, or has given up on
it (a dead letter, named in the verdict). Follow-up events carry the write's correlation id
and are counted like the first ones. Scripts, the history import and the tests wait on
this instead of polling counts of reviews or nominations.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import requests

from shared.bus import topology


class NotHandledInTime(Exception):
    """The services had not all handled the write's events when the wait ended."""

    def __init__(self, verdict: Verdict, timeout: float) -> None:
        super().__init__(f"not handled everywhere within {timeout:g} s: "
                         + "; ".join(verdict.waiting))
        self.verdict = verdict


@dataclass
class Verdict:
    """What the services said of one write's events."""

    #: every event published and handled (or given up on) by every service that hears it
    done: bool
    #: how many events the write caused, follow-ups included, per type
    caused: dict[str, int] = field(default_factory=dict)
    #: what is still awaited, one sentence each
    waiting: list[str] = field(default_factory=list)
    #: per service, the events it gave up on (its dead letters not handled since)
    dead_lettered: dict[str, list[dict]] = field(default_factory=dict)
    #: per producer, the events its relay refused to publish (over the size bound)
    refused: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        """Handled everywhere, and nothing given up on or refused on the way."""
        return self.done and not self.dead_lettered and not self.refused


def verdict(answers: dict[str, dict | str]) -> Verdict:
    """Compare each service's answer (its JSON, or why it gave none)."""
    waiting = [f"{service} did not answer: {answer}"
               for service, answer in answers.items() if isinstance(answer, str)]
    caused: Counter[str] = Counter()
    refused: dict[str, dict[str, int]] = {}
    for service, answer in _answered(answers):
        for type_, counts in answer["caused"].items():
            caused[type_] += counts["recorded"]
            unsent = counts["recorded"] - counts["published"] - counts["refused"]
            if unsent > 0:
                waiting.append(f"{service} has {unsent} {type_} still to publish")
            if counts["refused"]:
                refused.setdefault(service, {})[type_] = counts["refused"]
    dead = {service: answer["dead_lettered"] for service, answer in _answered(answers)
            if answer["dead_lettered"]}
    for service, types in topology.SUBSCRIPTIONS.items():
        answer = answers.get(service)
        if not isinstance(answer, dict):
            continue
        given_up = Counter(d["event_type"] for d in answer["dead_lettered"])
        for type_ in types:
            expected = caused[type_] - sum(r.get(type_, 0) for r in refused.values())
            seen = answer["handled"].get(type_, 0) + given_up[type_]
            if seen < expected:
                waiting.append(f"{service} has handled {seen} of {expected} {type_}")
    return Verdict(done=not waiting, caused=dict(caused), waiting=waiting,
                   dead_lettered=dead, refused=refused)


def _answered(answers: dict[str, dict | str]):
    return [(s, a) for s, a in answers.items() if isinstance(a, dict)]


def ask_every_service(urls: dict[str, str], correlation_id: str, token: str, *,
                      timeout: float = 10.0) -> dict[str, dict | str]:
    """Each service's answer for the correlation id, or why it gave none."""
    answers: dict[str, dict | str] = {}
    for service in topology.SERVICES:
        try:
            answer = requests.get(f"{urls[service]}/events/handled",
                                  params={"correlation_id": correlation_id},
                                  headers={"Authorization": f"Bearer {token}"},
                                  timeout=timeout)
        except requests.RequestException as exc:
            answers[service] = f"{type(exc).__name__} at {urls[service]}"
            continue
        answers[service] = answer.json() if answer.status_code == 200 \
            else f"HTTP {answer.status_code}: {answer.text[:200]}"
    return answers


def wait_until_handled(urls: dict[str, str], correlation_id: str, token: str, *,
                       timeout: float = 120.0, interval: float = 0.1,
                       on_wait: Callable[[Verdict], None] | None = None) -> Verdict:
    """Ask every service (`urls` by service name) until the write's events are handled
    everywhere: the verdict, or NotHandledInTime. `on_wait` hears each verdict that is not
    done yet.

    One round of answers is enough: each service reads its inbox before its outbox, and a
    follow-up event commits with the inbox row of its cause, so a follow-up not counted yet
    has a cause that some service is still counted as waiting for."""
    missing = set(topology.SERVICES) - set(urls)
    if missing:
        raise ValueError(f"no URL for {', '.join(sorted(missing))}")
    deadline = time.monotonic() + timeout
    while True:
        found = verdict(ask_every_service(urls, correlation_id, token))
        if found.done:
            return found
        if time.monotonic() >= deadline:
            raise NotHandledInTime(found, timeout)
        if on_wait is not None:
            on_wait(found)
        time.sleep(interval)
