"""R-REM-5 / R-SCR-1: each action of an SCR's recommendations is due on its due date.

An action assigned with a due date is an obligation due that day (its ``arose_on`` too). It is met when
progress records it completed, or when its recommendation is closed, on that day. Assigned again, it starts a
new obligation for the new due date. The changes are taken in business-date order, ties in recording order
(R-CAL-1).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from domain.rules.obligation import Obligation


class ScrChange(NamedTuple):
    """One change of an SCR: its position in the event log, its business date, and what it was."""

    position: int
    occurred_on: date
    kind: str  # action (assigned), progressed, recommendation-closed
    action: str = ""  # action, progressed: the action's reference
    recommendation: str | None = None  # action, recommendation-closed: the recommendation's reference
    due_on: date | None = None  # action: its due date
    completed: bool = False  # progressed: the action is completed


class ActionObligation(NamedTuple):
    action: str
    obligation: Obligation


class ScrActions:
    """R-REM-5 over one SCR, fed its changes in order; each step returns the obligations it changed."""

    def __init__(self) -> None:
        self.actions: dict[str, Obligation] = {}
        self.recommendation_of: dict[str, str] = {}

    def step(self, change: ScrChange) -> list[ActionObligation]:
        action = change.action
        if change.kind == "action" and change.due_on is not None:
            self.actions[action] = Obligation("R-REM-5", change.due_on, change.due_on)
            self.recommendation_of[action] = change.recommendation or ""
            return [ActionObligation(action, self.actions[action])]
        if change.kind == "progressed" and change.completed and _open(self.actions.get(action)):
            return [self._met(action, change.occurred_on, "completed")]
        if change.kind == "recommendation-closed":
            why = f"recommendation {change.recommendation} closed"
            return [self._met(ref, change.occurred_on, why) for ref, obligation in self.actions.items()
                    if self.recommendation_of[ref] == change.recommendation and _open(obligation)]
        return []

    def _met(self, action: str, on: date, by: str) -> ActionObligation:
        self.actions[action] = self.actions[action].met(on, by)
        return ActionObligation(action, self.actions[action])


def _open(obligation: Obligation | None) -> bool:
    return obligation is not None and obligation.met_on is None and obligation.stopped_on is None


def in_order(changes: Iterable[ScrChange]) -> list[ScrChange]:
    return sorted(changes, key=lambda change: (change.occurred_on, change.position))


def action_obligations(changes: Iterable[ScrChange]) -> list[ActionObligation]:
    """Every action obligation of one SCR, each as it ended, in the order they arose."""
    actions = ScrActions()
    latest: dict[tuple[str, date], ActionObligation] = {}  # a later version replaces the earlier
    for change in in_order(changes):
        latest.update(((found.action, found.obligation.arose_on), found) for found in actions.step(change))
    return list(latest.values())
