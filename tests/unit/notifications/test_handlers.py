"""The notifications event handlers on the in-memory unit of work: the letters each event
writes, the items it opens and closes, and that an event heard again writes nothing twice
(the same handlers run on the real databases, through the consumer, in
tests/integration/test_notifications_*.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from services.notifications.adapters.orm import HELD, PENDING, ItemRow, MessageRow
from services.notifications.handlers.draw_events import announce_draw
from services.notifications.handlers.events import record_mission_contact
from services.notifications.handlers.nomination_events import remind_missing_nomination
from services.notifications.handlers.review_events import follow_stage, open_nomination_items
from shared.clock import FixedClock
from shared.events import decode, encode, new_event
from tests.integration.test_notifications_world import (
    at,
    contact,
    missing,
    scheduled,
    stage_changed,
)
from tests.unit.notifications.fakes import FakeContext

TODAY = dt.date(2021, 3, 1)


@pytest.fixture
def ctx():
    return FakeContext(clock=FixedClock(at(TODAY)))


def heard(event):
    """The event as the consumer hands it to a handler: encoded, then decoded."""
    return decode(encode(event))


def lots_drawn(history: bool = False):
    return heard(new_event("LotsDrawn", {
        "draw_id": 1, "group_id": 1, "group_number": 1, "starts_on": TODAY, "phase": 1,
        "cluster": 1, "reviews": [
            {"state_under_review": "KEN", "reviewing_states": ["GHA", "FRA"]},
            {"state_under_review": "FRA", "reviewing_states": ["KEN", "AUT"]}]}, at(TODAY),
        history=history))


def test_each_state_drawn_gets_one_letter_when_lots_are_drawn(ctx):
    announce_draw(ctx, ctx.uow, lots_drawn())
    assert ctx.uow.kinds() == [("lots_drawn", s) for s in ("AUT", "FRA", "GHA", "KEN")]
    ken = next(d for d in ctx.uow.letters.values() if d.state_code == "KEN")
    assert ken.context["reviewed_by"] == ["GHA", "FRA"]
    assert ken.context["reviewer_of"] == ["FRA"]
    assert ken.skip_reason is None


def test_no_letter_is_written_twice_when_a_draw_is_heard_again(ctx):
    event = lots_drawn()
    announce_draw(ctx, ctx.uow, event)
    written = dict(ctx.uow.letters)
    announce_draw(ctx, ctx.uow, event)
    assert ctx.uow.letters == written


def test_a_draw_letter_is_skipped_when_its_review_started_long_ago(ctx):
    ctx.clock = FixedClock(at(TODAY + dt.timedelta(days=365)))
    announce_draw(ctx, ctx.uow, lots_drawn())
    assert all(d.skip_reason for d in ctx.uow.letters.values())


def test_a_draw_letter_is_skipped_when_the_draw_is_history_even_of_today(ctx):
    announce_draw(ctx, ctx.uow, lots_drawn(history=True))
    assert {d.skip_reason for d in ctx.uow.letters.values()} == {
        f"not sent: LotsDrawn of {TODAY.isoformat()} is a fact of the mechanism's past, "
        "brought in by the history import"}


def test_nomination_missing_writes_one_reminder_when_its_slot_was_not_reminded(ctx):
    due = TODAY - dt.timedelta(days=5)
    remind_missing_nomination(ctx, ctx.uow, heard(missing("GHA", 7, "KEN", due, TODAY)))
    assert ctx.uow.kinds() == [("nomination_missing", "GHA")]
    [item] = ctx.uow.rows[ItemRow].values()
    assert (item.topic, item.deadline) == ("focal_point", due)
    assert [r.slot for r in item.reminders] == ["after-1"]


def test_a_reminder_is_not_written_twice_when_a_second_event_asks_for_the_same_slot(ctx):
    due = TODAY - dt.timedelta(days=5)
    remind_missing_nomination(ctx, ctx.uow, heard(missing("GHA", 7, "KEN", due, TODAY)))
    remind_missing_nomination(ctx, ctx.uow, heard(missing("GHA", 7, "KEN", due, TODAY)))
    assert len(ctx.uow.letters) == 1
    [item] = ctx.uow.rows[ItemRow].values()
    assert len(item.reminders) == 1


def test_each_state_of_a_review_is_told_when_its_stage_changes(ctx):
    open_nomination_items(ctx, ctx.uow, heard(scheduled(7, "KEN", ["GHA", "FRA"], TODAY,
                                                        at(TODAY))))
    deadline = TODAY + dt.timedelta(days=30)
    follow_stage(ctx, ctx.uow, heard(stage_changed(
        7, "KEN", ["GHA", "FRA"], "waiting_for_nominations", "self_assessment", deadline,
        at(TODAY))))
    assert ctx.uow.kinds() == [("stage_changed", s) for s in ("KEN", "GHA", "FRA")]
    still_open = {(i.state_code, i.topic) for i in ctx.uow.open_items_of(7)}
    assert ("KEN", "stage:self_assessment") in still_open
    assert not any(topic == "focal_point" for _, topic in still_open)


def test_no_letter_is_written_when_a_review_enters_its_first_stage(ctx):
    follow_stage(ctx, ctx.uow, heard(stage_changed(
        7, "KEN", ["GHA"], None, "waiting_for_nominations", None, at(TODAY))))
    assert not ctx.uow.letters


def test_held_letters_go_to_the_mission_when_its_contact_arrives(ctx):
    held = MessageRow(id=40, state_code="AUT", status=HELD, recipients=[], language="en",
                      render_context=None)
    ctx.uow.add(held)
    record_mission_contact(ctx, ctx.uow, heard(contact("AUT", at(TODAY))))
    assert (held.status, held.recipients) == (PENDING, ["pm-aut@missions.example.org"])
    assert ctx.uow.new_mail == [(40, "AUT")]
