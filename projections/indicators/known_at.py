"""The indicator occurrences as known at a moment (R-CAL-1): the same rulebook over the facts recorded by then.

The deadlines view keeps each subject's facts with the time each was recorded (pv_deadline_fact). A report as
known at T reads the facts recorded at or before T and dated on or before the as-of date of the scope's cases
and meetings that can have an occurrence in the period, folds each subject with the same functions the view's
fold uses (projections/indicators/rows.py), and judges them on the as-of date. The area's working days are
those known at T (projections/views/area.py).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Connection, select

from domain.calendar import TWELVE_WEEKS, WorkingDayCalendar
from projections.deadlines.model import Fact
from projections.deadlines.tables import fact_table, subject_table
from projections.indicators.model import Occurrence
from projections.indicators.rows import Evaluator, case_evaluator, meeting_evaluator
from projections.indicators.scope import Scope
from projections.views.area import calendar_for

_FACT_COLUMNS = [fact_table.c["subject_id" if name == "subject" else name] for name in Fact._fields]


def occurrences_known_at(conn: Connection, scope: Scope, known_at: datetime) -> list[Occurrence]:
    """The occurrences of ``scope`` (its period, on its as-of date) from the facts recorded by ``known_at``."""
    s, f = subject_table.c, fact_table.c
    where: list[ColumnElement[bool]] = [s.subject_kind.in_(("case", "meeting"))]
    if scope.area:
        where.append(s.area == scope.area)
    if scope.case_reference:
        where.append(s.case_reference == scope.case_reference)
    found = {row.subject_id: row for row in conn.execute(
        select(s.subject_id, s.subject_kind, s.area, s.case_id, s.case_reference).where(*where))}
    facts: dict[str, list[Fact]] = defaultdict(list)
    query = (select(*_FACT_COLUMNS).join(subject_table, s.subject_id == f.subject_id)
             .where(*where, f.recorded_at <= known_at, f.occurred_on <= scope.as_of))
    for row in conn.execute(query).all():
        facts[row[0]].append(Fact._make(row))
    calendars: dict[str, WorkingDayCalendar] = {}
    occurrences: list[Occurrence] = []
    for subject_id, subject_facts in facts.items():
        subject = found[subject_id]
        if not _relevant(scope, subject.subject_kind, subject_facts):
            continue
        evaluator: Evaluator | None
        if subject.subject_kind == "case":
            evaluator = case_evaluator(subject_id, subject.case_reference, subject.area, subject_facts)
        else:
            calendar = calendars.get(subject.area) or calendars.setdefault(
                subject.area, calendar_for(conn, subject.area, known_at))
            evaluator = meeting_evaluator(subject_id, subject.case_id, subject.case_reference, subject.area,
                                          subject_facts, calendar)
        if evaluator is not None:
            occurrences.extend(o for o in evaluator.at(scope.as_of) if scope.period.contains(o.on))
    return occurrences


def _relevant(scope: Scope, kind: str, facts: list[Fact]) -> bool:
    """Whether a subject can have an occurrence in the period: a meeting held in it, or a case with a fact from
    84 days before it (a review due in it arose then at the earliest, R-PI-2; a release in it is a fact in it,
    R-PI-8) or a release expected in it (R-PI-8 pending). Others are not folded."""
    period = scope.period
    window_start = period.start - timedelta(days=TWELVE_WEEKS)
    if kind == "meeting":
        return any(f.kind == "held" and period.contains(f.occurred_on) for f in facts)
    return any(f.occurred_on >= window_start or (f.on_date is not None and period.contains(f.on_date))
               for f in facts)
