"""Options and output shared by every report command (indicators, stats, deadlines, ...).

Each report takes ``--area``, ``--period`` (``2026-27``, ``2026-27-Q3``) or ``--from``/``--to``,
``--as-of`` and ``--format table|json|csv``. A report builds a list of flat rows (dicts,
or the typed rows the queries return) and hands them to ``emit``, the output edge, which turns
typed rows into their fields. A bad value is refused in one line naming the option, the value
and the rule (exit 2); an area that is not registered is refused with exit 5.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import IO, TYPE_CHECKING, Any, Protocol, TypeVar

import click

from domain.calendar import Period, date_range, parse_period, reporting_year_of
from mappa_flow.cli.context import EXIT_NOT_FOUND
from mappa_flow.cli.errors import CliFailure
from mappa_flow.clock import LONDON

if TYPE_CHECKING:
    from sqlalchemy import Connection

F = TypeVar("F", bound=Callable[..., Any])


class Record(Protocol):
    """A typed row (a NamedTuple) as a query returns it."""

    def _asdict(self) -> dict[str, Any]: ...


Row = Mapping[str, Any] | Record


def fields_of(row: Row) -> dict[str, Any]:
    """A row as the output shows it, in field order. A typed row's field ending in "_" (``from_``, named so
    only to keep off a Python keyword) is shown without it."""
    if isinstance(row, Mapping):
        return dict(row)
    return {name.removesuffix("_"): value for name, value in row._asdict().items()}


@dataclass(frozen=True)
class ReportScope:
    area: str | None  # None: all areas together
    period: Period
    as_of: date


class OptionError(click.UsageError):
    """A bad option value: one line on stderr naming the option, the value and the rule; exit code 2."""

    def __init__(self, option: str, value: object, problem: str, rule: str | None = None):
        where = f"option={option}, value={value!r}" + (f", rule={rule}" if rule else "")
        super().__init__(f"bad option: {problem} ({where})")

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"mappa-flow: {self.format_message()}", err=True)


class Day(click.ParamType[date]):
    """A calendar date written YYYY-MM-DD (R-CAL-1), refused in one line naming the option and the value."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return datetime.strptime(str(value).strip(), "%Y-%m-%d").date()
        except ValueError:
            option = param.opts[0] if param is not None and param.opts else "date"
            raise OptionError(option, value, "not a calendar date like 2026-05-01", "R-CAL-1") from None


DAY = Day()


class Moment(click.ParamType[datetime]):
    """A recorded moment for --known-at: a date (the end of that day) or a date and time, UK time (R-CAL-1)."""

    name = "MOMENT"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return value
        text = str(value).strip()
        try:
            if len(text) == 10:
                return datetime.combine(date.fromisoformat(text), time(23, 59, 59, 999999), LONDON)
            moment = datetime.fromisoformat(text)
        except ValueError:
            option = param.opts[0] if param is not None and param.opts else "moment"
            raise OptionError(option, value, "not a date (2026-05-01) or a date and time (2026-05-01T17:30)",
                              "R-CAL-1") from None
        return moment if moment.tzinfo else moment.replace(tzinfo=LONDON)


MOMENT = Moment()


def report_options(function: F) -> F:
    """Add --area, --period, --from, --to, --as-of and --format to a command."""
    as_of = click.option("--as-of", type=DAY, default=None,
                         help="Judge occurrences as of this date, today or earlier (default: today).")
    return period_options(as_of(function))


def period_options(function: F) -> F:
    """Add --area, --period, --from, --to and --format to a command."""
    decorators = [
        click.option("--area", default=None, help="Area code; all areas when omitted."),
        click.option("--period", default=None, help="Reporting year (2026-27) or quarter (2026-27-Q3)."),
        click.option("--from", "from_", type=DAY, default=None, help="Range start (with --to)."),
        click.option("--to", type=DAY, default=None, help="Range end, inclusive (with --from)."),
        click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                     show_default=True, help="Output format (on a pipe too: use json or csv for scripts)."),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def scope_from(area: str | None, period: str | None, from_: date | None, to: date | None, as_of: date | None,
               today: date, latest: date | None = None, as_of_option: str = "--as-of") -> ReportScope:
    """Turn the options into a scope, refusing contradictory or malformed ones in one line (R-CAL-2).

    ``today`` is the default as-of date; an --as-of after ``latest`` (default ``today``) is refused: a report
    judged on a day not yet come would count as missed every deadline still open (R-CAL-1).
    """
    if as_of is not None and as_of > (latest or today):
        raise OptionError(as_of_option, as_of.isoformat(), f"is after today ({(latest or today).isoformat()}): a "
                          "report cannot be judged on a day not yet come", "R-CAL-1")
    if period and (from_ or to):
        raise OptionError("--period", period, "give --period or --from/--to, not both", "R-CAL-2")
    if bool(from_) != bool(to):
        given, missing = ("--from", "--to") if from_ else ("--to", "--from")
        raise OptionError(given, str(from_ or to), f"{given} needs {missing}: a date range has both ends", "R-CAL-2")
    return ReportScope(area=area, period=_period(period, from_, to, today), as_of=as_of or today)


def _period(period: str | None, from_: date | None, to: date | None, today: date) -> Period:
    if period:
        try:
            return parse_period(period)
        except ValueError as error:
            raise OptionError("--period", period, str(error), "R-CAL-2") from None
    if from_ and to:
        try:
            return date_range(from_, to)
        except ValueError as error:
            raise OptionError("--to", to.isoformat(), str(error), "R-CAL-2") from None
    return reporting_year_of(today)


def check_area(conn: Connection, area: str | None) -> None:
    """Refuse an area that is not registered (exit 5), naming the areas there are (R-CASE-1)."""
    if area is None:
        return
    from sqlalchemy import select

    from projections.views.area import area_table

    known = [code for (code,) in conn.execute(select(area_table.c.code).order_by(area_table.c.code))]
    if area not in known:
        where = f"option=--area, value={area!r}, rule=R-CASE-1"
        listed = ", ".join(known) if known else "none is registered yet"
        raise CliFailure(f"not found: area {area} is not registered ({where}); the areas are: {listed}",
                         EXIT_NOT_FOUND)


def check_case(conn: Connection, reference: str | None, option: str = "--case") -> None:
    """Refuse a case reference that no case has (exit 5), as ``case show`` does (R-CASE-1)."""
    if reference is None:
        return
    from sqlalchemy import select

    from projections.views.case import case_table

    if conn.execute(select(case_table.c.case_id).where(case_table.c.reference == reference)).first() is None:
        raise CliFailure(f"not found: no case has reference {reference} (option={option}, value={reference!r}, "
                         "rule=R-CASE-1); 'mappa-flow case list' lists them", EXIT_NOT_FOUND)


def emit(shown: Sequence[Row], fmt: str, title: str = "", columns: Sequence[str] | None = None,
         fields: Sequence[str] = ()) -> None:
    """Print rows as a readable table (``columns`` only), or as JSON or CSV (every field, ``columns`` first).

    ``fields`` names the CSV header when there may be no rows: an empty CSV still has its header line.
    """
    rows = [fields_of(row) for row in shown]
    names = list(columns or (rows[0].keys() if rows else fields))
    if fmt == "json":
        click.echo(json.dumps(list(rows), default=str, indent=2))
    elif fmt == "csv":
        header = list(dict.fromkeys([*names, *fields, *(key for row in rows for key in row)]))
        writer = csv.DictWriter(sys.stdout, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    elif not rows:  # the title, and no empty table
        click.echo(f"{title}\n(nothing to show)" if title else "(nothing to show)")
    else:
        from mappa_flow.cli.tables import print_table

        print_table(rows, names, title)
