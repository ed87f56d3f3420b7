"""A hypothesis state machine over a review's lifecycle: whatever sequence of commands
(nominations, withdrawals, every stage command, send-backs, good and bad arguments),
no review reaches a state the rules forbid."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from services.reviews.domain import lifecycle as life
from services.reviews.domain import stages as s
from services.reviews.domain.facts import Move, ReviewFacts
from services.reviews.domain.rules import (
    MAX_SUMMARY_WORDS,
    OFFICIAL_LANGUAGES,
    TRANSLATION_STATUSES,
    Refused,
)

SUR, REVIEWING = "FRA", ("DEU", "KEN")
STATES = st.sampled_from([SUR, *REVIEWING, "ITA"])
QUESTIONS = frozenset({"q1", "q2", "q3"})
LANGUAGES = st.lists(st.sampled_from([*OFFICIAL_LANGUAGES, "de"]), max_size=4)
REASONS = st.one_of(st.none(), st.sampled_from(["", "  ", "exceptional circumstances"]))


class ReviewLifecycle(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.facts = ReviewFacts(stage=s.FIRST_STAGE, state_under_review=SUR,
                                 reviewing_states=REVIEWING, questions=QUESTIONS)
        self.moves: list[tuple[ReviewFacts, Move]] = []
        self.summaries: list[int] = []

    def attempt(self, command, *args) -> bool:
        before = self.facts
        try:
            outcome = command(before, *args)
        except Refused:
            return False
        if outcome.move is not None:
            self.moves.append((before, outcome.move))
        self.facts = outcome.facts
        return True

    @rule(state=STATES, active=st.booleans())
    def nomination_changes(self, state, active):
        # the service starts a waiting review as soon as the copy says all are nominated
        self.facts = life.set_focal_point(self.facts, state, active)
        self.attempt(life.start_if_ready)

    @rule()
    def start(self):
        self.attempt(life.start)

    @rule(languages=LANGUAGES, reason=REASONS)
    def hold_consultation(self, languages, reason):
        self.attempt(life.hold_consultation, languages, reason, "held")

    @rule(question=st.sampled_from(["q1", "q2", "q3", "q9"]), actor=STATES)
    def answer(self, question, actor):
        self.attempt(life.answer, question, actor)

    @rule(actor=STATES)
    def submit(self, actor):
        self.attempt(life.submit_questionnaire, actor)

    @rule(state=STATES)
    def feedback(self, state):
        self.attempt(life.give_feedback, state)

    @rule()
    def observations(self):
        self.attempt(life.write_observations)

    @rule(covering=st.booleans())
    def adopt_list(self, covering):
        """A version of the list per article adopted: of every article, or not."""
        missing = () if covering else ("convention 23",)
        self.facts = replace(self.facts, list_adopted=True, unobserved_articles=missing)

    @rule()
    def adopt(self):
        self.attempt(life.adopt_observations, "agreed")

    @rule(words=st.integers(min_value=0, max_value=MAX_SUMMARY_WORDS + 100))
    def summary(self, words):
        if self.attempt(life.write_summary, "word-word " * words):
            self.summaries.append(words)

    @rule(language=st.sampled_from([*OFFICIAL_LANGUAGES, "de"]),
          status=st.sampled_from(TRANSLATION_STATUSES))
    def translate(self, language, status):
        self.attempt(life.track_translation, language, status)

    @rule()
    def complete(self):
        self.attempt(life.complete, "done")

    @rule(reason=st.sampled_from(["", " ", "the feedback must be redone"]))
    def send_back(self, reason):
        self.attempt(life.send_back, reason)

    @rule()
    def cooperate(self):
        """Every party does its part of the present stage: drives runs deep into the
        lifecycle, where the other rules then try everything else."""
        for step in COOPERATION.get(self.facts.stage, ()):
            step(self)

    @invariant()
    def history_is_one_stage_at_a_time_and_never_leaves_completed(self):
        stage = s.FIRST_STAGE
        for _before, move in self.moves:
            assert move.from_stage == stage != s.COMPLETED
            step = s.position(move.to_stage) - s.position(move.from_stage)
            assert step == (-1 if move.backward else 1)
            assert move.reason.strip()
            stage = move.to_stage
        assert stage == self.facts.stage

    @invariant()
    def the_summary_follows_only_a_list_adopted_on_every_article(self):
        for before, move in self.moves:
            if move.from_stage == s.LIST_OF_OBSERVATIONS and not move.backward:
                assert before.list_adopted and not before.unobserved_articles

    @invariant()
    def no_review_starts_without_every_focal_point(self):
        for before, move in self.moves:
            if move.from_stage == s.WAITING_FOR_NOMINATIONS and not move.backward:
                assert before.missing_focal_points == ()

    @invariant()
    def each_stage_passed_has_its_output(self):
        f = self.facts
        if s.is_past(f.stage, s.PRELIMINARY_CONSULTATION):
            assert f.consultation_held and 1 <= len(f.languages) <= 3
            assert set(f.languages) <= set(OFFICIAL_LANGUAGES)
            assert len(set(f.languages)) == len(f.languages)
            assert len(f.languages) < 3 or (f.exceptional_reason or "").strip()
        if s.is_past(f.stage, s.SELF_ASSESSMENT):
            assert f.questionnaire_submitted and QUESTIONS <= f.answered
        if s.is_past(f.stage, s.WRITTEN_FEEDBACK):
            assert set(REVIEWING) <= f.feedback_from

    @invariant()
    def completed_only_with_a_summary_in_the_limit_translated_six_times(self):
        assert all(1 <= words <= MAX_SUMMARY_WORDS for words in self.summaries)
        if self.facts.stage == s.COMPLETED:
            assert self.facts.summary_versions >= 1
            assert self.facts.translated == frozenset(OFFICIAL_LANGUAGES)


def _nominate_all(machine):
    for state in machine.facts.participants:
        machine.nomination_changes(state, True)


def _answer_all(machine):
    for question in sorted(QUESTIONS):
        machine.answer(question, SUR)
    machine.submit(SUR)


def _summarise(machine):
    machine.summary(120)
    for language in OFFICIAL_LANGUAGES:
        machine.translate(language, "done")
    machine.complete()


COOPERATION = {
    s.WAITING_FOR_NOMINATIONS: (_nominate_all,),
    s.PRELIMINARY_CONSULTATION: (lambda m: m.hold_consultation(["en", "fr"], None),),
    s.SELF_ASSESSMENT: (_answer_all,),
    s.WRITTEN_FEEDBACK: tuple((lambda m, r=r: m.feedback(r)) for r in REVIEWING),
    s.LIST_OF_OBSERVATIONS: (lambda m: m.observations(), lambda m: m.adopt_list(True),
                             lambda m: m.adopt()),
    s.SUMMARY: (_summarise,),
}

ReviewLifecycle.TestCase.settings = settings(
    max_examples=150, stateful_step_count=50, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
test_no_sequence_of_commands_reaches_a_forbidden_state = ReviewLifecycle.TestCase
