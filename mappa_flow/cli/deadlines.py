"""``mappa-flow deadlines``: every deadline of RULES §9, with its due date and what it belongs to."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from mappa_flow.cli.context import CliContext, pass_cli
from mappa_flow.cli.errors import guarded
from mappa_flow.cli.reporting import DAY, check_area, check_case, emit, period_options, scope_from
from mappa_flow.cli.viewer import record_listed, require_viewer, viewer_option
from mappa_flow.clock import today_in_london
from projections.deadlines import DeadlineRow, find_deadlines

_COLUMNS = ("due_on", "kind", "rule", "area", "case_reference", "subject_ref", "status", "closed_on", "days_overdue",
            "reason", "deadline_id")
_TABLE_COLUMNS = _COLUMNS[:-1]


@click.command("deadlines")
@period_options
@click.option("--overdue-on", type=DAY, default=None,
              help="Count the days overdue to this date, today or earlier (default: today).")
@click.option("--as-of", "old_as_of", type=DAY, default=None, hidden=True)  # the old name of --overdue-on
@click.option("--status", type=click.Choice(["open", "met", "withdrawn", "missed", "all"]), default="open",
              show_default=True, help="Which deadlines: still open, met, withdrawn (no longer applicable before "
              "they fell due), missed (no longer applicable, but only after they fell due unmet), or all.")
@click.option("--case", "case_reference", default=None,
              help="Only this case's deadlines (and its meetings' and ISPs').")
@viewer_option
@pass_cli
@guarded
def deadlines(cli: CliContext, area: str | None, period: str | None, from_: Any, to: Any, fmt: str,
              overdue_on: date | None, old_as_of: date | None, status: str, case_reference: str | None,
              viewer: str | None) -> None:
    """Deadlines: reviews, pre-release meetings, minutes and RMPs, ISP renewals, SCR actions, audits, SOG duties.

    The deadlines as they stand now. Without --period or --from/--to every deadline is listed whatever its
    due date; with them, only those due in that period. Days overdue are counted to --overdue-on (default
    today); the table says "due in N days" for a deadline not yet due. Say who is looking (--as USER or
    MAPPA_USER): each case listed is recorded in its access log.
    """
    who = require_viewer(viewer)
    today = today_in_london(cli.clock)
    scope = scope_from(area, period, from_, to, overdue_on or old_as_of, today,
                       as_of_option="--overdue-on" if overdue_on else "--as-of")
    views = cli.current_views()
    with views.engine.connect() as conn:
        check_area(conn, area)
        check_case(conn, case_reference)
    dated = bool(period or from_)
    with views.engine.connect() as conn:
        rows = find_deadlines(conn, status=None if status == "all" else status, area=area,
                              case_reference=case_reference, due_from=scope.period.start if dated else None,
                              due_to=scope.period.end if dated else None)
    title = f"Deadlines ({status})" + (f", due in {scope.period.label}" if dated else "")
    title += f", days overdue counted to {scope.as_of.isoformat()}"
    record_listed(cli, (row.case_reference for row in rows), who, f"deadlines: {title}")
    found = [_row(row, scope.as_of) for row in rows]
    if fmt == "table":
        emit([_readable(row, scope.as_of) for row in found], fmt, title, _TABLE_COLUMNS)
    else:
        emit(found, fmt, title, _COLUMNS)


def _row(row: DeadlineRow, as_of: date) -> dict[str, Any]:
    found = row.as_dict()
    found["days_overdue"] = row.days_overdue(as_of) if row.status != "withdrawn" else None
    return {name: found.get(name) for name in _COLUMNS}


def _readable(row: dict[str, Any], as_of: date) -> dict[str, Any]:
    """The table's days overdue: blank when none, "due today" or "due in N days" for an open one not yet due."""
    ahead = (row["due_on"] - as_of).days
    if row["status"] == "open" and ahead >= 0:
        late: Any = "due today" if ahead == 0 else f"due in {ahead} day{'' if ahead == 1 else 's'}"
    else:
        late = row["days_overdue"] or None
    return {**row, "days_overdue": late}


def register(root: click.Group) -> None:
    root.add_command(deadlines)
