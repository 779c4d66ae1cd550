"""``mappa-flow indicators``, ``exceptions``, ``reason`` and ``commonality`` as a co-ordinator runs them
(R-PI-3, R-PI-8, R-PI-EXC), over the example import."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mappa_flow.cli.context import EXIT_INVALID, EXIT_NOT_FOUND, EXIT_USAGE

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "import-example.jsonl"
_SCRIPT = Path(sys.executable).with_name("mappa-flow")
CLI = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "mappa_flow.cli.main"]
YEAR = ("--period", "2024-25", "--as-of", "2025-06-30")
RELEASE_KEY = "R-PI-8:EX-0001:2024-10-14"


def mappa(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=600,
                          cwd=Path(env["MAPPA_SQLITE_PATH"]).parents[1])


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAPPA_")}
    env["MAPPA_SQLITE_PATH"] = str(tmp_path_factory.mktemp("indicators") / "var" / "mappa.db")
    Path(env["MAPPA_SQLITE_PATH"]).parent.mkdir()  # as `mappa-flow init` would: other commands do not create it
    done = mappa(env, "import", str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    return env


def test_the_report_gives_each_indicator_and_each_dtc_agency_its_own_line_R_PI_3_R_PI_8(
        imported: dict[str, str]) -> None:
    done = mappa(imported, "indicators", *YEAR, "--format", "json")
    assert done.returncode == 0, done.stderr
    lines = {(row["indicator"], row["agency"]): row for row in json.loads(done.stdout)}
    housing = lines[("R-PI-3", "housing")]
    assert (housing["numerator"], housing["denominator"], housing["target"], housing["met"]) == (0, 1, 90, "not met")
    release = lines[("R-PI-8", None)]
    assert (release["numerator"], release["denominator"], release["exceptions"]) == (0, 1, 1)


def test_exceptions_show_the_recorded_reason_or_that_none_was_recorded_R_PI_EXC(imported: dict[str, str]) -> None:
    done = mappa(imported, "exceptions", "--as", "coord-1", *YEAR, "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(done.stdout))}
    assert rows["R-PI-3:EX-0001:MTG-EX-1:housing"]["reason"] == "agency-unavailable"
    assert (rows[RELEASE_KEY]["reason_recorded"], rows[RELEASE_KEY]["reason"]) == ("False", "no reason recorded")


def test_a_reason_is_recorded_from_the_command_line_and_then_shown_and_grouped_R_PI_EXC(
        imported: dict[str, str]) -> None:
    anonymous = mappa(imported, "reason", "--indicator", "R-PI-8", "--key", RELEASE_KEY, "--category",
                      "late-referral", "--text", "synthetic")
    assert anonymous.returncode == EXIT_USAGE and "--as USER" in anonymous.stderr

    done = mappa({**imported, "MAPPA_USER": "coord-1"}, "reason", "--indicator", "R-PI-8", "--key", RELEASE_KEY,
                 "--category", "late-referral", "--text", "synthetic", "--command-id", "why-release")
    assert done.returncode == 0, done.stderr
    shown = json.loads(mappa(imported, "exceptions", "--as", "coord-1", *YEAR, "--indicator", "R-PI-8", "--format",
                             "json").stdout)
    assert [(row["key"], row["reason"]) for row in shown] == [(RELEASE_KEY, "late-referral")]
    groups = json.loads(mappa(imported, "commonality", "--as", "coord-1", *YEAR, "--indicator", "R-PI-8", "--format",
                              "json").stdout)
    assert {"by": "reason", "value": "late-referral", "this_period": 1, "previous_period": 0, "change": 1,
            "repeated": False} in groups


def test_a_reason_for_no_such_exception_is_refused_with_exit_5_and_a_malformed_one_with_exit_3_R_PI_EXC(
        imported: dict[str, str]) -> None:
    env = {**imported, "MAPPA_USER": "coord-1"}
    missing = mappa(env, "reason", "--indicator", "R-PI-8", "--key", "R-PI-8:EX-0001:2024-10-15", "--category",
                    "other", "--text", "synthetic")
    assert missing.returncode == EXIT_NOT_FOUND and "R-PI-8:EX-0001:2024-10-15" in missing.stderr
    malformed = mappa(env, "reason", "--indicator", "R-PI-8", "--key", "not a key", "--category", "other",
                      "--text", "synthetic")
    assert malformed.returncode == EXIT_INVALID and "exception_key" in malformed.stderr


def test_known_at_a_moment_before_anything_was_recorded_counts_nothing_R_CAL_1(imported: dict[str, str]) -> None:
    done = mappa(imported, "indicators", *YEAR, "--known-at", "2000-01-01", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert all(row["denominator"] == 0 for row in json.loads(done.stdout))
