"""R-PI-1 (Level 3 reviews within 42 days) and R-PI-2 (Level 2 reviews within 84 days).

A review clock of a level runs while the case is at that level, in the
community and not archived. It (re)starts on each meeting of the case at that
level, and whenever it starts to run: the level becoming that level (referral,
change of level, re-opening) or release to the community. The next meeting is
due ``days`` after the latest restart; the due review belongs to the period its
due date falls in.

- met: a meeting at the level held after the restart and on or before the due date;
- not met: none by the due date (days late = the meeting date; or, while none is
  held, the as-of date; or the date the clock stopped, minus the due date);
- withdrawn: the clock stopped (level changed, custody, archive) on or before
  the due date with no meeting;
- pending: not yet met and the due date is on or after the as-of date.

On one date, the case's meetings count before its changes: a meeting that
decided a change of level, a return to custody or an archive still counts as
the review. A meeting on the restart day itself does not close that window; it
is a restart on the same day, so the due date stays the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from operator import itemgetter
from typing import NamedTuple

from domain.calendar import SIX_WEEKS, TWELVE_WEEKS, Period
from projections.indicators.facts import CaseFacts, MeetingFact
from projections.indicators.model import Occurrence, Status
from projections.indicators.timeline import CaseState, fold


@dataclass(frozen=True)
class ReviewRule:
    indicator: str
    level: int
    days: int


LEVEL_3_REVIEWS = ReviewRule("R-PI-1", 3, SIX_WEEKS)
LEVEL_2_REVIEWS = ReviewRule("R-PI-2", 2, TWELVE_WEEKS)


class _Window(NamedTuple):
    restart: date
    due: date


class _Clock:
    """Folds one case's states and meetings into its due reviews, oldest first.

    Only reviews due in ``period`` are recorded: the clock still runs through the others (they restart it),
    but most of a case's history is before the period, and building their details was most of the work.
    """

    def __init__(self, rule: ReviewRule, case: CaseFacts, period: Period):
        self.rule = rule
        self.case = case
        self.period = period
        self.running = False
        self.window: _Window | None = None
        self.found: list[Occurrence] = []

    def start(self, on: date) -> None:
        self.window = _Window(on, on + timedelta(days=self.rule.days))

    def meeting(self, meeting: MeetingFact) -> None:
        window = self.window
        if not self.running or window is None or meeting.level != self.rule.level:
            return
        if meeting.held_on > window.restart and self.period.contains(window.due):
            late = max((meeting.held_on - window.due).days, 0)
            status = Status.MET if not late else Status.NOT_MET
            detail = f"reviewed {meeting.held_on.isoformat()}" + (f", {late} days after the due date" if late else "")
            self._record(window, status, late or None, detail, meeting.meeting_ref)
        self.start(meeting.held_on)

    def state(self, state: CaseState) -> None:
        running = state.running(self.rule.level)
        if self.running and not running and self.window is not None:
            self._stop(self.window, state)
        elif running and not self.running:
            self.start(state.since)
        self.running = running

    def finish(self, as_of: date) -> None:
        window = self.window
        if not self.running or window is None or not self.period.contains(window.due):
            return
        if as_of <= window.due:
            self._record(window, Status.PENDING, None, f"due {window.due.isoformat()}, no review yet")
        else:
            late = (as_of - window.due).days
            self._record(window, Status.NOT_MET, late, f"no Level {self.rule.level} review held yet")

    def _stop(self, window: _Window, state: CaseState) -> None:
        self.window = None
        if not self.period.contains(window.due):
            return
        why = _why_stopped(state, self.rule.level)
        if state.since <= window.due:
            if state.since > window.restart:
                self._record(window, Status.WITHDRAWN, None, f"withdrawn: {why} on {state.since.isoformat()}")
        else:
            late = (state.since - window.due).days
            self._record(window, Status.NOT_MET, late, f"no review before the case {why} on {state.since.isoformat()}")

    def _record(self, window: _Window, status: Status, late: int | None, detail: str,
                meeting_ref: str | None = None) -> None:
        self.found.append(Occurrence(self.rule.indicator, self.case.area, self.case.reference, window.due, status,
                                     meeting_ref, None, late, detail))


def _why_stopped(state: CaseState, level: int) -> str:
    if state.archived:
        return "was archived"
    if state.in_custody:
        return "went into custody"
    return f"changed from Level {level} to Level {state.level}"


REVIEW_RULES = (LEVEL_3_REVIEWS, LEVEL_2_REVIEWS)


def review_occurrences(case: CaseFacts, meetings: Iterable[MeetingFact], period: Period, as_of: date,
                       states: Sequence[CaseState] | None = None,
                       rules: Sequence[ReviewRule] = REVIEW_RULES) -> list[Occurrence]:
    """The case's due reviews of each of ``rules`` (in that order) whose due date falls in ``period``, judged
    as of ``as_of``: one pass over the case's states and meetings drives a clock per rule.

    ``states`` is the case's folded timeline, when the caller has it already.
    """
    states = fold(case.changes) if states is None else states
    levels = {state.level for state in states}
    clocks = [_Clock(rule, case, period) for rule in rules if rule.level in levels]
    if not clocks:
        return []
    for item in _stream(states, meetings, as_of):
        if isinstance(item, MeetingFact):
            for clock in clocks:
                clock.meeting(item)
        else:
            for clock in clocks:
                clock.state(item)
    found: list[Occurrence] = []
    for clock in clocks:
        clock.finish(as_of)
        found.extend(clock.found)
    return found


_KEY = itemgetter(0)


def _stream(states: Sequence[CaseState], meetings: Iterable[MeetingFact],
            as_of: date) -> list[CaseState | MeetingFact]:
    """States and meetings up to ``as_of`` by date; on one date meetings first, then by position."""
    items: list[tuple[tuple[date, int, int], CaseState | MeetingFact]] = [
        ((s.since, 1, s.position), s) for s in states if s.since <= as_of
    ]
    items.extend(((m.held_on, 0, m.position), m) for m in meetings if m.held_on <= as_of)
    items.sort(key=_KEY)
    return [item for _, item in items]
