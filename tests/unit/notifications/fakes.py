"""An in-memory unit of work for the notifications handlers: rows kept by class and key,
open items opened by the adapter's own rule for rounds, and the letters written kept as
their drafts, once per idempotency key (the real letters, rendered and addressed, are
checked on the real databases in tests/integration/test_notifications_*.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from services.notifications.adapters.items import next_rounds
from services.notifications.adapters.orm import (
    HELD,
    PENDING,
    FocalPointRow,
    ItemRow,
    MessageRow,
    MissionRow,
    ReviewRow,
    StateRow,
    SurveyInvitationRow,
)
from services.notifications.adapters.outgoing.compose import Draft
from services.notifications.settings import Settings
from shared.clock import Clock
from shared.events import Envelope
from tests.support.fake_unit_of_work import FakeUnitOfWork as BaseFake


class FakeUnitOfWork(BaseFake):
    keys = {StateRow: "code", MissionRow: "state_code", ReviewRow: "review_id",
            FocalPointRow: "nomination_id"}

    def __init__(self) -> None:
        super().__init__()
        #: the letters written, by idempotency key, in the order written
        self.letters: dict[str, Draft] = {}
        self.new_mail: list[tuple[int, str]] = []

    def review_of_draw(self, draw_id: int, state_under_review: str) -> ReviewRow | None:
        return next((r for r in self.rows[ReviewRow].values()
                     if r.draw_id == draw_id and r.state_under_review == state_under_review),
                    None)

    def open_item(self, *, state_code: str, capacity: str, **item) -> ItemRow:
        return self.open_items({state_code: capacity}, **item)[state_code]

    def open_items(self, capacities: Mapping[str, str], *, review_id: int, topic: str,
                   new_round: bool = False, **item) -> dict[str, ItemRow]:
        current: dict[str, ItemRow] = {}
        for row in self.rows[ItemRow].values():
            if (row.review_id, row.topic) == (review_id, topic) and row.state_code in capacities:
                if row.state_code not in current or row.round > current[row.state_code].round:
                    current[row.state_code] = row
        opened, new = next_rounds(current, capacities, review_id=review_id, topic=topic,
                                  new_round=new_round, **item)
        self.add(*new)
        return opened

    def open_items_of(self, review_id: int, *, state_code: str | None = None,
                      topic: str | None = None) -> list[ItemRow]:
        return [i for i in self.rows[ItemRow].values()
                if i.review_id == review_id and i.closed_at is None
                and state_code in (None, i.state_code) and topic in (None, i.topic)]

    def close(self, settled: Iterable[ItemRow], event: Envelope, now: dt.datetime,
              why: str) -> int:
        closed = [item for item in settled if item.closed_at is None]
        for item in closed:
            item.closed_at, item.closed_by = now, f"{event.type} {event.id}: {why}"[:120]
        return len(closed)

    def states_with_open_items(self) -> list[str]:
        return sorted({i.state_code for i in self.rows[ItemRow].values() if i.closed_at is None})

    def open_items_for(self, state_code: str) -> list[ItemRow]:
        return sorted((i for i in self.rows[ItemRow].values()
                       if i.state_code == state_code and i.closed_at is None),
                      key=lambda i: (i.deadline, i.id))

    def survey_invitations(self, survey_id: int) -> dict[str, SurveyInvitationRow]:
        return {r.state_code: r for r in self.rows[SurveyInvitationRow].values()
                if r.survey_id == survey_id}

    def open_survey_invitations(self) -> list[SurveyInvitationRow]:
        return [r for r in self.rows[SurveyInvitationRow].values() if r.settled_at is None]

    def compose_all(self, ctx, drafts: list[Draft]) -> list[int | None]:
        ids: list[int | None] = []
        for draft in drafts:
            fresh = draft.key not in self.letters
            if fresh:
                self.letters[draft.key] = draft
            ids.append(next(self._ids) if fresh else None)
        return ids

    def unsent_messages(self, state_code: str) -> list[MessageRow]:
        return sorted((m for m in self.rows[MessageRow].values()
                       if m.state_code == state_code and m.status in (HELD, PENDING)),
                      key=lambda m: m.id)

    def readdress(self, message: MessageRow, mission) -> None:
        message.recipients = list(mission.emails)

    def note_new_mail(self, messages: list[tuple[int, str]]) -> None:
        self.new_mail.extend(messages)

    def kinds(self) -> list[tuple[str, str]]:
        """(kind, State) of each letter written, in order."""
        return [(d.kind, d.state_code) for d in self.letters.values()]


@dataclass
class FakeContext:
    """What a notifications handler reads of its context, with the fake unit of work."""

    clock: Clock
    settings: Settings = field(
        default_factory=lambda: Settings(service="notifications", database_url="sqlite://"))
    uow: FakeUnitOfWork = field(default_factory=FakeUnitOfWork)
