"""Through the real CLI: every command that shows case references records who saw them, and `--as` cannot forge rows.

Each access row names the person (``--as`` or ``MAPPA_USER``) and the operating-system account that ran the command.
"""

from __future__ import annotations

import json
import os
import pwd
from pathlib import Path

import pytest

from mappa_flow.cli.context import EXIT_INVALID, EXIT_USAGE
from tests.e2e.cli_run import clean_env, event_count, mappa

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "import-example.jsonl"
YEAR = ("--period", "2024-25", "--as-of", "2025-06-30")
OS_USER = pwd.getpwuid(os.getuid()).pw_name


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The example file imported, and the scheduler swept once so that reminders exist."""
    environment = clean_env(tmp_path_factory.mktemp("access"))
    for args in (("init",), ("import", str(EXAMPLE)), ("scheduler", "sweep", "--once")):
        done = mappa(environment, *args)
        assert done.returncode == 0, done.stderr
    return environment


def _access_rows(env: dict[str, str], reference: str) -> list[dict[str, str]]:
    shown = mappa(env, "audit", "access", reference, "--json")
    assert shown.returncode == 0, shown.stderr
    rows: list[dict[str, str]] = json.loads(shown.stdout)
    return rows


def _seen_by(env: dict[str, str], reference: str, viewer: str) -> list[dict[str, str]]:
    return [row for row in _access_rows(env, reference) if row["viewer"] == viewer]


def _first_reminder(env: dict[str, str]) -> dict[str, str]:
    listed = mappa(env, "reminders", "list", "--format", "json", "--as", "setup")
    assert listed.returncode == 0, listed.stderr
    rows = [row for row in json.loads(listed.stdout) if row["case"] != "-"]  # not an area's SOG duty
    assert rows, "the sweep raised no reminder about a case: the example's deadlines should be overdue"
    reminder: dict[str, str] = rows[0]
    return reminder


COMMANDS = {
    "deadlines --case": ("deadlines", "--case", "EX-0001", "--status", "all", "--format", "json"),
    "deadlines": ("deadlines", "--status", "all", "--format", "json"),
    "exceptions": ("exceptions", *YEAR, "--format", "json"),
    "exceptions --pending": ("exceptions", "--period", "2024-25", "--as-of", "2024-09-01", "--pending", "--format",
                             "json"),
    "commonality": ("commonality", *YEAR, "--indicator", "R-PI-8", "--format", "json"),
    "calendar": ("calendar", "--area", "example-north"),
    "reminders list": ("reminders", "list", "--format", "json"),
    "audit corrections": ("audit", "corrections", "--known-at", "2000-01-01", *YEAR, "--format", "json"),
}


@pytest.mark.parametrize("name", COMMANDS)
def test_a_command_that_shows_case_references_records_who_saw_each_case(env: dict[str, str], name: str) -> None:
    viewer = f"auditor-{name.replace(' ', '').replace('-', '')}"
    done = mappa(env, *COMMANDS[name], "--as", viewer)

    assert done.returncode == 0, done.stderr
    shown = [ref for ref in ("EX-0001", "EX-0002") if ref in done.stdout]
    assert shown, f"{name} showed no case of the example: {done.stdout[:300]}"
    for reference in shown:
        rows = _seen_by(env, reference, viewer)
        assert len(rows) == 1, rows
        assert (rows[0]["os_user"], rows[0]["action"], rows[0]["subject"]) == (OS_USER, "viewed", "listed")
        assert rows[0]["scope"].startswith(name.split(" --")[0])


def test_reminders_show_records_the_reminders_case(env: dict[str, str]) -> None:
    reminder = _first_reminder(env)

    done = mappa(env, "reminders", "show", reminder["id"], "--as", "auditor-show")

    assert done.returncode == 0, done.stderr
    rows = _seen_by(env, reminder["case"], "auditor-show")
    assert [(row["os_user"], row["scope"]) for row in rows] == [(OS_USER, f"reminders show {reminder['id']}")]


def test_case_show_records_the_operating_system_user_beside_the_name_given(env: dict[str, str]) -> None:
    done = mappa(env, "case", "show", "EX-0002", "--as", "coord-9")

    assert done.returncode == 0, done.stderr
    assert [row["os_user"] for row in _seen_by(env, "EX-0002", "coord-9")] == [OS_USER]
    table = mappa(env, "audit", "access", "EX-0002")
    assert "OS user" in table.stdout and OS_USER in table.stdout


FORGED = "coord-1\n2026-01-01 09:00 GMT | admin | viewed"  # a second, made-up row of `audit access`


@pytest.mark.parametrize("name", [*COMMANDS, "case show"])
def test_a_name_with_a_new_line_is_refused_and_nothing_is_shown_or_written(env: dict[str, str], name: str) -> None:
    before = event_count(env)
    args = COMMANDS.get(name, ("case", "show", "EX-0001"))

    by_option = mappa(env, *args, "--as", FORGED)
    by_variable = mappa({**env, "MAPPA_USER": FORGED}, *args)

    for done in (by_option, by_variable):
        assert done.returncode == EXIT_INVALID, done.stderr
        assert done.stdout == "" and "Traceback" not in done.stderr
        assert done.stderr.startswith("mappa-flow: invalid --as (or MAPPA_USER) = 'coord-1\\n2026-01-01 09:00 GMT")
        assert "a user name cannot hold a control character" in done.stderr
        assert done.stderr.count("\n") == 1
    assert event_count(env) == before


@pytest.mark.parametrize("name", [*COMMANDS, "reminders show"])
def test_without_a_name_nothing_is_shown_or_written(env: dict[str, str], name: str) -> None:
    args = COMMANDS.get(name) or ("reminders", "show", _first_reminder(env)["id"])
    before = event_count(env)

    done = mappa(env, *args)

    assert done.returncode == EXIT_USAGE
    assert done.stdout == "" and "say who is looking: give --as USER or set MAPPA_USER" in done.stderr
    assert event_count(env) == before
