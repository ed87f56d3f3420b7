"""The sustained benchmark's verdict on a backlog: growth is the slope over the whole run,
judged against its own noise."""

from __future__ import annotations

import random

import pytest

from bench.backlog import NOISE_ERRORS, growth

EVERY_5_S_FOR_5_MIN = [5.0 * n for n in range(61)]


def test_a_backlog_that_grows_steadily_grows_at_its_rate_and_far_beyond_its_noise():
    rng = random.Random(8)
    samples = [(t, round(3 * t / 60 + rng.uniform(0, 4))) for t in EVERY_5_S_FOR_5_MIN]
    slope, error = growth(samples)
    assert slope == pytest.approx(3.0, abs=0.5)
    assert slope - NOISE_ERRORS * error > 0


def test_a_small_backlog_that_comes_and_goes_does_not_grow_beyond_its_noise():
    """What a system that keeps up shows: a few messages, now and then, whose first and
    last minutes' means differ by chance."""
    rng = random.Random(8)
    for _run in range(20):
        samples = [(t, rng.choice([0, 0, 0, 1, 2, 3])) for t in EVERY_5_S_FOR_5_MIN]
        slope, error = growth(samples)
        assert abs(slope) < 1 and error > 0
        assert slope - NOISE_ERRORS * error <= 0


def test_an_empty_backlog_has_no_growth_and_no_noise():
    assert growth([(t, 0) for t in EVERY_5_S_FOR_5_MIN]) == (0.0, 0.0)


def test_too_few_samples_give_no_estimate_of_the_noise():
    assert growth([]) == (0.0, 0.0)
    assert growth([(0.0, 4)]) == (0.0, 0.0)
    assert growth([(0.0, 0), (60.0, 2)]) == (pytest.approx(2.0), 0.0)
