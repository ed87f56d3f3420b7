"""What a person may act as: one grant per nomination (a role for one State), held from
the nomination until its withdrawal, and the secretariat's, made by a command. A person
nominated by two States, or in two roles, holds each; a token carries one of them."""

from __future__ import annotations

from dataclasses import dataclass

#: the order a grant is chosen in when the person names none
ORDER = ("secretariat", "focal_point", "expert", "observer")
#: the nominations' event types and the role each grants
NOMINATED_ROLES = {"FocalPointNominated": "focal_point", "ExpertNominated": "expert",
                   "ObserverNominated": "observer"}


@dataclass(frozen=True, order=True)
class Grant:
    role: str
    state: str | None


def held(grants: list[Grant]) -> list[Grant]:
    """Each distinct grant once, in ORDER, then by State."""
    return sorted(set(grants), key=lambda g: (ORDER.index(g.role), g.state or ""))


def choose(grants: list[Grant], role: str | None, state: str | None) -> Grant | None:
    """The grant asked for (or the first held when none is named); None if not held."""
    for grant in held(grants):
        if (role is None or grant.role == role) and (state is None or grant.state == state):
            return grant
    return None
