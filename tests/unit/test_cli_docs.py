"""docs/cli.md names every command of the command line, so a new command is documented."""

from __future__ import annotations

from pathlib import Path

import click

from mappa_flow.cli import context
from mappa_flow.cli.main import cli

CLI_DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def _paths(group: click.Group, prefix: str) -> list[str]:
    found = []
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        found.append(f"{prefix} {name}")
        if isinstance(command, click.Group):
            found.extend(_paths(command, f"{prefix} {name}"))
    return found


def test_every_command_of_the_cli_is_documented_in_cli_md() -> None:
    text = CLI_DOC.read_text(encoding="utf-8")
    missing = sorted(path for path in _paths(cli, "mappa-flow") if f"`{path}" not in text)
    assert missing == [], f"document these in {CLI_DOC}: {missing}"


def test_every_exit_code_the_cli_defines_is_documented() -> None:
    text = CLI_DOC.read_text(encoding="utf-8")
    codes = {value for name, value in vars(context).items() if name.startswith("EXIT_")}
    assert codes and all(f"| {code} |" in text for code in codes)
