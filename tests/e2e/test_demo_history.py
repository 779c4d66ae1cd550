"""The demo's history is recorded as if entered over the years (issue 15, item 3): the real CLI on a demo store
shows the figures known a year ago, and a case's history shows entries days late, not hundreds."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from statistics import median
from typing import Any

import pytest

from tests.e2e.test_cli import _env, mappa

pytestmark = pytest.mark.slow  # a demo store and a dozen CLI runs


DEMO = ("--cases", "150", "--years", "2", "--seed", "7")


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = _env(Path(tmp_path_factory.mktemp("demo")))
    env["MAPPA_USER"] = "auditor-test"
    for args in (("init",), ("demo", *DEMO)):
        done = mappa(env, *args)
        assert done.returncode == 0, done.stderr
    return env


def _json(env: dict[str, str], *args: str) -> Any:
    done = mappa(env, *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _reporting_year(day: date) -> str:
    first = day.year if day.month >= 4 else day.year - 1
    return f"{first}-{(first + 1) % 100:02d}"


def test_indicators_known_a_year_ago_are_not_empty_and_differ_from_that_report_now(demo_env: dict[str, str]) -> None:
    year_ago = date.today() - timedelta(days=365)  # the CLI runs on the wall clock; so does this check
    then = _json(demo_env, "indicators", "--known-at", year_ago.isoformat(), "--format", "json")
    assert sum(row["denominator"] for row in then) > 20
    known_now = _json(demo_env, "indicators", "--period", _reporting_year(year_ago), "--as-of", year_ago.isoformat(),
                      "--format", "json")
    assert then != known_now  # facts about that year entered after it: late entries changed the figures
    assert then != _json(demo_env, "indicators", "--format", "json")
    corrections = _json(demo_env, "audit", "corrections", "--known-at", year_ago.isoformat(), "--format", "json")
    assert corrections, "the entries recorded after the moment are listed"


def test_a_demo_case_history_shows_entries_a_few_days_late_not_hundreds(demo_env: dict[str, str]) -> None:
    reference = mappa(demo_env, "demo-case", *DEMO).stdout.strip()
    history = _json(demo_env, "audit", "history", reference, "--json")
    late = [row["late_days"] or 0 for row in history]
    assert len(late) > 10
    assert median(late) <= 4 and max(late) < 100
