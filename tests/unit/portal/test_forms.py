"""The pages' GET parameters: a value, or a message that names the field."""

from __future__ import annotations

import datetime as dt

import pytest

from services.portal.domain import forms
from services.portal.domain.labels import ordered_stages, region_label, stage_label
from services.portal.domain.words import plain_number

TODAY = dt.date(2021, 3, 1)


def test_as_of_is_today_when_not_given():
    assert forms.as_of(None, TODAY) == TODAY and forms.as_of("", TODAY) == TODAY


@pytest.mark.parametrize("text, message", [
    ("2021-02-30", "YYYY-MM-DD"), ("yesterday", "YYYY-MM-DD"), ("2021-03-02", "after today"),
    ("1999-12-31", "2000-01-01"), ("0001-01-01", "2000-01-01")])
def test_as_of_is_refused_naming_the_field_when_bad(text, message):
    with pytest.raises(forms.BadField, match=message) as refused:
        forms.as_of(text, TODAY)
    assert refused.value.field == "as_of"


def test_whole_number_and_choice_refuse_naming_the_field_when_bad():
    assert forms.whole_number("group", "3") == 3 and forms.whole_number("group", "") is None
    for bad in ("0", "-1", "x", "100000"):
        with pytest.raises(forms.BadField) as refused:
            forms.whole_number("group", bad, high=99)
        assert refused.value.field == "group"
    with pytest.raises(forms.BadField):
        forms.choice("stage", "nowhere", ("summary",))
    assert forms.choice("stage", "summary", ("summary",)) == "summary"


@pytest.mark.parametrize("text, page", [(None, 1), ("3", 3), ("0", 1), ("x", 1), ("-2", 1)])
def test_page_number_falls_back_to_the_first_when_unreadable(text, page):
    assert forms.page_number(text) == page


def test_stages_come_in_review_order_with_unknown_ones_last_when_ordered():
    counts = {"completed": 2, "waiting_for_nominations": 5, "audit": 1}
    ordered = ordered_stages(counts)
    assert ordered[0] == ("waiting_for_nominations", 5)
    assert ordered[-2:] == [("completed", 2), ("audit", 1)]
    assert stage_label("audit") == "Audit" and stage_label("summary") == "Summary"


def test_figures_and_names_read_as_the_note_prints_them():
    assert (plain_number(0.0), plain_number(12.5), plain_number(33.333)) == (
        "0", "12.5", "33.3")
    assert region_label("african") == "African States"
    assert region_label("western_european_others") == "Western European and other States"
