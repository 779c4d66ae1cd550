"""The SOG registers on every event store: statistics, SCR tracker, ISP register, audit register and sample draw."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from datetime import date
from typing import Any, TypeVar

import pytest
from click.testing import CliRunner

from domain.audit_sample import AuditSample, select_sample
from domain.calendar import parse_period
from domain.errors import AuditSampleAlreadyExistsError, DomainError, LifecycleError
from mappa_flow.bootstrap import Mappa
from mappa_flow.cli.context import CliContext
from mappa_flow.cli.main import cli
from mappa_flow.clock import FixedClock
from mappa_flow.commands import audit as a
from mappa_flow.commands import case as c
from mappa_flow.commands import isp as i
from mappa_flow.commands import meeting as m
from mappa_flow.commands import scr as s
from mappa_flow.commands.area import RegisterArea
from mappa_flow.commands.audit_sample import DrawAuditSample
from mappa_flow.commands.base import Command
from mappa_flow.handlers.audit import audit_eligible_cases
from mappa_flow.projecting import build_projector
from mappa_flow.settings import Settings
from projections.registers import queries, scr
from projections.registers.stats import StatRow

C = TypeVar("C", bound=Command)
_ids: Iterator[int] = itertools.count(1)
YEAR = parse_period("2026-27")
AS_OF = date(2026, 11, 20)  # the clock fixture's day


def cmd(model: type[C], on: date, **fields: Any) -> C:
    return model(command_id=f"reg-{next(_ids)}", recorded_by="coord-1", occurred_on=on, **fields)


def _world(app: Mappa) -> None:
    """Two areas; in north, Level 2 and 3 cases, a Level 1 case, an archived one, a missing one and a recall."""
    for area in ("north", "south"):
        app.handle(cmd(RegisterArea, date(2026, 4, 1), area=area, name=area.title()))
    cases = [("N-1", "north", 1, 3), ("N-2", "north", 3, 2), ("N-3", "north", 1, 1), ("N-4", "north", 1, 2),
             ("N-5", "north", 3, 2), ("S-1", "south", 1, 2)]
    for reference, area, category, level in cases:
        app.handle(cmd(c.ReferCase, date(2026, 4, 2), area=area, case_reference=reference, category=category,
                       level=level, referring_agency="police-scotland", in_custody=False))
    app.handle(cmd(c.ArchiveCase, date(2026, 6, 1), case_reference="N-4", reason="left MAPPA"))
    app.handle(cmd(c.DeclareMissing, date(2026, 7, 1), case_reference="N-2", status="missing"))
    app.handle(cmd(c.RecordLocated, date(2026, 7, 11), case_reference="N-2"))
    app.handle(cmd(c.RecordRecall, date(2026, 8, 1), case_reference="N-5", breach="licence",
                   recalled_to_prison=True))


def _views(store: Settings, app: Mappa) -> Any:
    projector = build_projector(store, app)
    projector.catch_up()
    return projector.engine


def _figure(rows: list[StatRow], measure: str, column: str = "total", detail: str = "all",
            category: str = "all") -> Any:
    (row,) = [r for r in rows if r.measure == measure and r.category == category and r.detail == detail]
    return getattr(row, column)


def test_statistics_on_every_store_RULES_5(app: Mappa, store: Settings) -> None:
    _world(app)
    with _views(store, app).connect() as conn:
        north = queries.statistics(conn, "north", YEAR, AS_OF)
        everyone = queries.statistics(conn, None, YEAR, AS_OF)
        spells = queries.wanted_or_missing(conn, "north", YEAR, AS_OF)
    assert (_figure(north, "subject"), _figure(north, "community"), _figure(everyone, "subject")) == (4, 3, 5)
    assert (_figure(north, "new"), _figure(north, "archived", "level_2")) == (5, 1)
    assert _figure(north, "cat3-l23-community", category="3") == 1  # N-2; N-5 was recalled to prison
    assert _figure(north, "recalled-to-prison", detail="licence") == 1
    assert _figure(north, "located", detail="missing") == 1
    assert [(spell.case_reference, spell.days) for spell in spells] == [("N-2", 10)]


def test_scr_tracker_on_every_store_R_SCR_2(app: Mappa, store: Settings) -> None:
    _world(app)
    app.handle(cmd(s.CommissionScr, date(2026, 4, 10), scr_ref="SCR-1", area="north", remit="Review"))
    app.handle(cmd(s.PublishScrReport, date(2026, 6, 1), scr_ref="SCR-1", extent="full"))
    app.handle(cmd(s.MakeRecommendation, date(2026, 6, 2), scr_ref="SCR-1", recommendation_ref="R1",
                   text="Share information"))
    app.handle(cmd(s.AssignAction, date(2026, 6, 3), scr_ref="SCR-1", recommendation_ref="R1",
                   action_ref="A1", owner="police-scotland", due_on=date(2026, 9, 30), text="Protocol"))
    app.handle(cmd(s.EvaluateScrStage, date(2026, 6, 5), scr_ref="SCR-1", stage="remit", rating=3,
                   comment="Clear remit"))
    with _views(store, app).connect() as conn:
        reviews = queries.reviews(conn, "north", YEAR, AS_OF)
    (row, across) = scr.tracker(reviews, AS_OF)
    assert (row.recommendations_open, row.actions_overdue, row.age_days) == (1, 1, 224)
    assert [(a.action_ref, a.days_overdue) for a in scr.overdue_actions(reviews, AS_OF)] == [("A1", 51)]
    assert across.recommendations_open == 1
    assert next(st.rating for st in scr.stage_evaluations(reviews) if st.scr_ref == "SCR-1") == 3


def test_isp_register_and_costs_on_every_store_R_ISP_2(app: Mappa, store: Settings) -> None:
    _world(app)
    app.handle(cmd(i.ApproveIsp, date(2026, 8, 20), isp_ref="ISP-1", case_reference="N-1",
                   provider="Provider A", cost="9200.00", starts_on=date(2026, 9, 1)))  # to 30 November
    app.handle(cmd(m.HoldMeeting, date(2026, 10, 5), meeting_ref="M-1", case_reference="N-1",
                   kind="review", venue="community", chair="chair-1",
                   invitations=[{"agency": "police-scotland", "outcome": "in-person", "at_seniority": True}]))
    with _views(store, app).connect() as conn:
        (row,) = queries.isp_register(conn, "north", YEAR, AS_OF)
        costs = {r.period: r for r in queries.isp_costs(conn, None, YEAR, AS_OF)}
    assert (row.status, row.period_ends_on, row.renewal, row.meeting_in_period) == (
        "active", date(2026, 11, 30), "due", True)
    quarters = (costs["2026-27-Q2"].approved_cost, costs["2026-27-Q3"].approved_cost)
    assert quarters == ("3032.96", "6167.04")  # 30 and 61 of 91 days
    assert costs["2026-27"].approved_cost == "9200.00"


def _draw(app: Mappa, command_id: str = "draw-1", **overrides: Any) -> Any:
    fields: dict[str, Any] = {"area": "north", "reporting_year": "2026-27", "sample_size": 2, "seed": 99}
    fields.update(overrides)
    return app.handle(DrawAuditSample(command_id=command_id, recorded_by="coord-1",
                                      occurred_on=date(2026, 9, 1), **fields))


def test_a_draw_in_a_batch_sees_the_cases_referred_before_it_in_that_batch_R_AUD_1(app: Mappa) -> None:
    """A draw reads the log for the area's cases, so run_batch applies it alone, after saving what came before."""
    app.handle(cmd(RegisterArea, date(2026, 4, 1), area="north", name="North"))
    referrals = [cmd(c.ReferCase, date(2026, 4, 2), area="north", case_reference=f"N-{n}", category=1, level=level,
                     referring_agency="police-scotland", in_custody=False) for n, level in ((1, 3), (2, 1), (3, 2))]
    app.handle(referrals[0])  # stored before the run: the draw would find it even inside the batch
    draw = DrawAuditSample(command_id="draw-b", recorded_by="coord-1", occurred_on=date(2026, 9, 1), area="north",
                           reporting_year="2026-27", sample_size=2, seed=7)
    later = cmd(c.ChangeLevel, date(2026, 9, 2), case_reference="N-2", level=2)
    result = app.run_batch([*referrals[1:], draw, later])
    assert (result.applied, result.refusal) == (4, None)
    (drawn,) = list(app.events.get(app.ids.audit_sample("north-2026-27")))
    assert isinstance(drawn, AuditSample.Drawn)
    assert drawn.eligible == ["N-1", "N-3"]


def test_the_draw_selects_from_open_level_2_and_3_cases_of_the_area_and_records_everything_R_AUD_1(
        app: Mappa, store: Settings) -> None:
    _world(app)
    assert audit_eligible_cases(app, "north", date(2026, 9, 1)) == ["N-1", "N-2", "N-5"]
    assert audit_eligible_cases(app, "north", date(2026, 5, 1)) == ["N-1", "N-2", "N-4", "N-5"]
    _draw(app)
    (drawn,) = list(app.events.get(app.ids.audit_sample("north-2026-27")))
    assert isinstance(drawn, AuditSample.Drawn)
    assert (drawn.eligible, drawn.seed, drawn.selected) == (["N-1", "N-2", "N-5"], 99, select_sample(
        ["N-1", "N-2", "N-5"], 99, 2))
    app.handle(cmd(a.RecordAudit, date(2026, 10, 1), audit_ref="AU-1", kind="case", area="north",
                   case_reference=drawn.selected[0], sample_ref="north-2026-27",
                   findings={item: "seen" for item in (
                       "referral_and_minutes_reviewed", "all_agencies_present", "rmp_quality",
                       "actions_completed_timely", "effective_practice", "improvements", "feedback_route")}))
    with _views(store, app).connect() as conn:
        (sample,) = queries.audit_samples(conn, "north", YEAR, AS_OF)
        register = {row.period: row for row in queries.audit_register(conn, None, YEAR, AS_OF)
                    if row.area == "north"}
        south = [row for row in queries.audit_register(conn, None, YEAR, AS_OF) if row.area == "south"]
    assert (sample.reproduced, sample.audited, sample.eligible) == (True, 1, 3)
    assert (register["2026-27"].annual_case_audit, register["2026-27-Q3"].case_audits) == ("done", 1)
    assert south[0].annual_case_audit == "in progress"


def test_a_draw_applied_twice_records_once_and_a_refused_draw_writes_nothing_R_AUD_1(app: Mappa) -> None:
    _world(app)
    first = _draw(app)
    before = app.max_notification_id()
    again = _draw(app)
    assert (first.applied, again.applied, app.max_notification_id()) == (True, False, before)
    with pytest.raises(AuditSampleAlreadyExistsError) as duplicate:
        _draw(app, command_id="draw-2")
    with pytest.raises(LifecycleError) as empty:
        _draw(app, command_id="draw-3", area="south", sample_ref="south-x", reporting_year="2025-26")
    refusals: list[DomainError] = [duplicate.value, empty.value]
    assert [(e.field, e.rule) for e in refusals] == [("sample_ref", "R-AUD-1"), ("occurred_on", "R-AUD-1")]
    assert app.max_notification_id() == before
    assert not app.is_applied("draw-2") and not app.is_applied("draw-3")


def test_the_register_commands_print_tables_json_and_csv_and_draw_a_sample_R_AUD_1(
        app: Mappa, store: Settings, clock: FixedClock) -> None:
    _world(app)
    runner = CliRunner()

    def run(*args: str) -> Any:
        context = CliContext(settings=store, clock=clock)
        try:
            return runner.invoke(cli, list(args), obj=context, env={"MAPPA_USER": "coord-1"})
        finally:
            context.close()

    drawn = run("audits", "draw", "--area", "north", "--year", "2026-27", "--size", "2", "--seed", "5",
                "--on", "2026-09-01", "--recorded-by", "coord-1", "--format", "json")
    assert drawn.exit_code == 0, drawn.output
    assert [r["case_reference"] for r in json.loads(drawn.stdout)] == select_sample(["N-1", "N-2", "N-5"], 5, 2)
    samples = json.loads(run("audits", "--samples", "--period", "2026-27", "--format", "json").stdout)
    assert (samples[0]["seed"], samples[0]["reproduced"]) == (5, True)
    stats = json.loads(run("stats", "--area", "north", "--period", "2026-27", "--format", "json").stdout)
    assert next(r["total"] for r in stats if r["measure"] == "subject" and r["category"] == "all") == 4
    for args in (("scr", "--format", "csv"), ("isp", "--costs"), ("stats", "--wanted-missing"), ("audits",)):
        result = run(*args)
        assert result.exit_code == 0 and result.output.strip(), (args, result.output)
    refused = run("audits", "draw", "--area", "north", "--year", "2026-27", "--size", "0", "--recorded-by", "c")
    assert refused.exit_code == 3 and "sample_size" in refused.output
