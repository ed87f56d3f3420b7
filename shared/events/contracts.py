"""Every event on the bus: its producer, version and payload schema, declared in one place.

A contract is looked up by (type, version); a consumer refuses any pair not listed here.
Payloads are JSON on the wire and Python values (dates, lists) in handlers.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from marshmallow import Schema, ValidationError

from shared.events import payloads as p


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@dataclass(frozen=True)
class Contract:
    type: str
    producer: str
    version: int
    schema: type[Schema]

    @property
    def routing_key(self) -> str:
        return f"{self.producer}.{snake(self.type)}"

    @functools.cached_property
    def _schema(self) -> Schema:
        """One instance, made on first use: a schema keeps no state between calls, and
        making one for each event cost a tenth of a stage-change request."""
        return self.schema()

    def dump(self, payload: dict) -> dict:
        """Serialise a payload for the wire, refusing one the contract would not load."""
        wire = self._schema.dump(payload)
        errors = self._schema.validate(wire)
        if errors:
            raise ValidationError(errors)
        return wire

    def load(self, wire: dict) -> dict:
        return self._schema.load(wire)


_ALL = [
    Contract("StatePartyRegistered", "lots", 1, p.StatePartySchema),
    Contract("StatePartyUpdated", "lots", 1, p.StatePartySchema),
    Contract("DrawCommitted", "lots", 1, p.DrawCommittedSchema),
    Contract("LotsDrawn", "lots", 1, p.LotsDrawnSchema),
    Contract("DrawRepeated", "lots", 1, p.DrawRepeatedSchema),
    Contract("ReviewScheduled", "reviews", 1, p.ReviewScheduledSchema),
    Contract("ReviewStageChanged", "reviews", 1, p.ReviewStageChangedSchema),
    Contract("ReviewDeadlineMissed", "reviews", 1, p.ReviewDeadlineMissedSchema),
    Contract("ReviewCompleted", "reviews", 1, p.ReviewCompletedSchema),
    Contract("PhaseOverrideRecorded", "reviews", 1, p.PhaseOverrideRecordedSchema),
    Contract("QuestionnaireSubmitted", "reviews", 1, p.QuestionnaireSubmittedSchema),
    Contract("FeedbackGiven", "reviews", 1, p.FeedbackGivenSchema),
    Contract("ObservationsAdopted", "reviews", 1, p.ObservationsAdoptedSchema),
    Contract("MissionContactChanged", "nominations", 1, p.MissionContactSchema),
    Contract("FocalPointNominated", "nominations", 1, p.NominatedSchema),
    Contract("ExpertNominated", "nominations", 1, p.NominatedSchema),
    Contract("ObserverNominated", "nominations", 1, p.NominatedSchema),
    Contract("NominationWithdrawn", "nominations", 1, p.NominationWithdrawnSchema),
    Contract("NominationMissing", "nominations", 1, p.NominationMissingSchema),
    Contract("NotificationSent", "notifications", 1, p.NotificationOutcomeSchema),
    Contract("NotificationFailed", "notifications", 1, p.NotificationOutcomeSchema),
    Contract("AccountInvited", "accounts", 1, p.AccountInvitedSchema),
    Contract("AccountActivated", "accounts", 1, p.AccountActivatedSchema),
    Contract("SignInFailed", "accounts", 1, p.SignInFailedSchema),
    Contract("AccountChanged", "accounts", 1, p.AccountChangedSchema),
    Contract("SurveyOpened", "survey", 1, p.SurveyOpenedSchema),
    Contract("SurveyAnswered", "survey", 1, p.SurveyAnsweredSchema),
    Contract("SurveyClosed", "survey", 1, p.SurveyClosedSchema),
]

CONTRACTS: dict[tuple[str, int], Contract] = {(c.type, c.version): c for c in _ALL}
_CURRENT: dict[str, Contract] = {}
for _c in _ALL:
    if _c.version >= _CURRENT.get(_c.type, _c).version:
        _CURRENT[_c.type] = _c


def contract_for(type_: str, version: int | None = None) -> Contract:
    """The contract of an event type: the given version, or the current one to publish."""
    if version is None:
        if type_ not in _CURRENT:
            raise KeyError(f"unknown event type {type_!r}")
        return _CURRENT[type_]
    if (type_, version) not in CONTRACTS:
        raise KeyError(f"unknown event {type_!r} version {version}")
    return CONTRACTS[(type_, version)]


def routing_keys(*types: str) -> list[str]:
    return [contract_for(t).routing_key for t in types]


__all__ = ["CONTRACTS", "Contract", "contract_for", "routing_keys", "snake"]
