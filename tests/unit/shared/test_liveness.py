"""The liveness probe's verdict on a worker's heartbeats, on a clock the test moves."""

from __future__ import annotations

import datetime as dt

import pytest

from shared.clock import FixedClock
from shared.liveness import BEAT_SECONDS, WRITE_SECONDS, Heartbeats, main, probe

WORK_SECONDS = 300.0


@pytest.fixture
def clock():
    return FixedClock(dt.datetime(2026, 1, 5, 9, 0))


@pytest.fixture
def heartbeats(tmp_path, clock):
    return Heartbeats(tmp_path / "reviews-worker.json", WORK_SECONDS, clock)


def verdict(heartbeats, clock) -> tuple[int, str]:
    heartbeats.write()
    return probe(heartbeats.path, clock)


def test_probe_is_green_when_every_part_beat_within_its_bound(heartbeats, clock):
    relay, consumer = heartbeats.pulse("relay"), heartbeats.pulse("consumer")
    clock.advance(seconds=BEAT_SECONDS - 1)
    assert verdict(heartbeats, clock) == (0, "alive: relay, consumer")
    clock.advance(seconds=BEAT_SECONDS - 1)
    relay.beat()
    consumer.beat()
    assert verdict(heartbeats, clock)[0] == 0


def test_probe_names_the_part_when_it_has_not_beaten_within_its_bound(heartbeats, clock):
    relay = heartbeats.pulse("relay")
    heartbeats.pulse("dead-letters")
    clock.advance(seconds=BEAT_SECONDS + 1)
    relay.beat()
    status, said = verdict(heartbeats, clock)
    assert status == 1
    assert f"dead-letters has not beaten for {BEAT_SECONDS + 1:.0f} s" in said
    assert "relay" not in said


def test_probe_names_the_part_when_one_piece_of_work_outlasts_its_bound(heartbeats, clock):
    consumer = heartbeats.pulse("consumer")
    with consumer.working():  # the handler thread takes a batch...
        for _ in range(int(WORK_SECONDS // 30)):
            clock.advance(seconds=30)
            consumer.beat()  # ...while the connection's thread beats on
        assert verdict(heartbeats, clock)[0] == 0
        clock.advance(seconds=31)
        consumer.beat()
        status, said = verdict(heartbeats, clock)
    assert status == 1 and "consumer is stuck in one piece of work for 331 s" in said
    assert verdict(heartbeats, clock)[0] == 0  # the work ended: alive again


def test_probe_is_green_when_work_waits_on_the_database_beyond_the_bound(heartbeats, clock):
    consumer = heartbeats.pulse("consumer")
    with consumer.working():
        for _ in range(20):  # a long outage: each of the handler's tries says it still waits
            clock.advance(seconds=WORK_SECONDS / 2)
            consumer.still_working()
            consumer.beat()
        assert verdict(heartbeats, clock)[0] == 0


def test_probe_is_green_when_a_long_sweep_runs_without_beating_within_the_work_bound(
        heartbeats, clock):
    sweep = heartbeats.pulse("sweep")
    with sweep.working():  # one thread: no beat while it sweeps
        clock.advance(seconds=WORK_SECONDS - 1)
        assert verdict(heartbeats, clock)[0] == 0


def test_probe_is_red_when_the_watch_stopped_writing(heartbeats, clock):
    heartbeats.pulse("relay")
    heartbeats.write()
    clock.advance(seconds=WRITE_SECONDS + 1)
    status, said = probe(heartbeats.path, clock)
    assert status == 1 and "the watch has not written for 31 s" in said


def test_probe_command_fails_naming_the_file_when_the_worker_never_wrote(
        tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WORKER_HEARTBEAT_DIR", str(tmp_path))
    assert main(["nominations"]) == 1
    assert str(tmp_path / "nominations-worker.json") in capsys.readouterr().err


def test_worker_goes_on_and_its_probe_is_red_when_its_heartbeats_cannot_be_written(
        tmp_path, clock):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    heartbeats = Heartbeats(blocked / "reviews-worker.json", WORK_SECONDS, clock)
    heartbeats.pulse("relay")
    heartbeats.write()  # raises nothing
    assert probe(heartbeats.path, clock)[0] == 1


def test_probe_is_green_when_a_part_waits_its_longest_wait_beyond_the_usual_bound(
        heartbeats, clock):
    heartbeats.pulse("relay", longest_wait=3600)  # OUTBOX_SWEEP_SECONDS set to an hour
    clock.advance(seconds=3600 + BEAT_SECONDS - 1)
    assert verdict(heartbeats, clock)[0] == 0
    clock.advance(seconds=2)
    assert "relay has not beaten" in verdict(heartbeats, clock)[1]
