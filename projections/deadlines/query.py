"""Reading the deadlines view: open deadlines for the scheduler's sweep, and deadlines for a report.

``open_deadlines`` is the sweep's query: it reads the (status, due_on) index
and nothing else, so its cost grows with the open deadlines, not with history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Select, select

from projections.deadlines.model import Status
from projections.deadlines.tables import deadline_table as t


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    deadline_id: str
    kind: str
    rule: str
    area: str
    case_id: str | None
    case_reference: str | None
    subject_ref: str
    basis: date
    due_on: date
    status: str
    closed_on: date | None
    reason: str | None

    def days_overdue(self, as_of: date) -> int:
        """Days past the due date on ``as_of`` (0 when not yet due, or closed by then)."""
        end = self.closed_on if self.closed_on is not None and self.closed_on <= as_of else as_of
        return max((end - self.due_on).days, 0)

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


_COLUMNS = [t.c[name] for name in DeadlineRow.__dataclass_fields__]


def _rows(conn: Connection, query: Select[Any]) -> list[DeadlineRow]:
    return [DeadlineRow(*row) for row in conn.execute(query)]


def open_deadlines(conn: Connection, area: str | None = None, due_before: date | None = None) -> list[DeadlineRow]:
    """Every open deadline, earliest due first; only ``area``'s, and only those due before ``due_before``."""
    query = select(*_COLUMNS).where(t.c.status == str(Status.OPEN))
    if area is not None:
        query = query.where(t.c.area == area)
    if due_before is not None:
        query = query.where(t.c.due_on < due_before)
    return _rows(conn, query.order_by(t.c.due_on, t.c.deadline_id))


def deadlines_for_case(conn: Connection, case_reference: str) -> list[DeadlineRow]:
    """Every deadline of the case and of its meetings and ISPs, in any state, earliest due first."""
    query = select(*_COLUMNS).where(t.c.case_reference == case_reference)
    return _rows(conn, query.order_by(t.c.due_on, t.c.kind, t.c.deadline_id))


def find_deadlines(conn: Connection, *, status: str | None = None, area: str | None = None,
                   case_reference: str | None = None, due_from: date | None = None,
                   due_to: date | None = None) -> list[DeadlineRow]:
    """Deadlines for a report: any status (None: all), area, case and range of due dates (inclusive)."""
    query = select(*_COLUMNS)
    for column, value in ((t.c.status, status), (t.c.area, area), (t.c.case_reference, case_reference)):
        if value is not None:
            query = query.where(column == value)
    if due_from is not None:
        query = query.where(t.c.due_on >= due_from)
    if due_to is not None:
        query = query.where(t.c.due_on <= due_to)
    return _rows(conn, query.order_by(t.c.due_on, t.c.kind, t.c.deadline_id))


def deadline_by_id(conn: Connection, deadline_id: str) -> DeadlineRow | None:
    found = _rows(conn, select(*_COLUMNS).where(t.c.deadline_id == deadline_id))
    return found[0] if found else None
