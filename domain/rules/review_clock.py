"""R-PI-1 (Level 3 reviews within 42 days) and R-PI-2 (Level 2 reviews within 84 days), and their deadlines
(R-REM-1): the review clock, written once.

A review clock of a level runs while the case is at that level, in the community and not archived. It
(re)starts on each meeting of the case at that level, and whenever it starts to run: the level becoming that
level (referral, change of level, re-opening) or release to the community. Each start is an obligation: the
next meeting at that level is due ``days`` after it (R-CAL-4).

- met: a meeting at the level held after the start; on time when on or before the due date, else late by the
  days between (``Obligation.judge``);
- stopped: the clock stops (the level changes, custody, archive) with no such meeting. Stopped on or before the
  due date, it is withdrawn; stopped after it, it was already late and stays late until the day it stopped
  (RULES §10, R-PI-1/2 refined);
- a meeting on the start day itself does not meet that obligation: it is a restart on the same day, so the due
  date stays the same;
- on one date, the case's meetings count before its changes: a meeting that decided a change of level, a
  return to custody or an archive still counts as the review.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from operator import itemgetter
from typing import Protocol

from domain.calendar import SIX_WEEKS, TWELVE_WEEKS
from domain.rules.case_timeline import CaseState
from domain.rules.obligation import Obligation


@dataclass(frozen=True)
class ReviewRule:
    rule: str
    level: int
    days: int


LEVEL_3_REVIEWS = ReviewRule("R-PI-1", 3, SIX_WEEKS)
LEVEL_2_REVIEWS = ReviewRule("R-PI-2", 2, TWELVE_WEEKS)
REVIEW_RULES = (LEVEL_3_REVIEWS, LEVEL_2_REVIEWS)


class HeldMeeting(Protocol):
    """A meeting of the case, as the clock reads it."""

    @property
    def held_on(self) -> date: ...

    @property
    def position(self) -> int: ...

    @property
    def level(self) -> int: ...

    @property
    def meeting_ref(self) -> str: ...


class ReviewClock:
    """One rule's clock over one case, fed the case's meetings and state changes in order.

    Each step returns the obligations it changed (the one met or stopped, the one started), so that a fold
    which keeps going event by event (the deadlines view) and one over a whole timeline (``review_obligations``)
    follow the same rule.
    """

    def __init__(self, rule: ReviewRule, current: Obligation | None = None):
        self.rule = rule
        self.current = current  # the obligation now running; None while the clock does not run

    def meeting(self, held_on: date, level: int, ref: str | None = None) -> list[Obligation]:
        current = self.current
        if current is None or level != self.rule.level or held_on <= current.arose_on:
            return []
        self.current = self._start(held_on)
        return [current.met(held_on, ref), self.current]

    def moved(self, on: date, running: bool, why: str) -> list[Obligation]:
        """The case's state changed on ``on``: the clock now runs, or not (``why`` says why it stopped)."""
        current = self.current
        if current is not None and not running:
            self.current = None
            return [current.stopped(on, why)]
        if current is None and running:
            self.current = self._start(on)
            return [self.current]
        return []

    def _start(self, on: date) -> Obligation:
        return Obligation(self.rule.rule, on, on + timedelta(days=self.rule.days))


def review_obligations(rule: ReviewRule, states: Sequence[CaseState], meetings: Iterable[HeldMeeting],
                       why: Callable[[CaseState, int], str] | None = None) -> list[Obligation]:
    """Every obligation of ``rule`` over the case's folded ``states`` and its ``meetings``, each as it ended.

    ``why`` words why a state stopped the clock (default ``why_stopped``, the indicators' words)."""
    why = why or why_stopped
    if all(state.level != rule.level for state in states):
        return []
    clock = ReviewClock(rule)
    latest: dict[date, Obligation] = {}  # by start date: a later version of an obligation replaces it
    for item in _stream(states, meetings):
        if isinstance(item, CaseState):
            changed = clock.moved(item.since, item.running(rule.level), why(item, rule.level))
        else:
            changed = clock.meeting(item.held_on, item.level, item.meeting_ref)
        latest.update((obligation.arose_on, obligation) for obligation in changed)
    return list(latest.values())


def why_stopped(state: CaseState, level: int) -> str:
    if state.archived:
        return "was archived"
    if state.in_custody:
        return "went into custody"
    return f"changed from Level {level} to Level {state.level}"


_KEY = itemgetter(0)


def _stream(states: Sequence[CaseState], meetings: Iterable[HeldMeeting]) -> list[CaseState | HeldMeeting]:
    """States and meetings by date; on one date meetings first, then by position."""
    items: list[tuple[tuple[date, int, int], CaseState | HeldMeeting]] = [
        ((state.since, 1, state.position), state) for state in states
    ]
    items.extend(((meeting.held_on, 0, meeting.position), meeting) for meeting in meetings)
    items.sort(key=_KEY)
    return [item for _, item in items]
