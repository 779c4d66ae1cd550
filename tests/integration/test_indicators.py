"""The indicators through the application and the projector, on SQLite and PostgreSQL (R-PI-1..10, R-PI-EXC)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from domain.calendar import quarter
from domain.errors import DomainError, ExceptionNotFoundError
from mappa_flow.bootstrap import Mappa
from mappa_flow.commands.area import RegisterArea
from mappa_flow.commands.case import ReferCase
from mappa_flow.commands.exception import RecordExceptionReason
from mappa_flow.commands.meeting import HoldMeeting, IssueMinute, RatifyMinute, UpdateRmp
from mappa_flow.projecting import build_projector
from mappa_flow.settings import Settings
from projections.indicators import Scope, commonality_groups, exception_rows, indicator_results
from projections.runner import Projector

Q1 = Scope("north", quarter(2026, 1), as_of=date(2026, 6, 30))
LATE_REVIEW = "R-PI-1:N-0001:2026-05-14"  # referred 2 April at Level 3: review due 14 May, held 20 May


@pytest.fixture
def projector(store: Settings, app: Mappa) -> Iterator[Projector]:
    built = build_projector(store, app)
    yield built
    built.source.close()  # type: ignore[attr-defined]
    built.engine.dispose()


def _given(app: Mappa) -> None:
    base: dict[str, Any] = {"recorded_by": "coord-1"}
    app.handle(RegisterArea(command_id="a-1", occurred_on=date(2026, 4, 1), area="north", name="North",
                            **base))
    app.handle(ReferCase(command_id="r-1", occurred_on=date(2026, 4, 2), area="north", case_reference="N-0001",
                         category=3, level=3, referring_agency="police-scotland", in_custody=False, **base))
    app.handle(HoldMeeting.model_validate({
        "command_id": "m-1", "occurred_on": "2026-05-20", "meeting_ref": "M-1", "case_reference": "N-0001",
        "kind": "review", "venue": "community", "chair": "chair-1", "disclosure": "defer", "considered": True,
        **base,
        "invitations": [{"agency": "police-scotland", "outcome": "absent", "at_seniority": True},
                  {"agency": "housing", "outcome": "written", "at_seniority": True}],
    }))


def _reason(app: Mappa, command_id: str, key: str = LATE_REVIEW, category: str = "chair-unavailable",
            indicator: str = "R-PI-1") -> None:
    app.handle(RecordExceptionReason.model_validate({
        "command_id": command_id, "recorded_by": "coord-1", "occurred_on": "2026-11-20", "indicator": indicator,
        "exception_key": key, "category": category, "agency": "police-scotland", "text": "synthetic reason",
    }))


def _lines(projector: Projector) -> dict[str, tuple[int, int, int]]:
    projector.catch_up()
    with projector.engine.connect() as conn:
        return {f"{r.indicator.id}{'/' + r.agency if r.agency else ''}": (r.numerator, r.denominator, r.pending)
                for r in indicator_results(conn, Q1)}


def test_the_indicators_are_computed_from_the_recorded_events_R_PI_1_R_PI_3_R_PI_4_R_PI_10(
        app: Mappa, projector: Projector) -> None:
    _given(app)
    lines = _lines(projector)
    assert lines["R-PI-1"] == (0, 1, 0)
    assert lines["R-PI-3/housing"] == (1, 1, 0)
    assert lines["R-PI-4"] == (0, 1, 0)
    assert lines["R-PI-6"] == (0, 1, 0)
    assert lines["R-PI-7"] == (0, 1, 0)  # housing's report never recorded in the minute and RMP
    assert lines["R-PI-9"] == (0, 1, 0)
    assert lines["R-PI-10"] == (1, 1, 0)


def test_a_minute_ratified_after_the_10th_working_day_is_late_by_the_days_after_it_R_PI_9(
        app: Mappa, projector: Projector) -> None:
    _given(app)  # meeting on 20 May 2026; 25 May is a holiday, so the deadline is 4 June
    for command_id, model in (("iss-1", IssueMinute), ("rat-1", RatifyMinute), ("rmp-1", UpdateRmp)):
        app.handle(model(command_id=command_id, recorded_by="coord-1", occurred_on=date(2026, 6, 9),
                         meeting_ref="M-1"))
    projector.catch_up()
    with projector.engine.connect() as conn:
        [row] = exception_rows(conn, Q1, ("R-PI-9",))
    assert (row.occurrence.meeting_ref, row.occurrence.days_late) == ("M-1", 5)
    assert row.occurrence.detail == "minute ratified 2026-06-09, RMP updated 2026-06-09; deadline 2026-06-04"


def test_a_reason_is_recorded_against_an_exception_and_shown_with_it_R_PI_EXC(app: Mappa,
                                                                            projector: Projector) -> None:
    _given(app)
    _reason(app, "why-1")
    _reason(app, "why-2", category="information-not-received-in-time")
    projector.catch_up()
    with projector.engine.connect() as conn:
        [row] = exception_rows(conn, Q1, ("R-PI-1",))
        groups = {(g.dimension, g.value): g.current for g in commonality_groups(conn, Q1, "R-PI-1")}
    assert (row.occurrence.key, row.category, row.reason and row.reason.agency) == (
        LATE_REVIEW, "information-not-received-in-time", "police-scotland")
    assert groups[("reason", "information-not-received-in-time")] == 1


@pytest.mark.parametrize("key", ["R-PI-1:N-0001:2026-05-15", "R-PI-1:N-0404:2026-05-14"])
def test_a_reason_for_an_exception_that_does_not_exist_is_refused_and_writes_nothing_R_PI_EXC(
        app: Mappa, key: str) -> None:
    _given(app)
    before = app.max_notification_id()
    with pytest.raises(ExceptionNotFoundError) as caught:
        _reason(app, "why-x", key=key)
    assert (caught.value.field, caught.value.value, caught.value.rule) == ("exception_key", key, "R-PI-EXC")
    assert app.max_notification_id() == before
    assert not app.is_applied("why-x")


def test_a_reason_for_a_met_occurrence_is_refused_R_PI_EXC(app: Mappa) -> None:
    _given(app)
    with pytest.raises(ExceptionNotFoundError, match="R-PI-3:N-0001:M-1:housing"):
        _reason(app, "why-met", key="R-PI-3:N-0001:M-1:housing", indicator="R-PI-3")


def test_a_key_of_another_indicator_is_refused_naming_the_field_R_PI_EXC(app: Mappa) -> None:
    _given(app)
    with pytest.raises(DomainError) as caught:
        _reason(app, "why-y", key="R-PI-4:N-0001:M-1:police-scotland", indicator="R-PI-6")
    assert (caught.value.field, caught.value.rule) == ("exception_key", "R-PI-EXC")
    assert not app.is_applied("why-y")
