"""``mappa-flow deadlines``: every deadline of RULES §9, with its due date and what it belongs to."""

from __future__ import annotations

from typing import Any

import click

from mappa_flow.cli.context import CliContext, pass_cli
from mappa_flow.cli.errors import guarded
from mappa_flow.cli.reporting import check_area, emit, report_options, scope_from
from mappa_flow.cli.viewer import record_listed, require_viewer, viewer_option
from mappa_flow.clock import today_in_london
from projections.deadlines import DeadlineRow, find_deadlines
from projections.views.deadline import ensure_periodic

_COLUMNS = ("due_on", "kind", "rule", "area", "case_reference", "subject_ref", "status", "closed_on", "days_overdue",
            "reason", "deadline_id")
_TABLE_COLUMNS = _COLUMNS[:-1]


@click.command("deadlines")
@report_options
@click.option("--status", type=click.Choice(["open", "met", "withdrawn", "all"]), default="open", show_default=True,
              help="Which deadlines: still open, met, withdrawn (no longer applicable), or all.")
@click.option("--case", "case_reference", default=None,
              help="Only this case's deadlines (and its meetings' and ISPs').")
@viewer_option
@pass_cli
@guarded
def deadlines(cli: CliContext, area: str | None, period: str | None, from_: Any, to: Any, as_of: Any, fmt: str,
              status: str, case_reference: str | None, viewer: str | None) -> None:
    """Deadlines: reviews, pre-release meetings, minutes and RMPs, ISP renewals, SCR actions, audits, SOG duties.

    Without --period or --from/--to every deadline is listed whatever its due date; with them, only those
    due in that period. Days overdue are counted to --as-of (default today). Say who is looking (--as USER
    or MAPPA_USER): each case listed is recorded in its access log.
    """
    who = require_viewer(viewer)
    today = today_in_london(cli.clock)
    scope = scope_from(area, period, from_, to, as_of, today)
    views = cli.current_views()
    with views.engine.begin() as conn:
        check_area(conn, area)
        ensure_periodic(conn, today)
    dated = bool(period or from_)
    with views.engine.connect() as conn:
        rows = find_deadlines(conn, status=None if status == "all" else status, area=area,
                              case_reference=case_reference, due_from=scope.period.start if dated else None,
                              due_to=scope.period.end if dated else None)
    title = f"Deadlines ({status})" + (f", due in {scope.period.label}" if dated else "")
    record_listed(cli, (row.case_reference for row in rows), who, f"deadlines: {title}")
    emit([_row(row, scope.as_of) for row in rows], fmt, title, _TABLE_COLUMNS if fmt == "table" else _COLUMNS)


def _row(row: DeadlineRow, as_of: Any) -> dict[str, Any]:
    found = row.as_dict()
    found["days_overdue"] = row.days_overdue(as_of) if row.status != "withdrawn" else None
    return {name: found.get(name) for name in _COLUMNS}


def register(root: click.Group) -> None:
    root.add_command(deadlines)
