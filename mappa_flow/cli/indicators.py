"""``mappa-flow indicators``, ``exceptions``, ``reason`` and ``commonality``: the national indicators (RULES §4).

Each report takes --area, --period (or --from/--to), --as-of and --format, and
--known-at to show the report as it could have been produced at a past moment
(facts recorded later are left out).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar, cast
from uuid import uuid4

import click

from domain.exception_reason import INDICATOR_IDS, ExceptionCategory
from mappa_flow.cli.context import EXIT_NOT_FOUND, CliContext, pass_cli
from mappa_flow.cli.errors import CliFailure, UsageLine, guarded
from mappa_flow.cli.importing import report_problems
from mappa_flow.cli.indicator_rows import exception_fields, group_fields, occurrence_fields, result_fields
from mappa_flow.cli.reporting import DAY, MOMENT, OptionError, check_area, emit, report_options, scope_from
from mappa_flow.cli.viewer import USER, record_listed, require_viewer, viewer_option
from mappa_flow.clock import LONDON, today_in_london
from mappa_flow.commands.exception import RecordExceptionReason
from mappa_flow.importing import check_command
from projections.indicators import (
    Scope,
    commonality_groups,
    exception_rows,
    find_exception,
    indicator_figures,
    pending_occurrences,
)

F = TypeVar("F", bound=Callable[..., Any])



class IndicatorId(click.ParamType[str]):
    """An indicator, written R-PI-9, r-pi-9, PI-9 or 9; anything else is refused in one line."""

    name = "R-PI-N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip().upper()
        number = text.removeprefix("R-").removeprefix("PI-")
        if f"R-PI-{number}" in INDICATOR_IDS:
            return f"R-PI-{number}"
        raise OptionError("--indicator", value, f"no such indicator: they are {INDICATOR_IDS[0]} to "
                          f"{INDICATOR_IDS[-1]}, written R-PI-9, PI-9 or 9")


_INDICATOR = IndicatorId()
_EXCEPTION_TABLE = ("indicator", "area", "case", "on", "meeting", "agency", "days_late", "detail", "reason", "key")
_PENDING_TABLE = ("indicator", "area", "case", "on", "meeting", "agency", "detail", "key")
_EXCEPTION_FIELDS = ("indicator", "area", "case", "on", "meeting", "agency", "days_late", "detail", "key",
                     "reason_recorded", "reason", "reason_agency", "reason_text")
_PENDING_FIELDS = ("indicator", "area", "case", "on", "meeting", "agency", "status", "detail", "key")


def known_at_option(function: F) -> F:
    return click.option("--known-at", type=MOMENT, default=None,
                        help="Leave out facts recorded after this moment (a date means the end of that day, UK "
                             "time), to see the report as it was then; --period and --as-of then default to that "
                             "day.")(function)


def _scope(cli: CliContext, options: dict[str, Any]) -> Scope:
    """The report's scope. With --known-at, --period and --as-of default to that day, as the report produced
    then had them, so that ``--known-at`` alone reproduces it (R-CAL-1)."""
    known_at = options.get("known_at")
    latest = today = today_in_london(cli.clock)
    if known_at is not None:
        today = min(today, known_at.astimezone(LONDON).date())
    chosen = scope_from(options["area"], options["period"], options["from_"], options["to"], options["as_of"], today,
                        latest)
    return Scope(chosen.area, chosen.period, chosen.as_of, known_at=known_at)


def _title(what: str, scope: Scope) -> str:
    known = f", as known at {scope.known_at.isoformat(timespec='minutes')}" if scope.known_at else ""
    return f"{what}: {scope.area or 'all areas'}, {scope.period.label}, as of {scope.as_of.isoformat()}{known}"


@click.command("indicators")
@report_options
@known_at_option
@pass_cli
@guarded
def indicators(cli: CliContext, /, fmt: str, **options: Any) -> None:
    """The national performance indicators R-PI-1 to R-PI-10 (R-PI-3: one line per DTC agency).

    Pending occurrences (not yet decided at the as-of date) are shown, not counted.
    """
    scope = _scope(cli, options)
    with cli.current_views().engine.connect() as conn:
        check_area(conn, scope.area)
        rows = [result_fields(r) for r in indicator_figures(conn, scope)]
    emit(rows, fmt, _title("National indicators", scope))


@click.command("exceptions")
@report_options
@known_at_option
@click.option("--indicator", type=_INDICATOR, default=None, help="Only this indicator's exceptions.")
@click.option("--pending", is_flag=True, help="List the pending occurrences (not yet decided) instead.")
@viewer_option
@pass_cli
@guarded
def exceptions(cli: CliContext, /, fmt: str, indicator: str | None, pending: bool, viewer: str | None,
               **options: Any) -> None:
    """Each exception: case, meeting or due date, days late, and the recorded reason or 'no reason recorded'.

    The key column names the exception for 'mappa-flow reason'. Say who is looking (--as USER or
    MAPPA_USER): each case listed is recorded in its access log.
    """
    who = require_viewer(viewer)
    scope = _scope(cli, options)
    chosen = (indicator,) if indicator else INDICATOR_IDS
    with cli.current_views().engine.connect() as conn:
        check_area(conn, scope.area)
        if pending:
            rows = [occurrence_fields(o) for o in pending_occurrences(conn, scope, chosen)]
        else:
            rows = [exception_fields(row) for row in exception_rows(conn, scope, chosen)]
    table = _PENDING_TABLE if pending else _EXCEPTION_TABLE
    title = _title("Pending occurrences" if pending else "Exceptions", scope)
    record_listed(cli, (str(row["case"]) for row in rows if row.get("case")), who, f"exceptions: {title}")
    emit(rows, fmt, title, table if fmt == "table" else None,
         fields=_PENDING_FIELDS if pending else _EXCEPTION_FIELDS)


@click.command("commonality")
@report_options
@known_at_option
@click.option("--indicator", type=_INDICATOR, required=True, help="The indicator to analyse.")
@viewer_option
@pass_cli
@guarded
def commonality(cli: CliContext, /, fmt: str, indicator: str, viewer: str | None, **options: Any) -> None:
    """An indicator's exceptions grouped by case, by agency and by reason, against the previous period.

    Say who is looking (--as USER or MAPPA_USER): each case grouped is recorded in its access log.
    """
    who = require_viewer(viewer)
    scope = _scope(cli, options)
    with cli.current_views().engine.connect() as conn:
        check_area(conn, scope.area)
        rows = [group_fields(group) for group in commonality_groups(conn, scope, indicator)]
    title = _title(f"Commonality of {indicator} exceptions", scope) + f" (previous: {scope.period.previous().label})"
    record_listed(cli, (str(row["value"]) for row in rows if row["by"] == "case"), who, f"commonality: {title}")
    emit(rows, fmt, title, fields=("by", "value", "this_period", "previous_period", "change", "repeated"))


@click.command("reason")
@click.option("--indicator", type=_INDICATOR, required=True, help="The indicator of the exception.")
@click.option("--key", "exception_key", required=True, help="The exception's key, as 'mappa-flow exceptions' lists.")
@click.option("--category", type=click.Choice([c.value for c in ExceptionCategory]), required=True)
@click.option("--agency", default=None, help="The agency concerned, if any.")
@click.option("--text", required=True, help="Why the exception happened.")
@click.option("--on", "given_on", type=DAY, default=None, help="The date the reason was given (default today).")
@click.option("--as", "recorded_by", envvar="MAPPA_USER", type=USER, default=None, metavar="USER",
              help="Who is recording (default: MAPPA_USER).")
@click.option("--command-id", default=None, help="The command id (default: made up and printed).")
@report_options
@pass_cli
@guarded
def reason(cli: CliContext, /, indicator: str, exception_key: str, category: str, agency: str | None, text: str,
           given_on: date | None, recorded_by: str | None, command_id: str | None, fmt: str,
           **options: Any) -> None:
    """Record (or revise) the reason for one exception (R-PI-EXC). The exception must exist today.

    With --area, --period (or --from/--to) or --as-of, it must also be an exception of that report, as
    'mappa-flow exceptions' with the same options lists it; otherwise nothing is recorded. The exception is
    then shown with its reason, in --format.
    """
    if not recorded_by:
        raise UsageLine("say who is recording: give --as USER or set MAPPA_USER")
    today = today_in_london(cli.clock)
    data = {"indicator": indicator, "exception_key": exception_key, "category": category, "agency": agency,
            "text": text, "recorded_by": recorded_by, "command_id": command_id,
            "occurred_on": (given_on or today).isoformat()}
    fields = {k: v for k, v in data.items() if v is not None}
    checked = check_command(json.dumps(fields), "record_exception_reason",
                            default_command_id=f"cli-{uuid4().hex[:16]}", today=today)
    if not checked.ok:
        report_problems(checked, "no reason was recorded")
    command = cast(RecordExceptionReason, checked.lines[0].command)
    if any(options[name] for name in ("area", "period", "from_", "to", "as_of")):
        _check_in_report(cli, command.exception_key, _scope(cli, {**options, "known_at": None}), options)
    outcome = cli.app.handle(command)
    done = "Recorded" if outcome.applied else "Already recorded (nothing changed):"
    click.echo(f"{done} the reason for {command.exception_key} (command id {command.command_id}).",
               err=fmt != "table")
    with cli.current_views().engine.connect() as conn:
        found = find_exception(conn, command.exception_key, today)
    emit([exception_fields(found)] if found else [], fmt, f"Exception {command.exception_key}",
         _EXCEPTION_TABLE if fmt == "table" else None, fields=_EXCEPTION_FIELDS)


def _check_in_report(cli: CliContext, key: str, scope: Scope, options: dict[str, Any]) -> None:
    """Refuse (exit 5, nothing written) a key that is not an exception of the report these options ask for."""
    with cli.current_views().engine.connect() as conn:
        check_area(conn, scope.area)
        try:
            found = find_exception(conn, key, scope.as_of)
        except ValueError:
            return  # a malformed key: the handler refuses it, naming the shape
    dated = bool(options["period"] or options["from_"])
    on = found.occurrence.on if found else None
    if found is None or (scope.area and found.occurrence.area != scope.area) or (
            dated and on is not None and not scope.period.contains(on)):
        where = f"{scope.area or 'all areas'}, {scope.period.label if dated else 'any period'}"
        raise CliFailure(f"not found: {key} is not an exception of {where} as of {scope.as_of.isoformat()} "
                         f"(field=exception_key, value={key!r}, rule=R-PI-EXC); no reason was recorded",
                         EXIT_NOT_FOUND)


def register(root: click.Group) -> None:
    for command in (indicators, exceptions, reason, commonality):
        root.add_command(command)
