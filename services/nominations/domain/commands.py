"""What the secretariat asks the nominations service to do, and the words it uses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

UNDER_REVIEW, REVIEWING = "under_review", "reviewing"
FOCAL_POINT, EXPERT, OBSERVER = "focal_point", "expert", "observer"
#: registered from the note verbale; given access to REVMOD by the secretariat; withdrawn
NOMINATED, ACTIVE, WITHDRAWN = "nominated", "active", "withdrawn"
STATUSES = (NOMINATED, ACTIVE, WITHDRAWN)
#: roles whose absence is chased: observers are optional (note, para. 11)
DUE_ROLES = (FOCAL_POINT, EXPERT)
FEMALE = "female"
GENDERS = (FEMALE, "male", "other", "undisclosed")


@dataclass(frozen=True)
class SetMissionContact:
    state_code: str
    emails: tuple[str, ...]
    language: str


@dataclass(frozen=True)
class PersonDetails:
    """Who the note verbale names; the latest note's details are the ones that hold."""

    name: str
    title: str
    email: str
    gender: str
    phone: str | None = None
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Nominate:
    """Register a person the State named by note verbale, for one review or for all of its
    current reviews (`review_id` None)."""

    state_code: str
    role: str
    person: PersonDetails
    review_id: int | None = None
    nominated_on: dt.date | None = None
    note_verbale_ref: str | None = None
    note_verbale_date: dt.date | None = None


@dataclass(frozen=True)
class ReplaceFocalPoint:
    """The focal point of nomination `nomination_id` leaves; `person` takes over."""

    nomination_id: int
    person: PersonDetails
    nominated_on: dt.date | None = None
    note_verbale_ref: str | None = None
    note_verbale_date: dt.date | None = None
    reason: str | None = None


@dataclass(frozen=True)
class WithdrawNomination:
    nomination_id: int
    withdrawn_on: dt.date | None = None
    reason: str | None = None


@dataclass(frozen=True)
class WithdrawPerson:
    """The person leaves every review they serve in (in one role, or in all of theirs),
    and no review the State is drawn into later names them."""

    person_id: int
    role: str | None = None
    withdrawn_on: dt.date | None = None
    reason: str | None = None


@dataclass(frozen=True)
class ActivateNomination:
    """The secretariat gave the person access to REVMOD (note, para. 12 and 31)."""

    nomination_id: int
