"""Where a case stood on each date: its levels, archive periods and latest changes (R-CASE-2, R-CASE-3).

The case aggregate keeps these short timelines so that a command recorded late
can be checked against the case as it was on the command's business date, and
so that each timeline stays in date order: a change may not be dated before
the latest change of the same kind.
"""

from __future__ import annotations

from datetime import date
from typing import Any


class CaseTimeline:
    """The dated state of a case. Mixed into ``Case``; its events' ``apply`` methods call the setters."""

    levels: list[list[Any]]  # [since, level], in date order
    archives: list[list[Any]]  # [archived_on, reopened_on or None], in date order
    orders: dict[str, str]  # order_ref -> status
    order_dates: dict[str, date]  # order_ref -> date of its latest status
    changed_on: dict[str, date]  # "custody", "missing", "any" -> date of the latest such change

    # ---- setters (called by the events' apply methods) ------------------

    def moved(self, on: date, *aspects: str) -> None:
        for aspect in aspects:
            self.changed_on[aspect] = on
        self.changed_on["any"] = max(self.changed_on["any"], on)

    def set_order(self, order_ref: str, status: str, on: date) -> None:
        self.orders[order_ref] = str(status)
        self.order_dates[order_ref] = on
        self.moved(on)

    # ---- queries --------------------------------------------------------

    def level_on(self, day: date) -> int:
        """The level at the end of ``day`` (R-MTG-1 checks a meeting against it)."""
        level = self.levels[0][1]
        for since, value in self.levels:
            if since <= day:
                level = value
        return int(level)

    def levels_on(self, day: date) -> set[int]:
        """Every level the case had at some moment of ``day``."""
        before = [v for since, v in self.levels if since < day]
        during = {int(v) for since, v in self.levels if since == day}
        return during | ({int(before[-1])} if before else set())

    def was_archived_on(self, day: date) -> bool:
        return any(start <= day and (end is None or day < end) for start, end in self.archives)
