"""``mappa-flow stats``, ``scr``, ``isp`` and ``audits`` (and ``audits draw``): what the SOG looks at.

Each report takes --area, --period (or --from/--to), --as-of and --format. A
past period is shown as it stood at its end; the current one as it stands on
the as-of date (default today).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any, cast
from uuid import uuid4

import click

from domain.audit_sample import AuditSample
from domain.calendar import Period
from mappa_flow.cli.context import CliContext, pass_cli
from mappa_flow.cli.errors import UsageLine, guarded
from mappa_flow.cli.importing import report_problems
from mappa_flow.cli.reporting import DAY, ReportScope, check_area, emit, report_options, scope_from
from mappa_flow.cli.viewer import record_listed, require_viewer, viewer_option
from mappa_flow.clock import today_in_london
from mappa_flow.commands.audit_sample import DrawAuditSample
from mappa_flow.importing import check_command
from projections.registers import queries, scr
from projections.registers.case_fold import GROUPINGS
from projections.registers.stats import StatRow

_STATS_COLUMNS = ("label", "detail", "category", "level_1", "level_2", "level_3", "total")
_SPELL_COLUMNS = ("case_reference", "area", "category", "level", "status", "since", "located_on", "archived_on",
                  "days", "still_wanted_or_missing", "located_in_period")


def _scope(cli: CliContext, area: str | None, period: str | None, from_: Any, to: Any, as_of: Any) -> ReportScope:
    return scope_from(area, period, from_, to, as_of, today_in_london(cli.clock))


def _title(what: str, scope: ReportScope) -> str:
    at = queries.as_at(scope.period, scope.as_of)
    return f"{what}: {scope.area or 'all areas'}, {scope.period.label}, as at {at.isoformat()}"


@click.command("stats")
@report_options
@click.option("--by", type=click.Choice(GROUPINGS), default=None, help="Split every figure by this attribute.")
@click.option("--wanted-missing", is_flag=True, help="List each wanted or missing spell and how long it lasted.")
@viewer_option
@pass_cli
@guarded
def stats(cli: CliContext, area: str | None, period: str | None, from_: Any, to: Any, as_of: Any, fmt: str,
          by: str | None, wanted_missing: bool, viewer: str | None) -> None:
    """Statistics for the SOG and the annual report (RULES §5, guidance 19.14), by category and level.

    Stocks are counted at the period's end (or --as-of, if earlier); flows over the period, at the level the
    case had on the day. The table leaves out categories with nothing to count; JSON and CSV have every row.
    See docs/statistics.md. --wanted-missing names cases: say who is looking (--as USER or MAPPA_USER), each
    case listed is recorded in its access log.
    """
    who = require_viewer(viewer) if wanted_missing else ""
    scope = _scope(cli, area, period, from_, to, as_of)
    with cli.current_views().engine.connect() as conn:
        check_area(conn, scope.area)
        if wanted_missing:
            spells = queries.wanted_or_missing(conn, scope.area, scope.period, scope.as_of)
            title = _title("Wanted or missing individuals", scope)
            record_listed(cli, (spell.case_reference for spell in spells), who, f"stats --wanted-missing: {title}")
            emit(spells, fmt, _title("Wanted or missing individuals", scope), _SPELL_COLUMNS)
            return
        figures = queries.statistics(conn, scope.area, scope.period, scope.as_of, by=by)
    columns = [*_STATS_COLUMNS[:2], *([by] if by else []), *_STATS_COLUMNS[2:]]
    if fmt == "table":  # JSON and CSV keep every row; the table leaves out a category with nothing to count
        figures = [r for r in figures if r.total or r.category == "all"]
    rows = [stat_fields(r, by) for r in figures]
    emit(rows, fmt, _title("MAPPA statistics", scope), columns if fmt == "table" else ["measure", *columns])


def stat_fields(row: StatRow, by: str | None) -> dict[str, Any]:
    """A figure as shown: its group (if split) is named after the attribute it was split by, after the detail."""
    shown = [(name, value) for name, value in row._asdict().items() if name != "group"]
    return dict(shown if by is None else [*shown[:3], (by, row.group), *shown[3:]])


@click.command("scr")
@report_options
@click.option("--show", type=click.Choice(["reviews", "overdue", "stages"]), default="reviews", show_default=True,
              help="Each review and the total; every overdue action; or the stage evaluations.")
@pass_cli
@guarded
def scr_tracker(cli: CliContext, area: str | None, period: str | None, from_: Any, to: Any, as_of: Any, fmt: str,
                show: str) -> None:
    """Significant Case Reviews (R-SCR-2): recommendations, overdue actions, age, stages.

    Without --period or --from/--to, every review commissioned by --as-of (default today), whatever its year,
    open or closed; with them, the reviews open at some time in that period. The table ends with a row
    across them all ("all"); JSON and CSV hold the reviews only.
    """
    scope = _scope(cli, area, period, from_, to, as_of)
    if not (period or from_):
        scope = replace(scope, period=Period(date(1900, 1, 1), scope.as_of, "every year"))
    at = queries.as_at(scope.period, scope.as_of)
    with cli.current_views().engine.connect() as conn:
        check_area(conn, scope.area)
        reviews = queries.reviews(conn, scope.area, scope.period, scope.as_of)
    if show == "overdue":
        emit(scr.overdue_actions(reviews, at), fmt, _title("Overdue SCR actions", scope), _OVERDUE_COLUMNS)
    elif show == "stages":
        emit(scr.stage_evaluations(reviews), fmt, _title("SCR stage evaluations (1 poor - 4 good)", scope),
             fields=("scr_ref", "stage", "rating", "comment", "evaluated_on"))
    else:
        rows = scr.tracker(reviews, at)
        emit(rows if fmt == "table" else [row for row in rows if row.scr_ref != "all"], fmt,
             _title("Significant Case Reviews", scope), _SCR_COLUMNS, fields=_SCR_FIELDS)


_OVERDUE_COLUMNS = ("scr_ref", "area", "recommendation_ref", "action_ref", "owner", "due_on", "days_overdue")
_SCR_COLUMNS = ("scr_ref", "area", "status", "commissioned_on", "published_on", "age_days", "days_since_published",
                "recommendations_open", "recommendations_closed", "actions", "actions_completed", "actions_overdue",
                "stages_evaluated", "mean_rating")
_SCR_FIELDS = (*_SCR_COLUMNS, "case_reference", "extent", "closed_on")


@click.command("isp")
@report_options
@click.option("--costs", is_flag=True, help="Costs per quarter and per reporting year instead of the register.")
@pass_cli
@guarded
def isp_register(cli: CliContext, area: str | None, period: str | None, from_: Any, to: Any, as_of: Any, fmt: str,
                 costs: bool) -> None:
    """Intensive Support Packages (R-ISP-2): each package funded in the period, its renewal, and costs."""
    scope = _scope(cli, area, period, from_, to, as_of)
    with cli.current_views().engine.connect() as conn:
        check_area(conn, scope.area)
        if costs:
            emit(queries.isp_costs(conn, scope.area, scope.period, scope.as_of), fmt, _title("ISP costs", scope),
                 fields=_ISP_COST_FIELDS)
            return
        packages = queries.isp_register(conn, scope.area, scope.period, scope.as_of)
    emit(packages, fmt, _title("Intensive Support Packages", scope), fields=_ISP_FIELDS)


_ISP_FIELDS = ("isp_ref", "case_reference", "area", "status", "provider", "period_starts_on", "period_ends_on",
               "period_cost", "renewal", "renewal_due", "renewal_requested_on", "meeting_in_period",
               "last_meeting_on", "ended_on")
_ISP_COST_FIELDS = ("period", "from", "to", "isps_funded", "approved_cost", "incurred_cost")


@click.group("audits", invoke_without_command=True)
@report_options
@click.option("--samples", is_flag=True, help="The random case samples drawn, instead of the audits done.")
@viewer_option
@pass_cli
@click.pass_context
@guarded
def audits(ctx: click.Context, cli: CliContext, area: str | None, period: str | None, from_: Any, to: Any,
           as_of: Any, fmt: str, samples: bool, viewer: str | None) -> None:
    """Audits done per reporting year and quarter (R-AUD-1); `audits draw` draws the annual case sample.

    --samples names the cases selected: say who is looking (--as USER or MAPPA_USER), each is recorded in its
    access log.
    """
    if ctx.invoked_subcommand is not None:
        return
    who = require_viewer(viewer) if samples else ""
    scope = _scope(cli, area, period, from_, to, as_of)
    with cli.current_views().engine.connect() as conn:
        check_area(conn, scope.area)
        if samples:
            drawn = queries.audit_samples(conn, scope.area, scope.period, scope.as_of)
            title = _title("Random case audit samples", scope)
            record_listed(cli, (ref for row in drawn for ref in row.selected.split()), who,
                          f"audits --samples: {title}")
            emit(drawn, fmt, title, fields=_SAMPLE_FIELDS)
            return
        rows = queries.audit_register(conn, scope.area, scope.period, scope.as_of)
    emit(rows, fmt, f"Audits: {scope.area or 'all areas'}, {scope.period.label}, as of {scope.as_of.isoformat()}",
         fields=("area", "period", "case_audits", "meeting_audits", "level1_audits", "annual_case_audit",
                 "meeting_audit"))


_SAMPLE_FIELDS = ("sample_ref", "area", "reporting_year", "drawn_on", "seed", "seed_derived", "method", "eligible",
                  "requested", "selected", "reproduced", "audited")


@audits.command("draw")
@click.option("--area", required=True, help="The area whose Level 2 / 3 cases are drawn from.")
@click.option("--period", "reporting_year", default=None, help="The reporting year audited, like 2026-27.")
@click.option("--year", "old_year", default=None, hidden=True)  # the old name of --period, still accepted
@click.option("--size", "sample_size", required=True, type=int, help="How many cases to select.")
@click.option("--seed", type=int, default=None, help="The seed; without it one is derived from the command id.")
@click.option("--sample-ref", default=None, help="A reference for this draw (default: AREA-YEAR).")
@click.option("--on", "drawn_on", type=DAY, default=None,
              help="The draw date (default today): the cases open at Level 2 / 3 at its end are eligible.")
@click.option("--as", "recorded_by", envvar="MAPPA_USER", default=None, metavar="USER",
              help="Who is drawing the sample (default: MAPPA_USER).")
@click.option("--recorded-by", "old_recorded_by", default=None, hidden=True)  # the old name of --as
@click.option("--command-id", default=None, help="The command id (default: made up and printed).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@pass_cli
@guarded
def draw(cli: CliContext, area: str, reporting_year: str | None, old_year: str | None, sample_size: int,
         seed: int | None, sample_ref: str | None, drawn_on: Any, recorded_by: str | None,
         old_recorded_by: str | None, command_id: str | None, fmt: str) -> None:
    """Draw and record the reproducible random sample of Level 2 / 3 cases for the annual case audit.

    --period names the reporting year (2026-27); --as (or MAPPA_USER) who draws. The old names --year and
    --recorded-by are still accepted.
    """
    reporting_year, recorded_by = reporting_year or old_year, old_recorded_by or recorded_by
    if not reporting_year:
        raise UsageLine("say which reporting year is audited: give --period, like 2026-27")
    if not recorded_by:
        raise UsageLine("say who is drawing the sample: give --as USER or set MAPPA_USER")
    data = {"area": area, "reporting_year": reporting_year, "sample_size": sample_size, "seed": seed,
            "sample_ref": sample_ref, "recorded_by": recorded_by,
            "occurred_on": (drawn_on or today_in_london(cli.clock)).isoformat()}
    fields = {k: v for k, v in data.items() if v is not None} | ({"command_id": command_id} if command_id else {})
    checked = check_command(json.dumps(fields), "draw_audit_sample", default_command_id=f"cli-{uuid4().hex[:16]}",
                            today=today_in_london(cli.clock))
    if not checked.ok:
        report_problems(checked, "no sample was drawn")
    command = cast(DrawAuditSample, checked.lines[0].command)
    outcome = cli.app.handle(command)
    sample: AuditSample = cli.app.repository.get(cli.app.ids.audit_sample(command.reference))
    how = "derived from the command id" if sample.seed_derived else "given"
    done = "Drew" if outcome.applied else "Already drawn (nothing changed):"
    click.echo(f"{done} sample {sample.sample_ref} (command id {command.command_id}), seed {sample.seed} ({how}): "
               f"{len(sample.selected)} of {sample.eligible_count} eligible cases.", err=fmt != "table")
    record_listed(cli, sample.selected, command.recorded_by, f"audits draw: sample {sample.sample_ref}")
    rows = [{"rank": rank, "case_reference": ref} for rank, ref in enumerate(sample.selected, start=1)]
    emit(rows, fmt, f"Sample {sample.sample_ref}", fields=("rank", "case_reference"))


def register(root: click.Group) -> None:
    for command in (stats, scr_tracker, isp_register, audits):
        root.add_command(command)

