"""``mappa-flow import``, ``schema`` and ``record``: commands from a file, the file format, and one command.

The command models and the application are imported inside each command, so that ``--help`` is quick.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import uuid4

import click

from mappa_flow.cli.context import EXIT_INVALID, EXIT_REFUSED, CliContext, pass_cli
from mappa_flow.cli.errors import CliFailure, guarded
from mappa_flow.cli.progress import progress_bar

if TYPE_CHECKING:
    from mappa_flow.importing import Checked, ImportResult

MAX_PROBLEMS_SHOWN = 200
IMPORT_BATCH_SIZE = 500  # commands per transaction unless --batch-size says otherwise


def report_problems(checked: Checked, what: str) -> None:
    """Print every problem (up to a limit) on stderr, and stop with EXIT_INVALID: nothing was written."""
    for problem in checked.problems[:MAX_PROBLEMS_SHOWN]:
        click.echo(str(problem), err=True)
    hidden = len(checked.problems) - MAX_PROBLEMS_SHOWN
    if hidden > 0:
        click.echo(f"... and {hidden} more problem(s) not shown", err=True)
    lines = len({p.line for p in checked.problems})
    where = f" on {lines} line(s)" if checked.problems[0].line is not None else ""
    raise CliFailure(f"{what}: {len(checked.problems)} problem(s){where}; nothing was written", EXIT_INVALID)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=IMPORT_BATCH_SIZE, show_default=True,
              help="Commands saved per transaction.")
@pass_cli
@guarded
def import_(context: CliContext, file: Path, batch_size: int) -> None:
    """Import commands from FILE, JSON Lines: one command per line (see docs/import-format.md).

    The whole file is checked first: if any line is wrong, every problem is listed (line, field,
    value, rule) and nothing is written (exit 3). Lines are then applied in order. A line a MAPPA
    rule refuses stops the import there (exit 4); the lines before it stay applied. Correct the
    file and import it again: lines already applied are skipped, by their command_id. Use - to
    read from standard input.
    """
    from mappa_flow.clock import today_in_london
    from mappa_flow.importing import apply_checked, check_file, check_stream

    today = today_in_london(context.clock)
    with progress_bar(f"Checking {file.name}"):
        checked = check_stream(sys.stdin.buffer, today=today) if str(file) == "-" else check_file(file, today=today)
    if not checked.ok:
        report_problems(checked, f"{file} was not imported")
    with progress_bar(f"Importing {file.name}", total=len(checked.lines)) as advance:
        result = apply_checked(context.app, checked, size=batch_size, progress=advance)
    sealed = None
    if result.applied:
        from mappa_flow.audit.anchor import seal_after_import

        sealed = seal_after_import(context.settings, context.app)
    _report_import(file, checked, result, sealed)


def _report_import(file: Path, checked: Checked, result: ImportResult, sealed: str | None) -> None:
    """What was applied, and (when something was) what was sealed (docs/auditors.md)."""
    blank = f", {checked.blank} blank line(s) skipped" if checked.blank else ""
    summary = f"{result.applied} line(s) applied, {result.skipped} already applied before{blank}"
    if result.refusal is None:
        click.echo(f"Imported {file}: {summary}.")
        if sealed:
            click.echo(sealed)
        return
    click.echo(f"Stopped at line {result.refused_line} of {file}: {summary}.")
    if sealed:
        click.echo(sealed)
    raise CliFailure(
        f"line {result.refused_line} refused, nothing of it was written: {result.refusal}. "
        "Correct it and import the file again; applied lines will be skipped.", EXIT_REFUSED)


@click.command("schema")
def schema() -> None:
    """Print the JSON Schema of one line of the import format (and of `record`'s JSON)."""
    from mappa_flow.importing import import_schema as build_schema

    click.echo(json.dumps(build_schema(), indent=2))


@click.command("record")
@click.argument("command_name", required=False)
@click.option("--json", "payload", metavar="JSON",
              help="The command's fields as one JSON object. Without it, the object is read from standard input.")
@pass_cli
@guarded
def record(context: CliContext, command_name: str | None, payload: str | None) -> None:
    """Record one command, e.g. record change_level --json '{"case_reference": "N-0001", ...}'.

    COMMAND_NAME may be left out when the JSON names it ("command": "change_level"). The JSON
    needs recorded_by and occurred_on, and the command's own fields (`mappa-flow schema`).
    Without a command_id one is made up and printed: run it again with that id to be sure a
    retry records nothing twice.
    """
    from mappa_flow.clock import today_in_london
    from mappa_flow.importing import check_command
    from mappa_flow.json_line import MAX_LINE_BYTES

    text = payload if payload is not None else sys.stdin.read(MAX_LINE_BYTES + 1)  # longer is refused
    checked = check_command(text, command_name, default_command_id=f"cli-{uuid4().hex[:16]}",
                            today=today_in_london(context.clock))
    if not checked.ok:
        report_problems(checked, "nothing was recorded")
    command = checked.lines[0].command
    outcome = context.app.handle(command)
    if outcome.applied:
        click.echo(f"Recorded {command.command} (command id {command.command_id}).")
    else:
        click.echo(f"Already recorded: command id {command.command_id} was applied before; nothing changed.")


def register(group: click.Group) -> None:
    for command in (import_, schema, record):
        group.add_command(command)
