"""``mappa-flow areas`` and ``mappa-flow case list``: what there is to look at (registered by ``case``).

``areas`` names each registered area and counts its cases. ``case list`` shows references and state only
(area, category, level, open or archived, custody or community, overdue deadlines), never personal details;
as it shows case references, each case listed is recorded in its access log, like ``case show``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from mappa_flow.cli.context import CliContext, pass_cli
from mappa_flow.cli.errors import guarded
from mappa_flow.cli.reporting import check_area, emit
from mappa_flow.cli.viewer import record_listed, require_viewer, viewer_option
from mappa_flow.clock import today_in_london

if TYPE_CHECKING:
    from sqlalchemy import Connection


_FORMAT = click.Choice(["table", "json", "csv"])
_AREA_FIELDS = ("code", "name", "open_cases", "archived_cases")
_CASE_FIELDS = ("reference", "area", "category", "level", "status", "custody", "referred_on", "overdue_deadlines")


@click.command("areas")
@click.option("--format", "fmt", type=_FORMAT, default="table", show_default=True, help="Output format.")
@pass_cli
@guarded
def areas(cli: CliContext, fmt: str) -> None:
    """The registered areas: code (for --area), name, and how many cases are open and archived."""
    with cli.current_views().engine.connect() as conn:
        rows = area_rows(conn)
    emit(rows, fmt, "Areas", _AREA_FIELDS, fields=_AREA_FIELDS)


@click.command("list")
@click.option("--area", default=None, help="Only this area's cases.")
@click.option("--level", type=click.IntRange(1, 3), default=None, help="Only cases at this level (1, 2 or 3).")
@click.option("--overdue", is_flag=True, help="Only cases with an open deadline past its due date.")
@click.option("--archived", is_flag=True, help="Archived cases too (default: open cases only).")
@click.option("--format", "fmt", type=_FORMAT, default="table", show_default=True, help="Output format.")
@viewer_option
@pass_cli
@guarded
def case_list(cli: CliContext, area: str | None, level: int | None, overdue: bool, archived: bool, fmt: str,
              viewer: str | None) -> None:
    """Cases by reference, with their state and overdue deadlines: no personal details.

    Each case listed is recorded in its access log ('mappa-flow audit access'), so say who is looking
    (--as USER or MAPPA_USER). An area that is not registered is refused (exit 5).
    """
    who = require_viewer(viewer)
    today = today_in_london(cli.clock)
    with cli.current_views().engine.connect() as conn:
        check_area(conn, area)
        rows = case_rows(conn, area, level, archived, today)
    if overdue:
        rows = [row for row in rows if row["overdue_deadlines"]]
    scope = "; ".join(f"{name} {value}" for name, value in (("area", area), ("level", level)) if value)
    from domain.access import AccessSubject

    record_listed(cli, [row["reference"] for row in rows], who, f"case list{': ' + scope if scope else ''}",
                  AccessSubject.STATE)
    title = f"Cases: {area or 'all areas'}" + (f", level {level}" if level else "") + (
        ", with overdue deadlines" if overdue else "") + f" ({len(rows)})"
    emit(rows, fmt, title, _CASE_FIELDS, fields=_CASE_FIELDS)


def area_rows(conn: Connection) -> list[dict[str, Any]]:
    from sqlalchemy import func, select

    from projections.views.area import area_table as a
    from projections.views.case import case_table as c

    counts = {(code, archived): count for code, archived, count in conn.execute(
        select(c.c.area, c.c.archived, func.count()).group_by(c.c.area, c.c.archived))}
    return [{"code": code, "name": name, "open_cases": counts.get((code, False), 0),
             "archived_cases": counts.get((code, True), 0)}
            for code, name in conn.execute(select(a.c.code, a.c.name).order_by(a.c.code))]


def case_rows(conn: Connection, area: str | None, level: int | None, archived: bool,
              today: date) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from projections.deadlines.query import open_deadlines
    from projections.views.case import case_table as c

    query = select(c.c.reference, c.c.area, c.c.category, c.c.level, c.c.archived, c.c.in_custody, c.c.referred_on)
    for column, value in ((c.c.area, area), (c.c.level, level)):
        if value is not None:
            query = query.where(column == value)
    if not archived:
        query = query.where(c.c.archived.is_(False))
    overdue: dict[str, int] = {}
    for deadline in open_deadlines(conn, area, due_before=today):
        if deadline.case_reference:
            overdue[deadline.case_reference] = overdue.get(deadline.case_reference, 0) + 1
    return [{"reference": row.reference, "area": row.area, "category": row.category, "level": row.level,
             "status": "archived" if row.archived else "open", "custody": "custody" if row.in_custody else "community",
             "referred_on": row.referred_on, "overdue_deadlines": overdue.get(row.reference, 0)}
            for row in conn.execute(query.order_by(c.c.area, c.c.reference))]

