"""The States parties kept a minute in the portal's process (adapters/kept.py), and reads
run at once that still see the request they serve (adapters/peers.py's in_parallel)."""

from __future__ import annotations

import pytest
from flask import Flask, current_app

from services.portal.adapters.kept import Kept
from services.portal.adapters.peers import in_parallel


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_answer_is_read_again_once_it_is_older_than_its_time():
    clock, reads = Clock(), []
    kept = Kept(60, clock)

    def read():
        reads.append(clock.now)
        return [{"code": "AUT", "read": len(reads)}]
    assert kept.get(read) == kept.get(read) == [{"code": "AUT", "read": 1}]
    clock.now = 59.9
    assert kept.get(read)[0]["read"] == 1
    clock.now = 60.0
    assert kept.get(read)[0]["read"] == 2
    assert reads == [0.0, 60.0]


def test_a_failed_read_keeps_nothing_and_raises_as_the_read_did():
    kept = Kept(60, Clock())

    def down():
        raise ConnectionError("lots down")
    with pytest.raises(ConnectionError):
        kept.get(down)
    assert kept.get(lambda: ["read again"]) == ["read again"]


def test_reads_at_once_see_the_app_of_the_request_they_serve():
    app = Flask("probe")
    with app.app_context():
        names = in_parallel([lambda: current_app.name, lambda: current_app.name,
                             lambda: current_app.name])
    assert names == ["probe"] * 3
