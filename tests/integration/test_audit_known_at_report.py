"""The indicator report as known at a past moment, on SQLite and PostgreSQL (R-CAL-1, R-CAL-3, R-PI-1, R-PI-9).

The story: the SOG is shown the Q1 report of area north on 15 July. On 3 August
three corrections are recorded about Q1: a level change dated in April, a
local closure day in May (which moves a minute deadline) and the reason for
an exception. Two more events are recorded that the report does not read: a
meeting dated after its as-of date, and a change in another area.

The report as known at 15 July must be exactly the one shown then; the
corrections listed must be exactly those three events; and the store's
events recorded by 15 July plus those three, replayed into fresh views, must
give exactly the report as it is now.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine

from domain.calendar import quarter
from mappa_flow.audit.known_at import Correction, report_corrections, views_known_at, views_of
from mappa_flow.bootstrap import Mappa
from mappa_flow.cli.indicator_rows import exception_fields, result_fields
from mappa_flow.clock import FixedClock
from mappa_flow.projecting import build_projector
from mappa_flow.settings import Settings
from projections.indicators import Scope, exception_rows, indicator_results
from projections.runner import Projector
from tests.integration.audit_story import at, do

SHOWN_AT = datetime(2026, 7, 15, 12, tzinfo=UTC)  # the SOG meeting
Q1 = Scope("north", quarter(2026, 1), as_of=date(2026, 7, 15))
THEN = Scope("north", quarter(2026, 1), as_of=date(2026, 7, 15), known_at=SHOWN_AT)

Report = tuple[list[dict[str, Any]], list[dict[str, Any]]]


def report(engine: Engine, scope: Scope) -> Report:
    """What the SOG reads: the indicator lines and the exceptions with their reasons."""
    with engine.connect() as conn:
        return ([result_fields(r) for r in indicator_results(conn, scope)],
                [exception_fields(row) for row in exception_rows(conn, scope)])


def before_the_sog(app: Mappa, clock: FixedClock) -> None:
    at(clock, 2026, 4, 1)
    for area in ("north", "south"):
        do(app, "register_area", occurred_on=date(2026, 4, 1), area=area, name=area.title())
    at(clock, 2026, 4, 2)
    for reference, area, level in (("N-0001", "north", 3), ("N-0002", "north", 2), ("S-0001", "south", 3)):
        do(app, "refer_case", occurred_on=date(2026, 4, 2), area=area, case_reference=reference, category=1,
           level=level, referring_agency="police-scotland", in_custody=False)
    at(clock, 2026, 5, 20)  # the Level 3 review was due on 14 May: late
    do(app, "hold_meeting", occurred_on=date(2026, 5, 20), meeting_ref="M-1", case_reference="N-0001",
       kind="review", venue="community", chair="chair-1", disclosure="disclose", considered=True,
       invitations=[{"agency": "police-scotland", "outcome": "in-person", "at_seniority": True}])
    at(clock, 2026, 6, 5)  # the 10th working day after 20 May is 4 June (25 May is a holiday): a day late
    for name in ("issue_minute", "ratify_minute", "update_rmp"):
        do(app, name, occurred_on=date(2026, 6, 5), meeting_ref="M-1")


def after_the_sog(app: Mappa, clock: FixedClock) -> None:
    at(clock, 2026, 8, 3)
    do(app, "change_level", by="coord-2", occurred_on=date(2026, 4, 3), case_reference="N-0002", level=3)
    do(app, "add_closure_day", by="coord-3", occurred_on=date(2026, 8, 3), area="north", day=date(2026, 5, 28),
       label="Local holiday")
    do(app, "record_exception_reason", by="coord-4", occurred_on=date(2026, 8, 3), indicator="R-PI-1",
       exception_key="R-PI-1:N-0001:2026-05-14", category="chair-unavailable", agency="police-scotland",
       text="synthetic reason")
    do(app, "hold_meeting", occurred_on=date(2026, 7, 20), meeting_ref="M-2", case_reference="N-0001",
       kind="review", venue="community", chair="chair-1", disclosure="disclose", considered=True,
       invitations=[{"agency": "police-scotland", "outcome": "in-person", "at_seniority": True}])
    do(app, "change_level", occurred_on=date(2026, 5, 1), case_reference="S-0001", level=2)


@pytest.fixture
def projector(store: Settings, app: Mappa) -> Iterator[Projector]:
    built = build_projector(store, app)
    yield built
    built.source.close()  # type: ignore[attr-defined]
    built.engine.dispose()


@pytest.fixture
def shown(app: Mappa, clock: FixedClock, projector: Projector) -> Report:
    """The story up to the SOG meeting, the report as shown there, then the corrections."""
    before_the_sog(app, clock)
    clock.set(SHOWN_AT)
    projector.catch_up()
    then = report(projector.engine, Q1)
    after_the_sog(app, clock)
    projector.catch_up()
    return then


def _corrections(app: Mappa, projector: Projector) -> list[Correction]:
    with projector.engine.connect() as conn:
        return report_corrections(app, conn, Q1, SHOWN_AT)


def test_the_report_known_at_a_past_moment_is_exactly_the_one_shown_then_R_CAL_1(
    shown: Report, projector: Projector
) -> None:
    assert report(projector.engine, THEN) == shown
    assert report(projector.engine, Q1) != shown


def test_the_corrections_are_the_events_recorded_later_that_the_report_reads_with_when_and_by_whom_R_CAL_1(
    shown: Report, app: Mappa, projector: Projector
) -> None:
    found = _corrections(app, projector)
    assert [(c.kind, c.occurred_on, c.recorded_by) for c in found] == [
        ("Case.LevelChanged", date(2026, 4, 3), "coord-2"),
        ("Area.ClosureDayAdded", date(2026, 8, 3), "coord-3"),
        ("ExceptionReason.ReasonRecorded", date(2026, 8, 3), "coord-4"),
    ]
    assert {c.recorded_at for c in found} == {datetime(2026, 8, 3, 10, tzinfo=UTC)}
    assert [c.record for c in found] == ["Case N-0002", "Area north", "Exception R-PI-1:N-0001:2026-05-14"]


def test_the_report_now_differs_from_the_one_shown_exactly_by_the_corrections_R_CAL_1_R_CAL_3(
    shown: Report, app: Mappa, projector: Projector
) -> None:
    corrected = {c.position for c in _corrections(app, projector)}
    replayed_then = views_known_at(app, SHOWN_AT)
    replayed_now = views_of(app, lambda p: p.event.timestamp <= SHOWN_AT or p.position in corrected)
    try:
        assert report(replayed_then.engine, Q1) == shown
        assert report(replayed_now.engine, Q1) == report(projector.engine, Q1)
    finally:
        replayed_then.engine.dispose()
        replayed_now.engine.dispose()
    now_lines, now_exceptions = report(projector.engine, Q1)
    r_pi_1 = next(line for line in now_lines if line["indicator"] == "R-PI-1")
    r_pi_9 = next(line for line in now_lines if line["indicator"] == "R-PI-9")
    assert (r_pi_1["denominator"], r_pi_1["exceptions"], r_pi_9["exceptions"]) == (2, 2, 0)
    assert {e["key"]: e["reason"] for e in now_exceptions}["R-PI-1:N-0001:2026-05-14"] == "chair-unavailable"
