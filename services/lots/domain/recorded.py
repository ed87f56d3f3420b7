"""A draw's result as drawn at a meeting, checked against every rule of the draw
(../shared/DOMAIN.md, "Drawing of lots") before it is recorded: the system does not draw it
again, but it does not record a result the rules forbid unless the review is marked as an
agreed exception, with its reason.

Each breach names its rule and the review it concerns; a breach is excused when that review
(for a mutual pair, either of its two reviews) is an agreed exception.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from services.lots.domain.parties import StateParty
from services.lots.domain.rules import (
    ADDITIONAL,
    ANY_REGION,
    CONVENTION,
    OTHER_REGION,
    SAME_REGION,
    Rules,
    ordered_instruments,
)


@dataclass(frozen=True)
class RecordedReview:
    """One State under review with the reviewing States drawn for it at the meeting."""

    state_under_review: str
    reviewing_states: tuple[str, ...]
    #: reviewers added by an additional draw: {code: the instruments they review}
    additional_reviewers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: set when the review departs from a rule as an agreed exception
    exception_reason: str | None = None

    @property
    def reviewers(self) -> tuple[str, ...]:
        return (*self.reviewing_states, *self.additional_reviewers)


@dataclass(frozen=True)
class Breach:
    rule: str
    state_under_review: str
    detail: str
    #: the other review of a mutual pair, whose exception excuses the breach as well
    also: str | None = None


@dataclass(frozen=True)
class RecordedPick:
    """A reviewer in the shape of a pick: its place, what it reviews, whose gap it fills."""

    state_under_review: str
    reviewer: str
    slot: str
    instruments: tuple[str, ...]
    completes: str | None = None


def breaches(reviews: list[RecordedReview], parties: Mapping[str, StateParty],
             phase_pairs: Iterable[tuple[str, str]], rules: Rules) -> list[Breach]:
    """Every rule the result breaks that no exception excuses, review by review."""
    found = [b for r in reviews for b in _review_breaches(r, parties, rules)]
    found += _pair_breaches(reviews, set(phase_pairs))
    found += _load_breaches(reviews, rules.max_per_reviewer)
    excused = {r.state_under_review for r in reviews if (r.exception_reason or "").strip()}
    return [b for b in found if b.state_under_review not in excused and b.also not in excused]


def _review_breaches(review: RecordedReview, parties: Mapping[str, StateParty],
                     rules: Rules) -> list[Breach]:
    state = review.state_under_review
    party = parties[state]
    out: list[Breach] = []

    def breach(rule: str, detail: str) -> None:
        out.append(Breach(rule, state, detail))

    if state in review.reviewers:
        breach("no_self_review", f"{state} cannot review itself")
    if len(review.reviewing_states) != 2 or len(set(review.reviewers)) != len(review.reviewers):
        breach("two_reviewing_states", f"{state} needs two different reviewing States, "
               f"besides any additional ones; given {', '.join(review.reviewers)}")
    elif party.regional_group is not None and sorted(
            parties[r].regional_group == party.regional_group
            for r in review.reviewing_states) != [False, True]:
        breach("regional_groups", f"of the reviewing States of {state}, one must be of its "
               "regional group and one of another")
    if len(review.reviewers) > rules.limit_for(state):
        breach("max_reviewing_states", f"{state} has {len(review.reviewers)} reviewing "
               f"States; at most {rules.limit_for(state)} unless it agreed to more")
    for detail in _instrument_gaps(review, parties):
        breach("instruments", detail)
    return out


def _instrument_gaps(review: RecordedReview, parties: Mapping[str, StateParty]) -> list[str]:
    """A main reviewer shares the Convention; every instrument of the State under review is
    reviewed by a State party to it; an additional reviewer is party to what it reviews."""
    state = parties[review.state_under_review]
    own = set(state.instruments)
    found = []
    for code in review.reviewing_states:
        if CONVENTION in own and CONVENTION not in parties[code].instruments:
            found.append(f"{code} is not party to the Convention")
    for code, instruments in review.additional_reviewers.items():
        missing = set(instruments) - set(parties[code].instruments)
        if missing:
            found.append(f"{code} reviews {', '.join(ordered_instruments(missing))} without "
                         "being party to it")
    covered = {i for code, instruments in review.additional_reviewers.items()
               for i in instruments}
    for code in review.reviewing_states:
        gap = own - set(parties[code].instruments) - covered
        if gap:
            found.append(f"{code} is not party to {', '.join(ordered_instruments(gap))} and "
                         "no additional reviewer reviews it")
    return found


def _pair_breaches(reviews: list[RecordedReview], phase_pairs: set[tuple[str, str]]
                   ) -> list[Breach]:
    """No mutual review in the phase: not within this result, nor against the phase's
    other draws. A pair within the result is named once, on its later review."""
    out = []
    seen: set[tuple[str, str]] = set()
    for review in reviews:
        state = review.state_under_review
        for reviewer in review.reviewers:
            if (state, reviewer) in seen:
                out.append(Breach("no_mutual_reviews", state, f"{reviewer} and {state} "
                                  "would review each other", also=reviewer))
            elif (state, reviewer) in phase_pairs:
                out.append(Breach("no_mutual_reviews", state, f"{state} already reviews "
                                  f"{reviewer} in this phase"))
            seen.add((reviewer, state))
    return out


def _load_breaches(reviews: list[RecordedReview], cap: int) -> list[Breach]:
    """A State is drawn as reviewer at most `cap` times in a group; the reviews beyond the
    cap, in the result's order, are the ones that break it."""
    load: Counter = Counter()
    out = []
    for review in reviews:
        for reviewer in review.reviewers:
            load[reviewer] += 1
            if load[reviewer] > cap:
                out.append(Breach("max_reviews_per_reviewer", review.state_under_review,
                                  f"{reviewer} would review {load[reviewer]} States of the "
                                  f"group; at most {cap}"))
    return out


def picks_of(review: RecordedReview, parties: Mapping[str, StateParty]) -> list[RecordedPick]:
    """The review's reviewers as picks: the place each main reviewer takes, and for each
    additional one the main reviewer whose gap it fills."""
    state = parties[review.state_under_review]
    own = set(state.instruments)
    picks = []
    for code in review.reviewing_states:
        if state.regional_group is None:
            slot = ANY_REGION
        else:
            slot = SAME_REGION if parties[code].regional_group == state.regional_group \
                else OTHER_REGION
        picks.append(RecordedPick(state.code, code, slot,
                                  ordered_instruments(own & set(parties[code].instruments))))
    for code, instruments in review.additional_reviewers.items():
        completes = next((p.reviewer for p in picks[:len(review.reviewing_states)]
                          if (own - set(parties[p.reviewer].instruments)) & set(instruments)),
                         None)
        picks.append(RecordedPick(state.code, code, ADDITIONAL,
                                  ordered_instruments(instruments), completes))
    return picks
