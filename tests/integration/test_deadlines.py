"""Deadlines through the application on SQLite and PostgreSQL (RULES §9, R-REM-2, R-REM-6)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from itertools import count
from typing import Any

import pytest
from click.testing import CliRunner, Result

from domain.errors import LifecycleError
from mappa_flow.bootstrap import Mappa
from mappa_flow.cli.context import CliContext
from mappa_flow.cli.main import cli
from mappa_flow.clock import FixedClock
from mappa_flow.commands.registry import BY_NAME
from mappa_flow.projecting import build_projector
from mappa_flow.settings import Settings
from projections.deadlines import deadlines_for_case, find_deadlines
from projections.runner import Projector

_ids = count(1)


def do(app: Mappa, command: str, on: date, **fields: Any) -> None:
    model = BY_NAME[command](command=command, command_id=f"cmd-{next(_ids)}", recorded_by="coord-1",
                             occurred_on=on, **fields)
    app.handle(model)


@pytest.fixture
def views(store: Settings, app: Mappa) -> Iterator[Projector]:
    projector = build_projector(store, app)
    yield projector
    projector.source.close()  # type: ignore[attr-defined]
    projector.engine.dispose()


def north(app: Mappa) -> None:
    do(app, "register_area", date(2026, 4, 1), area="north", name="North")


def refer(app: Mappa, reference: str, on: date, **fields: Any) -> None:
    do(app, "refer_case", on, area="north", case_reference=reference, category=1,
       referring_agency="police-scotland", **fields)


def hold(app: Mappa, reference: str, ref: str, on: date, kind: str = "review") -> None:
    do(app, "hold_meeting", on, meeting_ref=ref, case_reference=reference, kind=kind, venue="community",
       chair="chair-1", invitations=[{"agency": "police-scotland", "outcome": "in-person", "at_seniority": True}])


def kinds(views: Projector, reference: str) -> list[tuple[str, str, date, date | None]]:
    with views.engine.connect() as conn:
        return [(d.kind, d.status, d.due_on, d.closed_on) for d in deadlines_for_case(conn, reference)]


def test_a_meeting_recorded_late_meets_the_review_it_held_R_REM_1(app: Mappa, views: Projector) -> None:
    north(app)
    refer(app, "N-1", date(2026, 5, 4), level=3, in_custody=False)
    views.catch_up()
    assert kinds(views, "N-1") == [("level-3-review", "open", date(2026, 6, 15), None)]
    do(app, "change_level", date(2026, 7, 1), case_reference="N-1", level=2)
    hold(app, "N-1", "M-1", date(2026, 6, 10))  # held before the level change, recorded after it
    views.catch_up()
    assert kinds(views, "N-1") == [
        ("level-3-review", "met", date(2026, 6, 15), date(2026, 6, 10)),
        ("minute-and-rmp", "open", date(2026, 6, 25), None),  # 15 June 2026 is a Scottish bank holiday
        ("level-3-review", "withdrawn", date(2026, 7, 22), date(2026, 7, 1)),
        ("level-2-review", "open", date(2026, 9, 23), None),
    ]


def test_a_new_release_date_moves_the_pre_release_deadline_keeping_its_id_R_REM_2(app: Mappa, views: Projector) -> None:
    north(app)
    refer(app, "N-2", date(2026, 5, 4), level=3, in_custody=True, expected_release_on=date(2027, 1, 29))
    views.catch_up()
    with views.engine.connect() as conn:
        [first] = deadlines_for_case(conn, "N-2")
    do(app, "set_release_date", date(2026, 6, 1), case_reference="N-2", release_on=date(2027, 3, 1))
    views.catch_up()
    with views.engine.connect() as conn:
        [moved] = deadlines_for_case(conn, "N-2")
    assert (moved.deadline_id, moved.status, moved.due_on) == (first.deadline_id, "open", date(2027, 2, 1))


def test_a_recorded_sog_review_meets_its_quarter_R_REM_6(app: Mappa, views: Projector) -> None:
    north(app)
    do(app, "record_sog_review", date(2026, 8, 20), area="north")
    refer(app, "N-3", date(2026, 11, 20), level=2, in_custody=False)  # the log reaches 2026-27-Q3
    views.catch_up()
    with views.engine.connect() as conn:
        reviews = {d.subject_ref: d.status for d in find_deadlines(conn, area="north")
                   if d.kind == "quarterly-sog-review"}
    assert reviews == {"north 2026-27-Q1": "withdrawn", "north 2026-27-Q2": "met", "north 2026-27-Q3": "open"}


def test_an_annual_report_cannot_be_published_before_its_year_ends_and_writes_nothing_R_REM_6(app: Mappa) -> None:
    north(app)
    before = app.max_notification_id()
    with pytest.raises(LifecycleError) as refused:
        do(app, "publish_annual_report", date(2026, 11, 20), area="north", year="2026-27")
    assert (refused.value.field, refused.value.value, refused.value.rule) == ("occurred_on", "2026-11-20", "R-REM-6")
    assert app.max_notification_id() == before


def test_a_second_sog_review_on_the_same_day_is_refused_and_writes_nothing_R_REM_6(app: Mappa) -> None:
    north(app)
    do(app, "record_sog_review", date(2026, 8, 20), area="north")
    before = app.max_notification_id()
    with pytest.raises(LifecycleError) as refused:
        do(app, "record_sog_review", date(2026, 8, 20), area="north")
    assert (refused.value.field, refused.value.rule) == ("occurred_on", "R-REM-6")
    assert app.max_notification_id() == before


def test_the_deadlines_and_projections_commands_list_rebuild_and_report_lag(store: Settings, app: Mappa,
                                                                           clock: FixedClock) -> None:
    north(app)
    refer(app, "N-3", date(2026, 5, 4), level=3, in_custody=False)
    hold(app, "N-3", "M-3", date(2026, 6, 10))

    def run(*args: str) -> Result:
        context = CliContext(settings=store, clock=clock)
        try:
            return CliRunner().invoke(cli, list(args), obj=context, env={"MAPPA_USER": "coord-1"})
        finally:
            context.close()

    listed = run("deadlines", "--case", "N-3", "--status", "all", "--format", "json")
    assert listed.exit_code == 0, listed.output
    assert [(d["kind"], d["status"], d["due_on"]) for d in json.loads(listed.output)] == [
        ("level-3-review", "met", "2026-06-15"), ("minute-and-rmp", "open", "2026-06-25"),
        ("level-3-review", "open", "2026-07-22")]
    status = run("projections", "status", "--format", "json")
    assert {row["view"]: row["lag"] for row in json.loads(status.output)}["deadlines"] == 0
    assert run("projections", "rebuild", "deadlines").exit_code == 0
    again = run("deadlines", "--case", "N-3", "--status", "all", "--format", "json")
    assert json.loads(again.output) == json.loads(listed.output)
    unknown = run("projections", "rebuild", "no-such-view")
    assert unknown.exit_code == 5
    assert "no view named 'no-such-view'" in unknown.output


def test_periodic_deadlines_follow_the_latest_business_date_recorded_not_the_clock_R_REM_6(
        app: Mappa, views: Projector) -> None:
    """Nothing but events writes the view: a quarter's SOG review deadline appears once the log reaches the
    quarter, and an event recorded late, dated in an earlier quarter, moves nothing on."""
    north(app)
    refer(app, "N-4", date(2026, 6, 1), level=2, in_custody=False)
    views.catch_up()

    def quarters() -> list[str]:
        with views.engine.connect() as conn:
            return sorted(d.subject_ref for d in find_deadlines(conn, area="north") if d.kind == "quarterly-sog-review")

    assert quarters()[-1] == "north 2026-27-Q1"
    refer(app, "N-5", date(2026, 7, 1), level=2, in_custody=False)
    views.catch_up()
    assert quarters()[-1] == "north 2026-27-Q2"
    refer(app, "N-6", date(2026, 5, 1), level=2, in_custody=False)
    views.catch_up()
    assert quarters()[-1] == "north 2026-27-Q2"
