"""Event envelope and the versioned contracts of every event on the bus."""

from shared.events.contracts import CONTRACTS, Contract, contract_for
from shared.events.envelope import Envelope, InvalidMessage, decode, encode, new_event

__all__ = [
    "CONTRACTS",
    "Contract",
    "Envelope",
    "InvalidMessage",
    "contract_for",
    "decode",
    "encode",
    "new_event",
]
