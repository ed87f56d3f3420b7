"""Reads several pages share: the States parties' names and regional groups."""

from __future__ import annotations

from services.portal.adapters.peers import Peers


def states(p: Peers) -> list[dict]:
    return p.all("lots", "/states")


def state_names(p: Peers) -> dict[str, str]:
    return {s["code"]: s["name"] for s in states(p)}
