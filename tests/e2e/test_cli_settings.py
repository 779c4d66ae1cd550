"""Bad settings and bad options, run through the real ``mappa-flow`` command: one line naming the setting, its value
(never a secret) and the rule, the documented exit code, no traceback, and nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mappa_flow.cli.context import EXIT_SETTINGS, EXIT_STORE, EXIT_USAGE

_SCRIPT = Path(sys.executable).with_name("mappa-flow")
CLI = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "mappa_flow.cli.main"]
PASSWORD = "Pw-7c1e-never-shown"
CIPHER_KEY = "NotAKey-Zq9-never-shown"


def mappa(tmp_path: Path, settings: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAPPA_")}
    env["MAPPA_SQLITE_PATH"] = str(tmp_path / "var" / "mappa.db")
    env.update(settings)
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("mappa-flow: "), result.stderr
    return result.stderr


BAD = {
    "not a number": ({"MAPPA_SNAPSHOT_INTERVAL": "abc"}, "MAPPA_SNAPSHOT_INTERVAL = 'abc': must be a whole number"),
    "below its minimum": ({"MAPPA_SNAPSHOT_INTERVAL": "1"}, "MAPPA_SNAPSHOT_INTERVAL = '1': must be 2 or more"),
    "not true or false": ({"MAPPA_SMTP_STARTTLS": "maybe"}, "MAPPA_SMTP_STARTTLS = 'maybe': must be true or false"),
    "not a PostgreSQL URL": ({"MAPPA_DATABASE_URL": f"mysql://bob:{PASSWORD}@db:3306/mappa"},
                             "MAPPA_DATABASE_URL = 'mysql://bob:***@db:3306/mappa': must look like postgresql://"),
    "a cipher key that is not base64": ({"MAPPA_CIPHER_KEY": CIPHER_KEY},
                                        "MAPPA_CIPHER_KEY = (secret, not shown): must be an AES key of 16, 24 or 32"),
    "a cipher key of the wrong size": ({"MAPPA_CIPHER_KEY": "YWJjZGVm"},
                                       "MAPPA_CIPHER_KEY = (secret, not shown): must be an AES key of 16, 24 or 32"),
}


@pytest.mark.parametrize(("settings", "said"), BAD.values(), ids=BAD.keys())
def test_a_bad_setting_is_one_line_naming_it_with_exit_code_8_and_nothing_written(
    tmp_path: Path, settings: dict[str, str], said: str
) -> None:
    result = mappa(tmp_path, settings, "init")

    assert result.returncode == EXIT_SETTINGS
    assert _one_line(result).startswith(f"mappa-flow: invalid setting: {said}")
    assert PASSWORD not in result.stderr and CIPHER_KEY not in result.stderr and "YWJjZGVm" not in result.stderr
    assert not (tmp_path / "var").exists()


def test_help_and_schema_work_whatever_the_settings_say(tmp_path: Path) -> None:
    bad = {"MAPPA_SNAPSHOT_INTERVAL": "abc", "MAPPA_CIPHER_KEY": CIPHER_KEY}
    for args in (["--help"], ["import", "--help"], ["schema"]):
        result = mappa(tmp_path, bad, *args)
        assert result.returncode == 0, (args, result.stderr)


def test_an_unreachable_database_names_the_setting_but_not_the_password_with_exit_code_6(tmp_path: Path) -> None:
    unreachable = {"MAPPA_DATABASE_URL": f"postgresql://bob:{PASSWORD}@127.0.0.1:9/mappa",
                   "MAPPA_POSTGRES_CONNECT_TIMEOUT": "1"}

    result = mappa(tmp_path, unreachable, "summary")

    assert result.returncode == EXIT_STORE
    line = _one_line(result)
    assert line.startswith("mappa-flow: the event store could not be reached "
                           "(PostgreSQL bob@127.0.0.1:9/mappa, set by MAPPA_DATABASE_URL): ")
    assert PASSWORD not in line


def test_a_report_command_on_an_unreachable_database_fails_the_same_way(tmp_path: Path) -> None:
    unreachable = {"MAPPA_DATABASE_URL": f"postgresql://bob:{PASSWORD}@127.0.0.1:9/mappa",
                   "MAPPA_POSTGRES_CONNECT_TIMEOUT": "1", "MAPPA_USER": "coord-1"}

    result = mappa(tmp_path, unreachable, "deadlines")

    assert result.returncode == EXIT_STORE
    assert "set by MAPPA_DATABASE_URL" in _one_line(result) and PASSWORD not in result.stderr


@pytest.mark.parametrize("args", [["import", "no-such-file.jsonl"], ["demo", "--cases", "0"], ["no-such-command"],
                                  ["case", "show"]], ids=["missing file", "cases below 1", "unknown", "no reference"])
def test_bad_options_or_arguments_give_exit_code_2_and_write_nothing(tmp_path: Path, args: list[str]) -> None:
    result = mappa(tmp_path, {}, *args)
    assert result.returncode == EXIT_USAGE, result.stderr
    assert "Traceback" not in result.stderr and "Usage:" in result.stderr
    assert not (tmp_path / "var").exists()
