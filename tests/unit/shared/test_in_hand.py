"""The consumer's batches and its note of the redelivered message in hand."""

from __future__ import annotations

from collections import deque
from typing import NamedTuple

from shared.bus.in_hand import InHand, take_batch


class Arrived(NamedTuple):
    body: str
    redelivered: bool


def test_redelivered_message_is_taken_alone_when_others_wait_around_it():
    arrived = deque(Arrived(body, again) for body, again in (
        ("a", False), ("b", False), ("c", True), ("d", False), ("e", True)))
    batches = []
    while arrived:
        batches.append([d.body for d in take_batch(arrived, 10)])
    assert batches == [["a", "b"], ["c"], ["d"], ["e"]]


def test_batch_stops_at_its_size_when_more_wait():
    arrived = deque(Arrived(str(i), False) for i in range(5))
    assert len(take_batch(arrived, 3)) == 3 and len(arrived) == 2


def test_message_killed_before_when_a_process_died_holding_it(tmp_path):
    path = tmp_path / "reviews-consumer.in-hand"
    with InHand(path).holding(b"innocent"):
        pass
    held = InHand(path).holding(b"poison")
    held.__enter__()  # and the process dies inside the block: it never leaves it
    after = InHand(path)
    assert after.killed_before(b"poison")
    assert not after.killed_before(b"innocent")


def test_killer_is_remembered_when_the_next_process_holds_another_message(tmp_path):
    path = tmp_path / "reviews-consumer.in-hand"
    held = InHand(path).holding(b"poison")
    held.__enter__()  # the first process dies holding it
    second = InHand(path)
    with second.holding(b"innocent"):
        pass
    assert InHand(path).killed_before(b"poison")
