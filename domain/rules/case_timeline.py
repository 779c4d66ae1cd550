"""A case's states over time, folded from its changes in business-date order (R-CAL-1, R-CASE-2).

Changes are ordered by business date, ties by position (the order they were
recorded), so an event recorded late takes its place on its own date. The
rules that follow a case (the review clocks R-PI-1/2, the pre-release meeting
R-PI-8) read these states.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple


class CaseChange(NamedTuple):
    """One lifecycle event of a case: its business date and its position in the event log."""

    position: int
    occurred_on: date
    kind: str  # referred, level-changed, release-date-set, released, recalled, archived, reopened, ...
    level: int | None = None
    in_custody: bool | None = None
    flag: bool | None = None  # recalled: recalled to prison
    on_date: date | None = None  # referred: expected release; release-date-set: the new release date


class CaseState(NamedTuple):
    """Where a case stood from ``since`` (the date of the change that made it so)."""

    since: date
    position: int
    kind: str  # the change that made this state
    level: int
    in_custody: bool
    archived: bool
    custody_since: date  # when the current spell in custody (or in the community) began
    expected_release_on: date | None

    def running(self, level: int) -> bool:
        """A review clock of ``level`` runs: at that level, in the community and not archived (R-PI-1/2)."""
        return self.level == level and not self.in_custody and not self.archived


def in_order(changes: Iterable[CaseChange]) -> list[CaseChange]:
    return sorted(changes, key=lambda change: (change.occurred_on, change.position))


def fold(changes: Iterable[CaseChange]) -> list[CaseState]:
    """Every state of the case, oldest first: one per change that changed the state.

    Changes before the referral (none in a consistent log) are ignored.
    """
    states: list[CaseState] = []
    for change in in_order(changes):
        current = states[-1] if states else None
        following = step(current, change)
        if following is not None and following != current:
            states.append(following)
    return states


def step(state: CaseState | None, change: CaseChange) -> CaseState | None:
    """The state after one change; None when the change does not move the state (or comes before a referral).

    For a reader that folds one change at a time from a saved state (the auditor's time travel)."""
    return _referred(change) if change.kind == "referred" else _next(state, change)


def _referred(change: CaseChange) -> CaseState:
    return CaseState(
        since=change.occurred_on, position=change.position, kind=change.kind, level=int(change.level or 1),
        in_custody=bool(change.in_custody), archived=False, custody_since=change.occurred_on,
        expected_release_on=change.on_date,
    )


_CHANGES_STATE = frozenset({"level-changed", "release-date-set", "released", "recalled", "archived", "reopened"})


def _next(state: CaseState | None, change: CaseChange) -> CaseState | None:
    kind = change.kind
    if state is None or kind not in _CHANGES_STATE:
        return None
    moved = state._replace(since=change.occurred_on, position=change.position, kind=kind)
    if kind == "level-changed":
        return moved._replace(level=int(change.level or state.level))
    if kind == "release-date-set":
        return moved._replace(expected_release_on=change.on_date)
    if kind == "released":
        return moved._replace(in_custody=False, custody_since=change.occurred_on, expected_release_on=None)
    if kind == "recalled" and change.flag and not state.in_custody:
        return moved._replace(in_custody=True, custody_since=change.occurred_on)
    if kind == "archived":
        return moved._replace(archived=True)
    if kind == "reopened":
        custody = bool(change.in_custody)
        return moved._replace(archived=False, level=int(change.level or state.level), in_custody=custody,
                              custody_since=change.occurred_on)
    return None


def state_at(states: Sequence[CaseState], day: date, position: int | None = None) -> CaseState | None:
    """The state at the end of ``day``, or just after the change at ``position`` when given."""
    found = None
    for state in states:
        if state.since > day or (position is not None and state.since == day and state.position > position):
            break
        found = state
    return found
