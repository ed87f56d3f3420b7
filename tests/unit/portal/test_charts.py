"""The inline SVG charts: every figure in the markup as text, escaped, accessible."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from services.portal.domain.charts import Bar, bar_chart, bar_length, completion_gauge

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def test_each_bar_carries_its_figure_as_text_when_drawn():
    svg = parse(bar_chart("f", "Reviews per stage", [Bar("a", "Waiting", 23), Bar("b", "Done", 1)]))
    bars = svg.findall(f"{SVG}g")
    assert [(b.get("data-key"), b.get("data-value")) for b in bars] == [("a", "23"), ("b", "1")]
    assert [b.findall(f"{SVG}text")[1].text for b in bars] == ["23", "1"]


def test_chart_is_an_image_named_for_screen_readers_when_drawn():
    svg = parse(bar_chart("f1", "Reviews per stage", [Bar("a", "Waiting", 3)]))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "f1-title f1-desc"
    assert svg.find(f"{SVG}title").text == "Reviews per stage"
    assert svg.find(f"{SVG}desc").text == "Waiting: 3 reviews"


def test_labels_are_escaped_when_they_hold_markup():
    markup = bar_chart("x\"", "<script>", [Bar("k&", "<b>&</b>", 1)])
    svg = parse(markup)  # would fail on unescaped markup
    assert "<script>" not in markup and "<b>" not in markup
    assert svg.find(f"{SVG}title").text == "<script>"


def test_largest_bar_spans_the_width_and_zero_draws_nothing_when_scaled():
    assert bar_length(23, 23, 300) == 300
    assert bar_length(0, 23, 300) == 0
    assert bar_length(5, 0, 300) == 0


@given(st.integers(1, 10_000), st.integers(1, 10_000))
def test_a_non_zero_figure_always_shows_and_never_overflows_when_scaled(value, other):
    largest = max(value, other)
    assert 2.0 <= bar_length(value, largest, 300) <= 300


def test_empty_chart_says_so_when_there_is_nothing():
    svg = parse(bar_chart("e", "Nothing", []))
    assert svg.find(f"{SVG}desc").text == "no reviews"


def test_gauge_says_the_rule_is_not_met_in_words_when_below_threshold():
    svg = parse(completion_gauge("c", 5, 24, 20.8, 70))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "70 % rule" in texts
    assert "20.8 % completed (5 of 24): rule not met" in texts
    assert "rule not met" in svg.find(f"{SVG}desc").text


def test_gauge_fills_to_the_percentage_and_says_met_when_at_threshold():
    svg = parse(completion_gauge("c", 7, 10, 70.0, 70, width=120))
    fill = next(r for r in svg.iter(f"{SVG}rect") if r.get("class") == "gauge-fill")
    assert float(fill.get("width")) == 70.0  # 100 units of track, 70 per cent
    assert fill.get("data-value") == "70"
    assert svg.find(f"{SVG}desc").text.endswith(": rule met")


@given(st.floats(-50, 500, allow_nan=False))
def test_gauge_never_draws_outside_its_track_when_the_figure_is_odd(pct):
    svg = parse(completion_gauge("c", 0, 0, pct, 70, width=120))
    fill = next(r for r in svg.iter(f"{SVG}rect") if r.get("class") == "gauge-fill")
    assert 0 <= float(fill.get("width")) <= 100
