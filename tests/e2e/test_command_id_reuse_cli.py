"""Through the real CLI: a command id reused with another body is refused (exit 4), by ``record`` and by ``import``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mappa_flow.cli.context import EXIT_REFUSED
from tests.e2e.cli_run import clean_env, event_count, mappa

AREA = {"command": "register_area", "command_id": "a-1", "recorded_by": "coord-1", "occurred_on": "2026-04-01",
        "area": "north", "name": "North"}
REFER = {"command": "refer_case", "command_id": "c-1", "recorded_by": "coord-1", "occurred_on": "2026-04-02",
         "area": "north", "case_reference": "N-0001", "category": 1, "level": 3,
         "referring_agency": "police-scotland", "in_custody": False}
LEVEL = {"command": "change_level", "command_id": "c-2", "recorded_by": "coord-1", "occurred_on": "2026-04-03",
         "case_reference": "N-0001", "level": 2}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    schema = request.getfixturevalue("pg_schema") if request.param == "postgres" else None
    environment = clean_env(tmp_path, request.param, schema)
    assert mappa(environment, "init").returncode == 0
    return environment


def _file(tmp_path: Path, *commands: dict[str, object]) -> str:
    path = tmp_path / f"lines-{len(list(tmp_path.iterdir()))}.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in commands), encoding="utf-8")
    return str(path)


def test_record_refuses_a_command_id_already_used_by_another_command(env: dict[str, str]) -> None:
    for command in (AREA, REFER, LEVEL):
        assert mappa(env, "record", "--json", json.dumps(command)).returncode == 0
    before = event_count(env)

    same = mappa(env, "record", "--json", json.dumps(LEVEL))
    reused = mappa(env, "record", "--json", json.dumps({**REFER, "command_id": "c-2"}))

    assert same.returncode == 0 and "was applied before; nothing changed" in same.stdout
    assert reused.returncode == EXIT_REFUSED, reused.stderr
    assert "command id 'c-2' was already used for a different command (change_level, recorded at " in reused.stderr
    assert "Traceback" not in reused.stderr
    assert event_count(env) == before


def test_import_stops_at_the_line_that_reuses_an_id_with_another_body(env: dict[str, str], tmp_path: Path) -> None:
    first = mappa(env, "import", _file(tmp_path, AREA, REFER, LEVEL))
    assert first.returncode == 0, first.stderr
    before = event_count(env)
    edited = {**LEVEL, "level": 1}  # an applied line edited in place instead of a new command

    again = mappa(env, "import", _file(tmp_path, AREA, REFER, edited))

    assert again.returncode == EXIT_REFUSED, again.stderr
    assert "Stopped at line 3" in again.stdout and "2 already applied before" in again.stdout
    assert "line 3 refused, nothing of it was written: command id 'c-2' was already used" in again.stderr
    assert event_count(env) == before
    corrected = mappa(env, "import", _file(tmp_path, AREA, REFER, LEVEL, {**edited, "command_id": "c-3"}))
    assert corrected.returncode == 0, corrected.stderr
    assert "1 line(s) applied, 3 already applied before" in corrected.stdout
