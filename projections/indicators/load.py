"""Loads the facts an indicator report needs from the read models (SQLAlchemy Core).

Only what the period needs is read: the cases of the area that were ever at
Level 2 or 3 (their whole timeline, which is short), the meetings from 84 days
before the period to the as-of date (review clocks), the invitations and steps
of the meetings held in the period, and the initial Level 3 community meetings
(R-PI-8). Facts dated after the as-of date, and facts recorded after the
known-at moment, are left out here, in SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, not_, select

from domain.calendar import TWELVE_WEEKS, Period
from projections.indicators.facts import AreaFacts, CaseChange, CaseFacts, Invitation, MeetingFact, Step
from projections.views.area import calendar_for
from projections.views.case import case_table, change_table
from projections.views.meeting import invitation_table, meeting_table, step_table


@dataclass(frozen=True)
class Scope:
    """What a report covers: an area (None: all areas), a period, the as-of date and, optionally,
    the known-at moment (facts recorded later are ignored) and one case (to check one exception)."""

    area: str | None
    period: Period
    as_of: date
    known_at: datetime | None = None
    case_reference: str | None = None

    @property
    def window_start(self) -> date:
        """The earliest restart of a review due in the period (R-PI-2: 84 days before it)."""
        return self.period.start - timedelta(days=TWELVE_WEEKS)

    @property
    def last_meeting_day(self) -> date:
        return min(self.period.end, self.as_of)

    @property
    def known_at_utc(self) -> datetime | None:
        """SQLite keeps UTC timestamps without a zone, so compare in UTC."""
        return self.known_at.astimezone(UTC) if self.known_at else None


def load_facts(conn: Connection, scope: Scope) -> list[AreaFacts]:
    """The facts of each area in scope (one area, or every area with facts), in area order."""
    cases = _cases(conn, scope)
    meetings = _meetings(conn, _meeting_filter(scope, scope.window_start, scope.as_of))
    in_period = [m for m in meetings if scope.period.start <= m.held_on <= scope.last_meeting_day]
    in_period = _with_details(conn, scope, in_period)
    initial = _meetings(conn, [*_meeting_filter(scope, None, scope.last_meeting_day),
                                      meeting_table.c.kind == "initial", meeting_table.c.level == 3,
                                      meeting_table.c.venue == "community"])
    areas = {scope.area} if scope.area else {c.area for c in cases} | {m.area for m in meetings}
    return [
        AreaFacts(
            area=area, calendar=calendar_for(conn, area, scope.known_at_utc),
            cases=tuple(c for c in cases if c.area == area),
            review_meetings=tuple(m for m in meetings if m.area == area),
            period_meetings=tuple(m for m in in_period if m.area == area),
            initial_meetings=tuple(m for m in initial if m.area == area),
        )
        for area in sorted(areas)
    ]


# ---- cases -----------------------------------------------------------------


# The changes that set a level (the only ones whose level the timeline reads): naming them lets the query
# read the (area, kind) index instead of every change of the area.
_SETS_LEVEL = ("referred", "level-changed", "reopened")


def _relevant_cases(scope: Scope) -> Select[Any]:
    """Cases of the scope that were at Level 2 or 3 at some time up to the as-of date."""
    ch, cs = change_table.c, case_table.c
    at_level = select(ch.case_id).where(ch.kind.in_(_SETS_LEVEL), ch.level.in_((2, 3)), ch.occurred_on <= scope.as_of,
                                        *_known(ch, scope))
    if scope.area:
        at_level = at_level.where(ch.area == scope.area)
    query = select(cs.case_id, cs.reference, cs.area).where(cs.case_id.in_(at_level))
    if scope.case_reference:
        query = query.where(cs.reference == scope.case_reference)
    if scope.known_at is None:  # archived since before the window, as far as is known now: nothing to judge
        query = query.where(not_(and_(cs.archived, cs.archived_on < scope.window_start)))
    return query


def _cases(conn: Connection, scope: Scope) -> list[CaseFacts]:
    relevant = _relevant_cases(scope).subquery()
    ch = change_table.c
    query = (
        select(relevant.c.reference, relevant.c.area, ch.case_id, ch.position, ch.occurred_on, ch.kind, ch.level,
               ch.in_custody, ch.flag, ch.on_date)
        .join(relevant, relevant.c.case_id == ch.case_id)
        .where(ch.occurred_on <= scope.as_of, *_known(ch, scope))
        .order_by(ch.case_id, ch.occurred_on, ch.position)
    )
    grouped: dict[str, tuple[str, str, list[CaseChange]]] = {}
    new = tuple.__new__
    for row in conn.execute(query).all():
        entry = grouped.get(row[2]) or grouped.setdefault(row[2], (row[0], row[1], []))
        entry[2].append(new(CaseChange, row[3:]))
    return [CaseFacts(case_id, ref, area, tuple(changes)) for case_id, (ref, area, changes) in grouped.items()]


# ---- meetings --------------------------------------------------------------


def _meeting_filter(scope: Scope, start: date | None, end: date) -> list[ColumnElement[bool]]:
    m = meeting_table.c
    where = [m.held_on <= end, *_known(m, scope)]
    if start is not None:
        where.append(m.held_on >= start)
    if scope.area:
        where.append(m.area == scope.area)
    if scope.case_reference:
        where.append(m.case_reference == scope.case_reference)
    return where


_MEETING_COLUMNS = ("meeting_id", "meeting_ref", "case_id", "case_reference", "area", "held_on", "level", "kind",
                    "venue", "position")


def _meetings(conn: Connection, where: Sequence[ColumnElement[bool]]) -> list[MeetingFact]:
    columns = [meeting_table.c[name] for name in _MEETING_COLUMNS]
    new, details = tuple.__new__, ((), ())  # no invitations or steps yet
    return [new(MeetingFact, (*row, *details)) for row in conn.execute(select(*columns).where(*where)).all()]


def _with_details(conn: Connection, scope: Scope, meetings: list[MeetingFact]) -> list[MeetingFact]:
    """The meetings with their invitations and their steps up to the as-of date.

    Invitations and steps are joined to the meetings held in the period (read in the meetings' index order,
    so the rows they point at are read together), and each row becomes its fact with ``tuple.__new__``: a
    large area has tens of thousands of them, and this is the hot path of a report (docs/indicators.md).
    """
    if not meetings:
        return []
    held = _meeting_filter(scope, scope.period.start, scope.last_meeting_day)
    m, inv, st = meeting_table.c, invitation_table.c, step_table.c
    invitations: dict[str, list[Invitation]] = {meeting.meeting_id: [] for meeting in meetings}
    new = tuple.__new__
    for meeting_id, *invitation in conn.execute(
            select(inv.meeting_id, inv.agency, inv.responsible, inv.outcome, inv.at_seniority)
            .join_from(meeting_table, invitation_table, inv.meeting_id == m.meeting_id).where(*held)).all():
        invitations[meeting_id].append(new(Invitation, invitation))
    steps: dict[str, list[Step]] = {meeting.meeting_id: [] for meeting in meetings}
    for meeting_id, *step in conn.execute(
            select(st.meeting_id, st.position, st.step, st.occurred_on, st.value, st.in_minute, st.in_rmp,
                   st.considered)
            .join_from(meeting_table, step_table, st.meeting_id == m.meeting_id)
            .where(*held, st.step != "minute-issued", st.occurred_on <= scope.as_of, *_known(st, scope))).all():
        steps[meeting_id].append(new(Step, step))
    return [new(MeetingFact, (*meeting[:10], tuple(invitations[meeting.meeting_id]), tuple(steps[meeting.meeting_id])))
            for meeting in meetings]


def _known(columns: Any, scope: Scope) -> list[ColumnElement[bool]]:
    known_at = scope.known_at_utc
    return [columns.recorded_at <= known_at] if known_at is not None else []
