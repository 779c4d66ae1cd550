"""The indicators and the deadlines view, two readers of the same rules, say the same about every occurrence.

The rules are written once (domain/rules/review_clock.py for R-PI-1 / R-PI-2 and R-REM-1, domain/rules/minutes.py
for R-PI-9 and R-REM-3). The indicators judge their obligations at report time from the loaded facts; the
deadlines view stores them event by event, batch by batch, for the reminders. Over generated histories, events
recorded late included, both must say the same thing about every occurrence once every fact is known: on time,
late by the same number of days (a `missed` deadline too, RULES §10), withdrawn, or still to come.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine

from domain.calendar import date_range
from projections.deadlines import DeadlineRow, find_deadlines
from projections.indicators import Occurrence, Scope
from projections.indicators.queries import indicator_results
from projections.runner import Projector
from projections.source import ListSource
from projections.views.area import AreaView
from projections.views.case import CaseRegisterView
from projections.views.deadline import DeadlineView
from projections.views.meeting import MeetingFactsView
from tests.projection_history import OPERATION_NAMES, history_of, random_operations

AS_OF = date(2040, 1, 1)  # after every generated business date: everything is known
KINDS = {"R-PI-1": "level-3-review", "R-PI-2": "level-2-review", "R-PI-9": "minute-and-rmp"}
Verdict = tuple[str, int | None]


def _key(indicator: str, case_reference: str | None, on: date, meeting_ref: str | None) -> tuple[Any, ...]:
    return (indicator, case_reference, meeting_ref if indicator == "R-PI-9" else on)


def _from_deadline(row: DeadlineRow) -> Verdict:
    """What the indicator should say about the occurrence this deadline tracks."""
    done_on = row.closed_on if row.status != "open" else AS_OF
    assert done_on is not None
    if row.status == "withdrawn" and done_on <= row.due_on:
        return "withdrawn", None
    if row.status == "met" and done_on <= row.due_on:
        return "met", None
    if row.status == "open" and row.due_on >= AS_OF:
        return "pending", None
    return "not-met", (done_on - row.due_on).days


def verdicts(events: list[Any]) -> tuple[dict[tuple[Any, ...], Verdict], dict[tuple[Any, ...], Verdict]]:
    projector = Projector(create_engine("sqlite://"), ListSource(events),
                          [AreaView(), CaseRegisterView(), MeetingFactsView(), DeadlineView()])
    projector.setup()
    projector.catch_up()
    everything = Scope(None, date_range(date(2020, 1, 1), date(2039, 12, 31)), AS_OF)
    with projector.engine.connect() as conn:
        results = indicator_results(conn, everything, tuple(KINDS))
        rows = find_deadlines(conn, status=None)
    judged: dict[tuple[Any, ...], Verdict] = {}
    for line in results:
        for o in line.occurrences:
            judged[_key(o.indicator, o.case_reference, o.on, o.meeting_ref)] = _verdict(o)
    tracked: dict[tuple[Any, ...], Verdict] = {}
    for indicator, kind in KINDS.items():
        for row in rows:
            if row.kind != kind:
                continue
            key = _key(indicator, row.case_reference, row.due_on, row.subject_ref)
            if row.status == "withdrawn" and row.closed_on == row.basis and key not in judged:
                continue  # a clock restarted and stopped on one day: neither side has anything to judge
            tracked[key] = _from_deadline(row)
    return judged, tracked


def _verdict(o: Occurrence) -> Verdict:
    return str(o.status), o.days_late


def test_on_a_long_generated_history_every_review_and_minute_verdict_agrees_R_PI_1_R_PI_2_R_PI_9_R_REM_1_R_REM_3(
        ) -> None:
    judged, tracked = verdicts(history_of(random_operations(seed=23, count=2500)))
    assert {indicator for indicator, *_ in judged} == set(KINDS)  # the history exercises all three
    assert {verdict for verdict, _ in judged.values()} >= {"met", "not-met", "withdrawn"}
    assert judged == tracked


operations = st.lists(
    st.tuples(st.sampled_from(OPERATION_NAMES), st.integers(0, 999), st.integers(0, 999),
              st.sampled_from((0, 1, 3, 9, 30, -6))),
    min_size=1, max_size=150,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations=operations)
def test_the_indicators_and_the_deadlines_view_agree_on_any_history_R_PI_1_R_PI_2_R_PI_9_R_CAL_1(
        operations: list[Any]) -> None:
    judged, tracked = verdicts(history_of(operations))
    assert judged == tracked
