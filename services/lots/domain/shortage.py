"""Counting proofs that a draw is impossible: too few reviews to go round, or too few
reviewers party to an instrument. The exact search makes the second check before it
starts, which spares it hopeless cases it would otherwise have to exhaust one by one.

Too few reviews: a maximum flow from kinds of reviewers (regional group, instruments) to
kinds of places, each kind of reviewer bringing its members' room.

Too few reviewers party to an instrument: each main place of a State under review starts
a chain, its reviewer and, if that one has a gap, the additional reviewer. For each
instrument of the State, someone in the chain must be party to it. Count, per
instrument, one such reviewer per chain: each reviewer has its room, and each pair of
States can serve at most once (a second time would be a doubled or a mutual review).
That is a maximum flow, chains to pairs to reviewers; a pair may hand its unit to either
of its two States, which only loosens the count, so a shortfall is still a proof.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from services.lots.domain.board import Board
from services.lots.domain.rules import ADDITIONAL, Problem, Slot


def uncovered(board: Board, empty: list[Slot]) -> tuple[str, list[str]] | None:
    """The first instrument some chains cannot all cover, and their States; else None."""
    p = board.p
    instruments = sorted({i for slot in empty for i in p.inst[slot.state]})
    for instrument in instruments:
        chains = _chains(board, empty, instrument)
        if chains and not _enough(board, chains):
            return instrument, sorted({slot.state for slot in chains})
    return None


def _chains(board: Board, empty: list[Slot], instrument: str) -> dict[Slot, list[str]]:
    """For each empty place whose chain still needs `instrument`, who could bring it."""
    p, chains = board.p, {}
    holders = p.candidates((ADDITIONAL, frozenset([instrument])))
    for slot in empty:
        state = slot.state
        if instrument not in p.inst[state]:
            continue
        if slot.additional and instrument not in board.gap_of(slot.main):
            continue
        chains[slot] = [r for r in holders if r != state and r not in p.barred[state]
                        and r not in board.reviewers_of.get(state, ())
                        and not (board.mutual and r in board.reviews.get(state, ()))
                        and board.load.get(r, 0) < board.cap]
    return chains


def _enough(board: Board, chains: dict[Slot, list[str]]) -> bool:
    graph = nx.DiGraph()
    for slot, holders in chains.items():
        graph.add_edge("source", ("chain", slot), capacity=1)
        for reviewer in holders:
            pair = tuple(sorted((reviewer, slot.state)))
            graph.add_edge(("chain", slot), ("pair", pair), capacity=1)
            graph.add_edge(("pair", pair), ("through", pair), capacity=1)
            for end in pair:
                room = board.cap - board.load.get(end, 0)
                if room > 0:
                    graph.add_edge(("through", pair), ("reviewer", end), capacity=1)
                    graph.add_edge(("reviewer", end), "sink", capacity=room)
    if "sink" not in graph:
        return False
    return nx.maximum_flow_value(graph, "source", "sink") >= len(chains)


def too_few_reviews(problem: Problem) -> tuple[list[str], int] | None:
    """The States short of reviewers, and their places, if there are too few reviews to go
    round: a maximum flow from kinds of reviewers to kinds of places (a relaxation: it
    ignores who may not review whom), whose minimum cut names the States."""
    graph, demand, states_of = nx.DiGraph(), Counter(), {}
    for state in problem.under_review:
        for index in (0, 1):
            key = problem.key(Slot(state, index))
            demand[key] += 1
            states_of.setdefault(key, []).append(state)
    for instruments, members in problem.by_instruments():
        for region in sorted({problem.region[m] or "" for m in members}):
            group = [m for m in members if (problem.region[m] or "") == region]
            node = ("reviewers", region, instruments)
            graph.add_edge("source", node, capacity=len(group) * problem.rules.max_per_reviewer)
            for key in demand:
                if problem.fits_key(key, group[0]):
                    graph.add_edge(node, ("places", key))
    for key, count in demand.items():
        graph.add_edge(("places", key), "sink", capacity=count)
    value, flow = nx.maximum_flow(graph, "source", "sink")
    if value >= sum(demand.values()):
        return None
    short = _hall_set(graph, flow, demand)
    return sorted({s for key in short for s in states_of[key]}), sum(demand[k] for k in short)


def _hall_set(graph: nx.DiGraph, flow: dict, demand: Counter) -> list[tuple]:
    """Kinds of places reachable, through alternating paths, from one left unfilled."""
    todo = [k for k in demand if flow[("places", k)]["sink"] < demand[k]]
    seen = set(todo)
    while todo:
        key = todo.pop()
        for node in graph.predecessors(("places", key)):
            for _, place in graph.out_edges(node):
                other = place[1]
                if flow[node][place] > 0 and other not in seen:
                    seen.add(other)
                    todo.append(other)
    return sorted(seen, key=repr)
