"""Report tables that fit the terminal (docs/cli.md, "Output and errors").

The width is the terminal's, or ``COLUMNS``, or 80 on a pipe (rich's rule). A table is printed in the
first of these shapes that fits:

1. every column with its full heading; free text (a detail, a reason, a title) folds onto more lines;
2. short headings, a long title column (an indicator's title) moved to a legend under the table, and the
   columns split into as many tables as it takes, each led by the row's first column (its identifier);
   the legend spells out each short heading used;
3. if even that does not fit, one block of ``name: value`` lines per row.

Only free text folds: a key or a reference is never cut or folded, so it can be copied into another command,
and a number, a date or a status stays on one line.
Cells read as words: yes/no rather than True/False, money as £1,234.56. JSON and CSV keep the plain values.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

# Free text, which folds onto more lines; every other column keeps each value on one line.
TEXT_COLUMNS = ("title", "detail", "reason", "summary", "comment", "text", "reason_text", "provider", "owner")

# Short headings for a narrow terminal; the legend under the table spells out each one used.
SHORT_HEADINGS = {
    "numerator": "num", "denominator": "den", "percentage": "%", "target": "tgt", "pending": "pend",
    "withdrawn": "wdn", "exceptions": "exc", "case_reference": "case", "isp_ref": "isp", "scr_ref": "scr",
    "period_starts_on": "from", "period_ends_on": "to", "period_cost": "cost", "renewal_due": "ren due",
    "renewal_requested_on": "ren asked", "meeting_in_period": "mtg in per", "last_meeting_on": "last mtg",
    "ended_on": "ended", "commissioned_on": "commis", "published_on": "publ", "age_days": "age",
    "days_since_published": "since publ", "recommendations_open": "recs open",
    "recommendations_closed": "recs shut", "actions": "acts", "actions_completed": "acts done",
    "actions_overdue": "acts late", "stages_evaluated": "stages", "mean_rating": "rating",
    "approved_cost": "approved", "incurred_cost": "incurred", "isps_funded": "isps", "days_overdue": "overdue",
    "recommendation_ref": "rec", "action_ref": "action", "previous_period": "prev", "this_period": "this",
    "overdue_deadlines": "overdue", "referred_on": "referred", "open_cases": "open", "archived_cases": "archived",
}
# A column of long titles, shown beside its identifier in a legend when the table is narrow.
LEGEND_COLUMNS = {"title": "indicator"}


def cell(name: str, value: Any) -> str:
    """A value as a person reads it: blank for none, yes/no, money with £ and thousands separators."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if "cost" in name:
        return money(value)
    return str(value)


def money(value: Any) -> str:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return f"-£{-amount:,.2f}" if amount < 0 else f"£{amount:,.2f}"


def print_table(rows: Sequence[dict[str, Any]], names: list[str], title: str, console: Console | None = None) -> None:
    """Print ``rows`` (the ``names`` columns) in the first shape that fits the console's width."""
    console = console or Console()
    cells = [{name: cell(name, row.get(name)) for name in names} for row in rows]
    width = console.width
    full = _table(cells, names, title, short=False)
    if _fits(console, full, width):
        console.print(full)
        return
    kept = [name for name in names if not (name in LEGEND_COLUMNS and LEGEND_COLUMNS[name] in names)]
    parts = _split(console, cells, kept, width)
    if parts is None:
        _records(console, cells, names, title)
        return
    for number, part in enumerate(parts):
        console.print(_table(cells, part, title if number == 0 else "", short=True))
    for line in _legend(cells, names, kept):
        console.print(line, overflow="fold", highlight=False, markup=False)


def _split(console: Console, cells: list[dict[str, str]], names: list[str], width: int) -> list[list[str]] | None:
    """The columns in groups that each fit ``width`` as a table, each group led by the first column (the row's
    identifier); None if even one column beside the first does not fit."""
    anchor, groups, current = names[0], [], [names[0]]
    for name in names[1:]:
        if _fits(console, _table(cells, [*current, name], "", short=True), width):
            current.append(name)
            continue
        if len(current) == 1 or not _fits(console, _table(cells, [anchor, name], "", short=True), width):
            return None
        groups.append(current)
        current = [anchor, name]
    return [*groups, current]


def _table(cells: list[dict[str, str]], names: list[str], title: str, short: bool) -> Table:
    table = Table(title=Text(title) if title else None, title_justify="left")
    if short:  # no borders, one space either side of each column
        table.box, table.collapse_padding, table.pad_edge = box.SIMPLE_HEAD, True, False
    for name in names:
        heading = (SHORT_HEADINGS.get(name) if short else None) or name.replace("_", " ")
        if name in TEXT_COLUMNS:
            table.add_column(heading, overflow="fold")
        else:
            widest = max([len(line[name]) for line in cells] + [len(heading)])
            table.add_column(heading, no_wrap=True, min_width=widest)
    for line in cells:  # as plain text: a "[" in a reason is not rich markup
        table.add_row(*(Text(line[name]) for name in names))
    return table


def _fits(console: Console, table: Table, width: int) -> bool:
    """Whether the table's narrowest layout (free text folded, every other value on one line) fits ``width``."""
    measured = table.__rich_measure__(console, console.options.update(width=10_000)).minimum
    return measured <= width


def _legend(cells: list[dict[str, str]], names: list[str], kept: list[str]) -> list[str]:
    lines = []
    for name in names:
        if name not in kept:
            key = LEGEND_COLUMNS[name]
            pairs = dict.fromkeys((line[key], line[name]) for line in cells)
            lines += [f"{ident}: {text}" for ident, text in pairs]
    used = [name for name in kept if name in SHORT_HEADINGS]
    if used:
        lines.append("; ".join(f"{SHORT_HEADINGS[name]} = {name.replace('_', ' ')}" for name in used))
    return lines


def _records(console: Console, cells: list[dict[str, str]], names: list[str], title: str) -> None:
    """One block of ``name: value`` lines per row: the shape that fits any width."""
    if title:
        console.print(title, overflow="fold", highlight=False, markup=False)
    label = max(len(name) for name in names)
    for number, line in enumerate(cells, start=1):
        console.print(f"-- {number} --", highlight=False, markup=False)
        for name in names:
            text = f"{name.replace('_', ' '):>{label}}: {line[name]}"
            console.print(text, overflow="fold", highlight=False, markup=False)
