"""The facts a report reads that were recorded after a moment: what later corrections changed (R-CAL-1).

A report as known at T leaves out every fact recorded after T (see ``known_at``).
The facts it leaves out, and so the whole difference between the report shown
at T and the report now, are the rows of the same read models recorded after
T, within the report's scope: case changes, meetings and meeting steps dated
on or before the as-of date, the area's closure days (they move working-day
deadlines, whatever date they were recorded on), and the reasons recorded for
the report's exceptions. Each is named by its position in the event log.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, select

from projections.indicators.scope import Scope
from projections.views.area import closure_change_table
from projections.views.case import case_table, change_table
from projections.views.exception import reason_table
from projections.views.meeting import meeting_table, step_table


@dataclass(frozen=True)
class LateFact:
    position: int  # the event's position in the log
    record: str  # what it is about: "Case N-0001", "Meeting M-1", "Area north", "Exception R-PI-1:..."


def recorded_after(conn: Connection, scope: Scope, known_at: datetime, exception_keys: Collection[str]) -> list[
        LateFact]:
    """The facts of ``scope`` recorded after ``known_at`` (aware), in log order; reasons only for the given keys."""
    found: dict[int, str] = {}
    for query, label in (_case_changes(scope, known_at), _meetings(scope, known_at), _steps(scope, known_at),
                         _closures(scope, known_at), _reasons(scope, known_at, exception_keys)):
        found.update((int(position), label.format(name)) for position, name in conn.execute(query))
    return [LateFact(position, record) for position, record in sorted(found.items())]


def _in_area(query: Select[Any], area: Any, scope: Scope) -> Select[Any]:
    return query.where(area == scope.area) if scope.area else query


def _case_changes(scope: Scope, known_at: datetime) -> tuple[Select[Any], str]:
    ch, cs = change_table.c, case_table.c
    query = (select(ch.position, cs.reference).join(case_table, cs.case_id == ch.case_id)
             .where(ch.recorded_at > known_at, ch.occurred_on <= scope.as_of))
    return _in_area(query, ch.area, scope), "Case {}"


def _meetings(scope: Scope, known_at: datetime) -> tuple[Select[Any], str]:
    m = meeting_table.c
    query = select(m.position, m.meeting_ref).where(m.recorded_at > known_at, m.held_on <= scope.as_of)
    return _in_area(query, m.area, scope), "Meeting {}"


def _steps(scope: Scope, known_at: datetime) -> tuple[Select[Any], str]:
    st, m = step_table.c, meeting_table.c
    query = (select(st.position, m.meeting_ref).join(meeting_table, m.meeting_id == st.meeting_id)
             .where(st.recorded_at > known_at, st.occurred_on <= scope.as_of))
    return _in_area(query, m.area, scope), "Meeting {}"


def _closures(scope: Scope, known_at: datetime) -> tuple[Select[Any], str]:
    c = closure_change_table.c
    query = select(c.position, c.area).where(c.recorded_at > known_at)
    return _in_area(query, c.area, scope), "Area {}"


def _reasons(scope: Scope, known_at: datetime, exception_keys: Collection[str]) -> tuple[Select[Any], str]:
    r = reason_table.c
    return (select(r.position, r.exception_key).where(r.recorded_at > known_at, r.exception_key.in_(
        list(exception_keys)))), "Exception {}"
