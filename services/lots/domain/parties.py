"""States parties as the draw sees them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StateParty:
    code: str
    name: str
    regional_group: str | None
    legal_system: str | None
    instruments: tuple[str, ...]
