"""``mappa-flow init`` and ``summary``: set up the configured store, and count what it holds."""

from __future__ import annotations

import json
from typing import Any

import click

from mappa_flow.cli.context import CliContext, pass_cli
from mappa_flow.cli.errors import guarded


@click.command("init")
@pass_cli
@guarded
def init(context: CliContext) -> None:
    """Create the event store's tables and the read models' tables, if missing, and say where they are.

    Safe to run again: existing tables and events are kept. The store comes from the MAPPA_*
    settings (MAPPA_SQLITE_PATH, or MAPPA_DATABASE_URL for PostgreSQL).
    """
    settings = context.settings
    context.may_create_store = True  # only `init` creates the SQLite store's folder (docs/cli.md)
    events = context.app.max_notification_id()
    context.projector  # noqa: B018  (building it creates the read models' tables)
    views = f"; read models in SQLite {settings.views_path}" if settings.backend == "sqlite" else ""
    click.echo(f"Store ready: {settings.describe_store()}{views}. It holds {events} event(s).")


@click.command("summary")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@pass_cli
@guarded
def summary(context: CliContext, as_json: bool) -> None:
    """Count areas, cases (open, by level, in custody or the community, archived), meetings and events."""
    from rich.console import Console
    from rich.table import Table

    from mappa_flow.summary import summarise

    counts = summarise(context.app).as_dict()
    if as_json:
        click.echo(json.dumps(counts, indent=2))
        return
    click.echo(f"Summary of {context.settings.describe_store()}")
    table = Table(show_header=False)
    table.add_column("", style="bold")
    table.add_column("", justify="right")
    for label, value in _rows(counts):
        table.add_row(label, str(value))
    Console().print(table)


def _rows(counts: dict[str, Any]) -> list[tuple[str, Any]]:
    by_level = counts["open_by_level"]
    return [
        ("Areas", counts["areas"]),
        ("Cases", counts["cases"]),
        ("  open", counts["open_cases"]),
        *((f"    at Level {level}", by_level[f"level_{level}"]) for level in (1, 2, 3)),
        ("    in custody", counts["open_in_custody"]),
        ("    in the community", counts["open_in_community"]),
        ("  archived", counts["archived_cases"]),
        ("Meetings held", counts["meetings"]),
        ("Commands applied", counts["commands"]),
        ("Events recorded", counts["events"]),
    ]


def register(group: click.Group) -> None:
    for command in (init, summary):
        group.add_command(command)
