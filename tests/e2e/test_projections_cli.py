"""``mappa-flow projections status`` and ``projections rebuild [VIEW]`` as an operator runs them (issue 3).

Status shows each view's position, the head of the event log and the lag; a rebuild shows a progress bar on
a terminal (standard error) and leaves the reports exactly as incremental processing left them.
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mappa_flow.projecting import all_views
from projections.views.case_index import INDEX_NAME
from tests.conftest import postgres_url

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "import-example.jsonl"
_SCRIPT = Path(sys.executable).with_name("mappa-flow")
CLI = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "mappa_flow.cli.main"]
REPORT = ("indicators", "--period", "2024-25", "--as-of", "2025-06-30", "--format", "json")


def mappa(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=600)


def on_a_terminal(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    """Run with standard error on a pseudo-terminal, as an operator would see it; stdout stays a pipe."""
    master, slave = pty.openpty()
    process = subprocess.Popen([*CLI, *args], env={**env, "TERM": "xterm-256color"}, stdout=subprocess.PIPE,
                               stderr=slave)
    os.close(slave)
    seen = bytearray()
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closed: the process is done with it
            break
        if not chunk:
            break
        seen.extend(chunk)
    os.close(master)
    out, _ = process.communicate(timeout=600)
    return process.returncode, out.decode(), re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", seen.decode(errors="replace"))


@pytest.fixture
def env(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, str]:
    """A store with the example imported, on SQLite or on PostgreSQL (its own schema)."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("MAPPA_")}
    if backend == "sqlite":
        clean["MAPPA_SQLITE_PATH"] = str(tmp_path / "var" / "mappa.db")
        (tmp_path / "var").mkdir()  # as `init` would: no other command creates it
    else:
        clean.update(MAPPA_DATABASE_URL=postgres_url(), MAPPA_POSTGRES_SCHEMA=request.getfixturevalue("pg_schema"))
    done = mappa(clean, "import", str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    return clean


def _status(env: dict[str, str]) -> dict[str, dict[str, int]]:
    done = mappa(env, "projections", "status", "--format", "json")
    assert done.returncode == 0, done.stderr
    return {row["view"]: row for row in json.loads(done.stdout)}


def test_status_shows_every_views_position_and_lag_and_a_report_catches_them_up(env: dict[str, str]) -> None:
    before = _status(env)
    assert set(before) == {view.name for view in all_views()} | {INDEX_NAME}  # the case index is a view too
    head = before["case_register"]["head"]
    assert head > 49 and all(row["head"] == head for row in before.values())
    assert all(row["lag"] == row["head"] - row["position"] >= 0 for row in before.values())
    assert any(row["lag"] > 0 for row in before.values())  # the import does not wait for the views
    assert mappa(env, *REPORT).returncode == 0
    assert all((row["position"], row["lag"]) == (head, 0) for row in _status(env).values())


def test_a_rebuild_shows_a_progress_bar_and_leaves_the_reports_as_they_were(env: dict[str, str]) -> None:
    report = mappa(env, *REPORT)
    assert report.returncode == 0, report.stderr
    head = _status(env)["areas"]["head"]
    code, out, terminal = on_a_terminal(env, "projections", "rebuild")
    assert code == 0, terminal
    assert out == ""
    assert "rebuilding every view" in terminal and f"{head}/{head}" in terminal
    assert re.search(r"rebuilt every view: \d+ events applied", terminal)
    assert all(row["lag"] == 0 for row in _status(env).values())
    assert mappa(env, *REPORT).stdout == report.stdout


def test_one_view_is_rebuilt_alone_and_without_a_terminal_no_bar_is_drawn(env: dict[str, str]) -> None:
    mappa(env, *REPORT)
    done = mappa(env, "projections", "rebuild", "meetings")
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().startswith("rebuilt meetings:") and "rebuilding" not in done.stderr
    assert all(row["lag"] == 0 for row in _status(env).values())
