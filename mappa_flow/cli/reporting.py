"""Options and output shared by every report command (indicators, stats, deadlines, ...).

Each report takes ``--area``, ``--period`` (``2026-27``, ``2026-27-Q3``) or ``--from``/``--to``,
``--as-of`` and ``--format table|json|csv``. A report builds a list of flat rows (dicts)
and hands them to ``emit``.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from domain.calendar import Period, date_range, parse_period, reporting_year_of

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class ReportScope:
    area: str | None  # None: all areas together
    period: Period
    as_of: date


def report_options(function: F) -> F:
    """Add --area, --period, --from, --to, --as-of and --format to a command."""
    decorators = [
        click.option("--area", default=None, help="Area code; all areas when omitted."),
        click.option("--period", default=None, help="Reporting year (2026-27) or quarter (2026-27-Q3)."),
        click.option("--from", "from_", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Range start."),
        click.option("--to", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Range end (inclusive)."),
        click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None,
                     help="Judge occurrences as of this date (default: today)."),
        click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                     show_default=True, help="Output format."),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def scope_from(area: str | None, period: str | None, from_: Any, to: Any, as_of: Any, today: date) -> ReportScope:
    """Turn the options into a scope, refusing contradictory or malformed ones with a usage error."""
    if period and (from_ or to):
        raise click.UsageError("give --period or --from/--to, not both")
    if bool(from_) != bool(to):
        raise click.UsageError("--from and --to go together")
    try:
        if period:
            chosen = parse_period(period)
        elif from_ and to:
            chosen = date_range(from_.date(), to.date())
        else:
            chosen = reporting_year_of(today)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--period/--from/--to") from None
    return ReportScope(area=area, period=chosen, as_of=as_of.date() if as_of else today)


def emit(rows: Sequence[dict[str, Any]], fmt: str, title: str = "", columns: Sequence[str] | None = None) -> None:
    """Print rows as a readable table, JSON or CSV."""
    names = list(columns or (rows[0].keys() if rows else []))
    if fmt == "json":
        click.echo(json.dumps(list(rows), default=str, indent=2))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=names, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    else:
        _table(rows, names, title)


def _table(rows: Sequence[dict[str, Any]], names: list[str], title: str) -> None:
    table = Table(title=title or None, show_lines=False)
    for name in names:
        table.add_column(name.replace("_", " "))
    for row in rows:
        table.add_row(*("" if row.get(name) is None else str(row.get(name)) for name in names))
    Console(width=200).print(table)
    if not rows:
        click.echo("(nothing to show)")
