"""The real CLI at its edges (issue 11, defects 2 and 4), on SQLite and PostgreSQL: a NUL or a lax type is refused
in the check with line, field and rule, writing nothing; a database error is one line without any parameter."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg

from mappa_flow.cli.context import EXIT_FAILED, EXIT_INVALID
from tests.conftest import postgres_url, sqlite_settings
from tests.e2e.test_cli import _stored, _write, mappa

SECRET_REFERENCE = "ZX-4471-Q"  # a case reference that must never appear in an error

AREA = {"command": "register_area", "command_id": "e-1", "recorded_by": "coord-1", "occurred_on": "2026-05-01",
        "area": "north", "name": "North"}
REFER = {"command": "refer_case", "command_id": "e-2", "recorded_by": "coord-1", "occurred_on": "2026-05-02",
         "case_reference": SECRET_REFERENCE, "area": "north", "category": 1, "level": 2,
         "referring_agency": "police-scotland", "in_custody": False}


def test_a_nul_in_an_area_name_is_refused_at_its_line_and_nothing_is_written(
        any_env: dict[str, str], tmp_path: Path) -> None:
    assert mappa(any_env, "init").returncode == 0
    bad = {**AREA, "command_id": "e-3", "area": "south", "name": "Nul\u0000Name"}
    path = _write(tmp_path, "nul.jsonl", [json.dumps(AREA), json.dumps(REFER), json.dumps(bad)])

    done = mappa(any_env, "import", path)

    assert done.returncode == EXIT_INVALID, done.stderr
    assert 'line 3: name = "Nul\\u0000Name": contains the unprintable character U+0000' in done.stderr
    assert "[control_character]" in done.stderr and "\x00" not in done.stderr
    assert _stored(any_env) == (0, 0)


def test_record_refuses_a_boolean_level_and_a_string_flag_naming_each(any_env: dict[str, str]) -> None:
    assert mappa(any_env, "init").returncode == 0
    payload = json.dumps({**REFER, "level": True, "in_custody": "yes"})

    done = mappa(any_env, "record", "--json", payload)

    assert done.returncode == EXIT_INVALID, done.stderr
    assert "level = true: must be a whole number [int_type]" in done.stderr
    assert 'in_custody = "yes": must be true or false [bool_type]' in done.stderr
    assert "Traceback" not in done.stderr
    assert _stored(any_env) == (0, 0)


def _break_the_case_view(env: dict[str, str]) -> None:
    """Make the database refuse the next row of the case register: a real driver error, whose statement
    carries the case's reference as a parameter."""
    if "MAPPA_DATABASE_URL" in env:
        with psycopg.connect(postgres_url(), autocommit=True) as conn:  # a DataError: value too long
            conn.execute(f"ALTER TABLE {env['MAPPA_POSTGRES_SCHEMA']}.pv_case ALTER COLUMN reference TYPE varchar(3)")
        return
    views = sqlite_settings(Path(env["MAPPA_SQLITE_PATH"])).views_path
    import sqlite3

    with sqlite3.connect(views) as conn:
        conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON pv_case BEGIN SELECT RAISE(ABORT, 'forced'); END")


def test_a_database_error_is_one_line_that_names_no_case_reference(any_env: dict[str, str], tmp_path: Path) -> None:
    assert mappa(any_env, "init").returncode == 0
    _break_the_case_view(any_env)
    path = _write(tmp_path, "good.jsonl", [json.dumps(AREA), json.dumps(REFER)])
    assert mappa(any_env, "import", path).returncode == 0  # the events are written; the views follow on reading

    done = mappa(any_env, "stats", "--period", "2026-27")

    assert done.returncode == EXIT_FAILED, done.stderr
    assert SECRET_REFERENCE not in done.stderr + done.stdout
    assert "Traceback" not in done.stderr and "parameters" not in done.stderr
    assert done.stderr.startswith("mappa-flow: the database refused an operation (")
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
