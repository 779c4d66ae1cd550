"""``mappa-flow case show REF``: where a case stands now, and everything recorded about it."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import click

from mappa_flow.cli.context import CliContext, pass_cli
from mappa_flow.cli.errors import guarded
from mappa_flow.cli.viewer import record_view, require_viewer, viewer_option
from mappa_flow.clock import LONDON

if TYPE_CHECKING:
    from rich.table import Table

    from mappa_flow.case_history import CaseHistory

_STATE_LABELS = {
    "area": "Area", "category": "Category", "level": "Level", "status": "Status", "custody": "Custody",
    "expected_release_on": "Expected release", "wanted_or_missing": "Wanted or missing",
    "referred_on": "Referred on", "orders": "Preventative orders",
}


@click.group("case")
def case() -> None:
    """Look at one case, or list them."""


@case.command("show")
@click.argument("reference")
@click.option("--json", "as_json", is_flag=True, help="Print the state and history as JSON.")
@viewer_option
@pass_cli
@guarded
def show(context: CliContext, reference: str, as_json: bool, viewer: str | None) -> None:
    """Show case REFERENCE: its current state, then every event about it in business-date order.

    The history includes the case's meetings, Intensive Support Packages, Significant Case
    Reviews and audits. Each line shows the business date, when and by whom it was recorded,
    and a one-line summary. Say who is looking (--as USER or MAPPA_USER): the view is recorded
    in the case's access log ('mappa-flow audit access'). Exit code 5 if no case has this reference.
    """
    from rich.console import Console

    from domain.access import AccessAction, AccessSubject
    from mappa_flow.case_history import case_history

    who = require_viewer(viewer)
    history = case_history(context.app, reference)
    record_view(context.app, reference, who, AccessAction.VIEWED, AccessSubject.HISTORY, "case show: state and history")
    if as_json:
        click.echo(json.dumps(_as_json(history), indent=2, default=str))
        return
    console = Console(width=None if Console().is_terminal else 160)  # on a pipe, a summary stays on one line
    console.print(_state_table(history.state))
    console.print(_history_table(history))


def _as_json(history: CaseHistory) -> dict[str, Any]:
    return {"case": history.state, "history": [asdict(entry) for entry in history.entries]}


def _state_table(state: dict[str, Any]) -> Table:
    from rich.table import Table

    table = Table(title=f"Case {state['reference']}", show_header=False, title_justify="left")
    table.add_column("", style="bold")
    table.add_column("")
    for key, label in _STATE_LABELS.items():
        value = state[key]
        if key == "orders":
            value = ", ".join(f"{ref} ({status})" for ref, status in value.items()) or "none"
        table.add_row(label, "-" if value is None else str(value))
    return table


def _history_table(history: CaseHistory) -> Table:
    from rich.table import Table

    table = Table(title=f"History ({len(history.entries)} events)", title_justify="left")
    for column in ("Date", "Recorded at", "Recorded by"):  # never cut: a reference or a date is copied
        table.add_column(column, no_wrap=True)
    table.add_column("Event", overflow="fold")
    table.add_column("Summary", overflow="fold")
    for entry in history.entries:
        recorded_at = entry.recorded_at.astimezone(LONDON).strftime("%Y-%m-%d %H:%M")
        table.add_row(entry.occurred_on.isoformat(), recorded_at, entry.recorded_by, entry.event, entry.summary)
    return table


def register(group: click.Group) -> None:
    from mappa_flow.cli.listing import areas, case_list

    case.add_command(case_list)
    group.add_command(case)
    group.add_command(areas)
