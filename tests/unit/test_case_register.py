"""The case register (``pv_case``): the current state of every case (R-CASE-1), fed with events, no application.

Over generated histories, events recorded late included, each register row equals the case aggregate's own
state (area, category, level, custody or community, expected release date, wanted or missing, archived), and
the same as folding the case's changes in business-date order (R-CAL-1), as the indicators do.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, select

from domain.case import Case
from domain.rules.case_timeline import fold
from projections.indicators.facts import CaseChange
from projections.runner import Projector
from projections.source import ListSource
from projections.views.case import CaseRegisterView, case_table, change_table
from tests.projection_history import OPERATION_NAMES, History, random_operations
from tests.unit.indicator_world import World

FIELDS = ("reference", "area", "category", "level", "in_custody", "expected_release_on", "missing", "archived")


def _aggregate_row(case: Case) -> tuple[Any, ...]:
    return (case.reference, case.area, case.category, case.level, case.in_custody, case.expected_release_on,
            case.missing, case.archived)


def _register(events: list[Any], batch_size: int) -> tuple[dict[str, tuple[Any, ...]], dict[str, list[CaseChange]]]:
    projector = Projector(create_engine("sqlite://"), ListSource(events), [CaseRegisterView()],
                          batch_size=batch_size)
    projector.setup()
    projector.catch_up()
    ch = change_table.c
    with projector.engine.connect() as conn:
        rows = {row.case_id: tuple(row[1:]) for row in conn.execute(
            select(case_table.c.case_id, *(case_table.c[name] for name in FIELDS)))}
        changes: dict[str, list[CaseChange]] = {}
        for row in conn.execute(select(ch.case_id, ch.position, ch.occurred_on, ch.kind, ch.level, ch.in_custody,
                                       ch.flag, ch.on_date)):
            changes.setdefault(row[0], []).append(CaseChange(*row[1:]))
    return rows, changes


def _check(history: History, batch_size: int) -> int:
    rows, changes = _register(history.events, batch_size)
    assert rows == {str(case.id): _aggregate_row(case) for case in history.cases}
    for case_id, row in rows.items():
        latest = fold(changes[case_id])[-1]  # business-date order, ties in recording order
        assert (latest.level, latest.in_custody, latest.archived) == (row[3], row[4], row[7]), row[0]
        if not latest.archived:
            assert latest.expected_release_on == row[5], row[0]
    return len(rows)


def _history(operations: list[Any]) -> History:
    history = History()
    for operation in operations:
        history.apply(operation)
    return history


def test_each_register_row_is_the_cases_current_state_over_a_long_history_R_CASE_1_R_CAL_1() -> None:
    assert _check(_history(random_operations(seed=41, count=3000)), batch_size=53) > 100


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations=st.lists(st.tuples(st.sampled_from(OPERATION_NAMES), st.integers(0, 999), st.integers(0, 999),
                                     st.sampled_from((0, 1, 5, -6))), max_size=150),
       batch_size=st.integers(1, 40))
def test_the_register_equals_each_cases_state_whatever_the_batches_R_CASE_1(operations: list[Any],
                                                                           batch_size: int) -> None:
    _check(_history(operations), batch_size)


def test_the_register_shows_area_category_level_custody_release_missing_and_archive_R_CASE_1() -> None:
    world = World()
    start = date(2026, 4, 1)
    custody = world.refer("N-0001", start, 3, in_custody=True, release_on=date(2026, 9, 1))
    community = world.refer("N-0002", start, 2, area="south")
    stamp = world.stamp(date(2026, 6, 1))
    custody.set_release_date(date(2026, 8, 15), stamp, date(2026, 6, 1))
    community.declare_missing("wanted", stamp, date(2026, 5, 1))
    community.change_level(1, stamp, date(2026, 5, 20))
    world.save(custody, community)
    closed = world.refer("N-0003", start, 1)
    closed.archive("left MAPPA", world.stamp(date(2026, 7, 1)), date(2026, 7, 1))
    world.save(closed)
    with world.conn() as conn:
        found = {row.reference: row for row in conn.execute(select(case_table))}
    assert [(r.area, r.category, r.level, r.in_custody, r.expected_release_on, r.missing, r.missing_since,
             r.archived, r.archived_on) for r in (found["N-0001"], found["N-0002"], found["N-0003"])] == [
        ("north", 1, 3, True, date(2026, 8, 15), None, None, False, None),
        ("south", 1, 1, False, None, "wanted", date(2026, 5, 1), False, None),
        ("north", 1, 1, False, None, None, None, True, date(2026, 7, 1)),
    ]
    assert found["N-0002"].last_event_on == start + timedelta(days=49)
