"""``mappa-flow projections status|rebuild``: where each read model stands, and rebuilding them from the events."""

from __future__ import annotations

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from mappa_flow.cli.context import EXIT_NOT_FOUND, CliContext, pass_cli
from mappa_flow.cli.errors import CliFailure, guarded
from mappa_flow.cli.reporting import emit


@click.group("projections")
def projections() -> None:
    """The read models (views) the reports are computed from."""


@projections.command("status")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@pass_cli
@guarded
def status(cli: CliContext, fmt: str) -> None:
    """Each view's position in the event log and how many events it lags behind."""
    rows = [{"view": s.name, "position": s.position, "head": s.head, "lag": s.lag} for s in cli.projector.status()]
    emit(rows, fmt, "Projections", ("view", "position", "head", "lag"))


@projections.command("rebuild")
@click.argument("view", required=False)
@pass_cli
@guarded
def rebuild(cli: CliContext, view: str | None) -> None:
    """Empty VIEW (default: every view) and replay every event into it, in batches, with a progress bar."""
    projector = cli.projector
    if view is not None and view not in projector.views:
        raise CliFailure(f"no view named {view!r}; the views are: {', '.join(projector.views)}", EXIT_NOT_FOUND)
    console = Console(stderr=True)
    columns = (TextColumn("rebuilding {task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, disable=not console.is_terminal) as bar:
        task = bar.add_task(view or "every view", total=None)

        def advance(reached: int, head: int) -> None:
            bar.update(task, completed=reached, total=head)

        applied = projector.rebuild([view] if view else None, advance)
    click.echo(f"rebuilt {view or 'every view'}: {applied} events applied", err=True)


def register(root: click.Group) -> None:
    root.add_command(projections)
