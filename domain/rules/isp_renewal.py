"""R-REM-4 / R-ISP-1: each ISP funding period needs a renewal approved by the period's last funded day.

An ISP is approved for a period, then renewed period after period. Each approval or renewal with a last funded
day starts an obligation, due on that day (its ``arose_on`` too, the date its due date comes from). The next
approval or renewal meets the open one, on time when approved on or before that day, late otherwise; the ISP's
end stops it. The changes are taken in business-date order, ties in recording order (R-CAL-1).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from domain.rules.obligation import Obligation


class IspChange(NamedTuple):
    """One change of an ISP: its position in the event log, its business date, and what it was."""

    position: int
    occurred_on: date
    kind: str  # approved, renewed or ended
    until: date | None = None  # approved, renewed: the period's last funded day


class IspRenewal:
    """R-REM-4 over one ISP, fed its changes in order; each step returns the obligations it changed."""

    def __init__(self, current: Obligation | None = None):
        self.current = current  # the latest period's obligation

    def step(self, change: IspChange) -> list[Obligation]:
        changed = []
        current = self.current
        if change.kind in ("approved", "renewed") and change.until is not None:
            if current is not None and _open(current):
                changed.append(current.met(change.occurred_on))
            self.current = Obligation("R-REM-4", change.until, change.until)
            changed.append(self.current)
        elif change.kind == "ended" and current is not None and _open(current):
            self.current = current.stopped(change.occurred_on, f"ISP ended on {change.occurred_on.isoformat()}")
            changed.append(self.current)
        return changed


def _open(obligation: Obligation) -> bool:
    return obligation.met_on is None and obligation.stopped_on is None


def in_order(changes: Iterable[IspChange]) -> list[IspChange]:
    return sorted(changes, key=lambda change: (change.occurred_on, change.position))


def renewal_obligations(changes: Iterable[IspChange]) -> list[Obligation]:
    """Every renewal obligation of one ISP, each as it ended, in the order they arose."""
    renewal = IspRenewal()
    latest: dict[date, Obligation] = {}  # by last funded day: a later version replaces the earlier
    for change in in_order(changes):
        latest.update((obligation.arose_on, obligation) for obligation in renewal.step(change))
    return list(latest.values())
