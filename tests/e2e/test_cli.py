"""The real ``mappa-flow`` command, run in a subprocess as a co-ordinator or a script would run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import jsonschema
import pytest
from click.testing import CliRunner

from mappa_flow.bootstrap import bootstrap
from mappa_flow.cli.context import EXIT_INVALID, EXIT_NOT_FOUND, EXIT_REFUSED, EXIT_STORE, EXIT_USAGE
from mappa_flow.cli.main import cli
from mappa_flow.summary import summarise
from tests.conftest import postgres_settings, sqlite_settings
from tests.e2e.conftest import cli_env

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "import-example.jsonl"
_SCRIPT = Path(sys.executable).with_name("mappa-flow")
CLI = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "mappa_flow.cli.main"]


def mappa(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], env=env, input=stdin, capture_output=True, text=True, timeout=600,
                          cwd=Path(env["MAPPA_SQLITE_PATH"]).parents[1])


_env = cli_env


@pytest.fixture
def sqlite_env(tmp_path: Path) -> dict[str, str]:
    return _env(tmp_path)


def _stored(env: dict[str, str]) -> tuple[int, int]:
    """(events, commands) in the store the CLI used, read directly, so each check costs no CLI start-up."""
    if "MAPPA_DATABASE_URL" in env:
        settings = postgres_settings(env["MAPPA_POSTGRES_SCHEMA"])
    else:
        settings = sqlite_settings(Path(env["MAPPA_SQLITE_PATH"]))
    app = bootstrap(settings)
    try:
        counts = summarise(app)
        return counts.events, counts.commands
    finally:
        app.close()


def _write(tmp_path: Path, name: str, lines: list[str]) -> str:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _example() -> list[str]:
    return EXAMPLE.read_text(encoding="utf-8").splitlines()


DEMO = ("--cases", "40", "--years", "1")


def _bad_lines(tmp_path: Path) -> str:
    lines = _example()
    lines[1] = lines[1].replace('"day": "2024-12-27"', '"day": "2024-12-32"')
    lines[6] = lines[6].replace('"level": 2', '"level": 4')
    lines[9] = "{not json"
    return _write(tmp_path, "bad.jsonl", lines)


def test_on_a_fresh_store_the_demo_then_a_bad_file_a_good_file_a_reimport_and_case_show_work(
    any_env: dict[str, str], tmp_path: Path
) -> None:
    init = mappa(any_env, "init")
    assert init.returncode == 0, init.stderr
    assert "Store ready" in init.stdout and "It holds 0 event(s)" in init.stdout
    assert "password" not in init.stdout.lower()

    demo = mappa(any_env, "demo", *DEMO)
    assert demo.returncode == 0, demo.stderr
    after_demo = _stored(any_env)
    assert after_demo[1] > 40 and f"{after_demo[1]} command(s) applied" in demo.stdout

    bad = mappa(any_env, "import", _bad_lines(tmp_path))
    assert bad.returncode == EXIT_INVALID
    assert 'line 2: day = "2024-12-32"' in bad.stderr
    assert "line 7: level = 4: must be one of 1, 2 or 3" in bad.stderr
    assert "line 10: (line) = {not json: not valid JSON" in bad.stderr
    assert "3 problem(s) on 3 line(s); nothing was written" in bad.stderr
    assert _stored(any_env) == after_demo

    good = mappa(any_env, "import", str(EXAMPLE))
    assert good.returncode == 0, good.stderr
    assert f"{len(_example())} line(s) applied, 0 already applied before" in good.stdout
    stored = _stored(any_env)
    assert stored[1] == after_demo[1] + len(_example())

    again = mappa(any_env, "import", str(EXAMPLE))
    assert again.returncode == 0, again.stderr
    assert f"0 line(s) applied, {len(_example())} already applied before" in again.stdout
    assert _stored(any_env) == stored

    anonymous = mappa(any_env, "case", "show", "EX-0001")
    assert anonymous.returncode == EXIT_USAGE and "--as USER or set MAPPA_USER" in anonymous.stderr
    shown = mappa(any_env, "case", "show", "EX-0001", "--as", "coord-1")
    assert shown.returncode == 0, shown.stderr
    assert "Level changed 2 -> 3" in shown.stdout and "Meeting MTG-EX-1 held" in shown.stdout
    as_json = json.loads(mappa({**any_env, "MAPPA_USER": "coord-2"}, "case", "show", "EX-0001", "--json").stdout)
    assert as_json["case"]["level"] == 3 and as_json["case"]["custody"] == "in custody"
    assert [e["occurred_on"] for e in as_json["history"]] == sorted(e["occurred_on"] for e in as_json["history"])

    showcase = mappa(any_env, "demo-case", *DEMO).stdout.strip()
    demo_case = json.loads(mappa(any_env, "case", "show", showcase, "--json", "--as", "coord-1").stdout)
    assert demo_case["case"]["level"] == 3
    assert {"Case released", "Meeting held", "ISP approved"} <= {e["event"] for e in demo_case["history"]}

    log = json.loads(mappa(any_env, "audit", "access", "EX-0001", "--json").stdout)
    assert [(e["viewer"], e["action"], e["scope"]) for e in log] == [
        ("coord-1", "viewed", "case show: state and history"), ("coord-2", "viewed", "case show: state and history")]

    missing = mappa(any_env, "case", "show", "NOPE-0001", "--as", "coord-1")
    assert missing.returncode == EXIT_NOT_FOUND
    assert missing.stderr.strip().count("\n") == 0 and "NOPE-0001" in missing.stderr


def test_a_refused_line_stops_the_import_and_the_corrected_file_carries_on_without_duplicates_R_CASE_3(
    sqlite_env: dict[str, str], tmp_path: Path
) -> None:
    lines = _example()
    refused = json.dumps({"command": "record_release", "command_id": "ex-bad", "recorded_by": "coord-example",
                          "occurred_on": "2024-07-02", "case_reference": "EX-0002"})
    with_refusal = _write(tmp_path, "refused.jsonl", [*lines[:27], refused, *lines[27:]])

    stopped = mappa(sqlite_env, "import", with_refusal)

    assert stopped.returncode == EXIT_REFUSED
    assert "Stopped at line 28" in stopped.stdout and "27 line(s) applied" in stopped.stdout
    assert "line 28 refused" in stopped.stderr and "R-CASE-3" in stopped.stderr
    finished = mappa(sqlite_env, "import", _write(tmp_path, "corrected.jsonl", lines))
    assert finished.returncode == 0, finished.stderr
    assert f"{len(lines) - 27} line(s) applied, 27 already applied before" in finished.stdout
    assert _stored(sqlite_env)[1] == len(lines)


def test_one_command_is_recorded_from_an_option_or_standard_input_and_only_once(sqlite_env: dict[str, str]) -> None:
    area = {"command_id": "a-1", "recorded_by": "coord", "occurred_on": "2025-04-01", "area": "west", "name": "W"}
    first = mappa(sqlite_env, "record", "register_area", "--json", json.dumps(area))
    assert first.returncode == 0, first.stderr
    assert "Recorded register_area (command id a-1)" in first.stdout
    assert "Already recorded" in mappa(sqlite_env, "record", "register_area", "--json", json.dumps(area)).stdout

    referral = {"command": "refer_case", "command_id": "r-1", "recorded_by": "coord", "occurred_on": "2025-04-02",
                "area": "west", "case_reference": "W-0001", "category": 3, "level": 1,
                "referring_agency": "social-work", "in_custody": False}
    assert mappa(sqlite_env, "record", stdin=json.dumps(referral, indent=2)).returncode == 0

    invalid = mappa(sqlite_env, "record", "change_level", "--json", '{"recorded_by": "c", "occurred_on": "2025-04-03"'
                    ', "case_reference": "W-0001", "level": 7}')
    assert invalid.returncode == EXIT_INVALID
    assert "level = 7: must be one of 1, 2 or 3" in invalid.stderr
    release = {"recorded_by": "c", "occurred_on": "2025-04-03", "case_reference": "W-0001"}
    refused = mappa(sqlite_env, "record", "record_release", "--json", json.dumps(release))
    assert refused.returncode == EXIT_REFUSED and "in the community" in refused.stderr
    unknown = mappa(sqlite_env, "record", "record_release", "--json", json.dumps({**release, "case_reference": "X-9"}))
    assert unknown.returncode == EXIT_NOT_FOUND
    assert _stored(sqlite_env)[1] == 2


def test_the_schema_is_a_valid_json_schema_that_accepts_every_line_of_the_example(sqlite_env: dict[str, str]) -> None:
    printed = mappa(sqlite_env, "schema")
    assert printed.returncode == 0, printed.stderr
    schema = json.loads(printed.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for line in _example():
        validator.validate(json.loads(line))
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({**json.loads(_example()[0]), "unknown_field": 1})


def test_a_store_that_cannot_be_opened_gives_exit_code_6_and_one_line(tmp_path: Path) -> None:
    env = _env(tmp_path)
    (tmp_path / "var" / "mappa.db").mkdir(parents=True)  # a directory where the database file should be

    failed = mappa(env, "init")

    assert failed.returncode == EXIT_STORE
    assert failed.stderr.startswith("mappa-flow: the event store could not be reached (SQLite ")
    assert failed.stderr.strip().count("\n") == 0


def test_the_demo_fills_a_fresh_store_once_and_names_a_level_3_case_to_show(sqlite_env: dict[str, str]) -> None:
    demo = mappa(sqlite_env, "demo", "--cases", "40", "--years", "1")
    assert demo.returncode == 0, demo.stderr
    stored = _stored(sqlite_env)
    assert stored[1] > 40

    again = mappa(sqlite_env, "demo", "--cases", "40", "--years", "1")
    assert again.returncode == 0 and " 0 command(s) applied" in again.stdout
    assert _stored(sqlite_env) == stored
    reference = mappa(sqlite_env, "demo-case", "--cases", "40", "--years", "1").stdout.strip()
    shown = mappa(sqlite_env, "case", "show", reference, "--json", "--as", "coord-1")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["case"]["level"] == 3


def _commands(group: click.Group, path: list[str]) -> list[list[str]]:
    found = []
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        found.append([*path, name])
        if isinstance(command, click.Group):
            found.extend(_commands(command, [*path, name]))
    return found


def test_every_command_has_help(sqlite_env: dict[str, str], tmp_path: Path) -> None:
    root = mappa(sqlite_env, "--help")
    assert root.returncode == 0
    commands = _commands(cli, [])
    assert {"init", "import", "schema", "record", "case", "summary", "demo", "demo-case"} <= {c[0] for c in commands}
    runner = CliRunner()
    for command in commands:
        result: Any = runner.invoke(cli, [*command, "--help"], env={"MAPPA_SQLITE_PATH": str(tmp_path / "h.db")})
        assert result.exit_code == 0, (command, result.output)
        assert "Usage:" in result.output and len(result.output.splitlines()) > 3, command
