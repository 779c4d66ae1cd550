"""The command line loads a command's module only when that command runs, and its help stays true.

``mappa-flow --help`` lists the commands from the table in ``mappa_flow/cli/main.py``; these tests
keep that table equal to what each module really registers, and prove that help and ``schema``
do not import the store, the read models or the application.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys

import click
import pytest

from mappa_flow.cli.main import COMMANDS, LazyGroup, load_module_commands


def _first_paragraph(command: click.Command) -> str:
    return inspect.cleandoc(command.help or "").split("\n\n")[0].replace("\n", " ")


def test_the_table_of_root_commands_names_exactly_what_each_module_registers() -> None:
    modules = sorted({module for module, _ in COMMANDS.values()})
    registered = {name: module for module in modules for name in load_module_commands(module)}
    assert registered == {name: module for name, (module, _) in COMMANDS.items()}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_root_help_shows_each_commands_own_help(name: str) -> None:
    module, summary = COMMANDS[name]
    command = load_module_commands(module)[name]
    assert summary == _first_paragraph(command), f"update COMMANDS[{name!r}] in mappa_flow/cli/main.py"


def _modules_loaded_by(*args: str) -> set[str]:
    """Run the CLI in a fresh interpreter and return the top-level and mappa_flow modules it imported."""
    script = (
        "import contextlib, io, json, sys\n"
        "from mappa_flow.cli.main import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    cli({list(args)!r}, standalone_mode=False)\n"
        "names = {m for m in sys.modules if m.startswith(('mappa_flow.', 'projections', 'scheduler'))}\n"
        "print(json.dumps(sorted(names | {m.split('.')[0] for m in sys.modules})))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={"PATH": "", "MAPPA_SNAPSHOT_INTERVAL": "abc"})  # a bad setting must not matter
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_the_root_help_imports_no_command_module_nor_the_store() -> None:
    loaded = _modules_loaded_by("--help")
    command_modules = {f"mappa_flow.cli.{module}" for module, _ in COMMANDS.values()}
    heavy = {"sqlalchemy", "psycopg", "eventsourcing", "pydantic", "pydantic_settings", "rich", "projections"}
    assert loaded & (command_modules | heavy) == set()


def test_schema_imports_the_command_models_but_not_the_store_views_or_application() -> None:
    loaded = _modules_loaded_by("schema")
    assert "mappa_flow.commands.registry" in loaded
    assert loaded & {"sqlalchemy", "psycopg", "rich", "projections", "scheduler", "mappa_flow.bootstrap",
                     "mappa_flow.settings", "mappa_flow.application", "mappa_flow.batch"} == set()


def test_a_commands_help_loads_only_its_own_module() -> None:
    loaded = _modules_loaded_by("case", "--help")
    assert "mappa_flow.cli.case" in loaded
    others = {f"mappa_flow.cli.{module}" for module, _ in COMMANDS.values()} - {"mappa_flow.cli.case"}
    assert loaded & (others | {"mappa_flow.bootstrap", "sqlalchemy", "psycopg"}) == set()


def test_a_command_missing_from_the_table_is_still_found_by_loading_every_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delitem(COMMANDS, "schema")
    group = LazyGroup()
    command = group.get_command(click.Context(group), "schema")
    assert command is not None and command.name == "schema"
    assert group.get_command(click.Context(group), "no-such-command") is None
