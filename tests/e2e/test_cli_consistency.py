"""Every command that takes an area or a case refuses an unknown one the same way (issue 15, R-CASE-1).

Exit code 5, exactly one line on standard error, starting ``mappa-flow:`` and naming the value, nothing on
standard output, and nothing written. Run through the real command line (click's runner in this process)
on a real store, SQLite and PostgreSQL, holding the example import.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mappa_flow.bootstrap import bootstrap
from mappa_flow.cli.context import EXIT_NOT_FOUND, EXIT_USAGE, CliContext
from mappa_flow.cli.main import cli
from mappa_flow.clock import FixedClock
from mappa_flow.settings import Settings

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "import-example.jsonl"
AREA, CASE = "nowhere", "NOPE-0001"
Run = Callable[..., Result]

TAKES_AN_AREA: list[tuple[str, ...]] = [
    ("indicators",), ("exceptions",), ("exceptions", "--pending"), ("commonality", "--indicator", "R-PI-1"),
    ("stats",), ("stats", "--wanted-missing"), ("scr",), ("scr", "--show", "overdue"), ("isp",), ("isp", "--costs"),
    ("audits",), ("audits", "--samples"), ("deadlines",), ("calendar",), ("reminders", "list"),
    ("case", "list", "--as", "auditor-1"), ("audit", "corrections", "--known-at", "2025-01-01"),
    ("audits", "draw", "--period", "2024-25", "--size", "1", "--as", "coord-1"),
    ("reason", "--indicator", "R-PI-9", "--key", "R-PI-9:EX-0001:EX-0001-M1", "--category", "other", "--text", "t",
     "--as", "coord-1"),
]
TAKES_A_CASE: list[tuple[str, ...]] = [
    ("case", "show", CASE, "--as", "auditor-1"), ("audit", "history", CASE, "--as", "auditor-1"),
    ("audit", "state", CASE, "--as", "auditor-1"), ("audit", "access", CASE), ("deadlines", "--case", CASE),
    ("record", "change_level", "--json", json.dumps({"recorded_by": "coord-1", "occurred_on": "2025-01-10",
                                                     "case_reference": CASE, "level": 2})),
]


@pytest.fixture
def run(store: Settings, clock: FixedClock) -> Run:
    def invoke(*args: str, who: str | None = "consistency-test") -> Result:
        context = CliContext(settings=store, clock=clock)
        try:
            return CliRunner().invoke(cli, list(args), obj=context, env={"MAPPA_USER": who})
        finally:
            context.close()

    assert invoke("import", str(EXAMPLE)).exit_code == 0
    return invoke


def _events(store: Settings, clock: FixedClock) -> int:
    app = bootstrap(store, clock)
    try:
        return app.max_notification_id()
    finally:
        app.close()


def _assert_one_line_not_found(result: Result, value: str) -> None:
    assert result.exit_code == EXIT_NOT_FOUND, (result.exit_code, result.output)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("mappa-flow: not found: "), lines[0]
    assert value in lines[0]
    assert result.stdout == ""


@pytest.mark.parametrize("command", TAKES_AN_AREA, ids=" ".join)
def test_an_unknown_area_exits_5_with_one_line_naming_the_areas_R_CASE_1(
        run: Run, store: Settings, clock: FixedClock, command: tuple[str, ...]) -> None:
    before = _events(store, clock)
    result = run(*command, "--area", AREA)
    _assert_one_line_not_found(result, AREA)
    assert "example-north" in result.stderr or "register it first" in result.stderr
    assert _events(store, clock) == before


@pytest.mark.parametrize("command", TAKES_A_CASE, ids=lambda c: " ".join(c[:2]))
def test_an_unknown_case_exits_5_with_one_line_R_CASE_1(
        run: Run, store: Settings, clock: FixedClock, command: tuple[str, ...]) -> None:
    before = _events(store, clock)
    _assert_one_line_not_found(run(*command), CASE)
    assert _events(store, clock) == before


def test_an_unknown_reminder_exits_5_with_one_line(run: Run) -> None:
    _assert_one_line_not_found(run("reminders", "show", "zzzz"), "zzzz")


@pytest.mark.parametrize("written", ["R-PI-9", "r-pi-9", "PI-9", "pi-9", "9", " 9 "])
def test_an_indicator_may_be_written_in_full_or_by_its_number(run: Run, written: str) -> None:
    result = run("exceptions", "--indicator", written, "--period", "2024-25", "--as-of", "2025-06-30",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and {row["indicator"] for row in rows} == {"R-PI-9"}


@pytest.mark.parametrize("written", ["R-PI-11", "PI-0", "nine", ""])
def test_an_unknown_indicator_is_refused_in_one_line(run: Run, written: str) -> None:
    result = run("commonality", "--indicator", written)
    assert result.exit_code == EXIT_USAGE
    assert result.stderr.splitlines() == [
        f"mappa-flow: bad option: no such indicator: they are R-PI-1 to R-PI-10, written R-PI-9, PI-9 or 9 "
        f"(option=--indicator, value={written!r})"]


@pytest.mark.parametrize("command", [("indicators",), ("stats",), ("exceptions",), ("deadlines", "--overdue-on"),
                                     ("audit", "corrections", "--known-at", "2026-11-01")])
def test_a_day_after_today_is_refused_in_one_line_not_judged_R_CAL_1(run: Run, command: tuple[str, ...]) -> None:
    option = () if command[0] == "deadlines" else ("--as-of",)
    result = run(*command, *option, "2026-11-21")  # the test clock's today is 2026-11-20
    assert result.exit_code == EXIT_USAGE, result.output
    assert result.stderr.splitlines() == [
        "mappa-flow: bad option: is after today (2026-11-20): a report cannot be judged on a day not yet come "
        f"(option={(option or command)[-1]}, value='2026-11-21', rule=R-CAL-1)"]
    assert run(*command, *option, "2026-11-20").exit_code == 0


@pytest.mark.parametrize("command", [
    ("case", "show", "EX-0001"), ("case", "list"), ("audit", "history", "EX-0001"), ("audit", "state", "EX-0001"),
    ("reason", "--indicator", "9", "--key", "R-PI-9:EX-0001:EX-0001-M1", "--category", "other", "--text", "t"),
    ("audits", "draw", "--area", "example-north", "--period", "2024-25", "--size", "1"),
    ("deadlines",), ("exceptions",), ("commonality", "--indicator", "9"), ("calendar", "--area", "example-north"),
    ("reminders", "list"), ("audit", "corrections", "--known-at", "2026-11-01"),
], ids=lambda c: " ".join(c[:2]))
def test_a_command_that_needs_to_know_who_is_asking_says_so_in_one_line(
        run: Run, store: Settings, clock: FixedClock, command: tuple[str, ...]) -> None:
    before = _events(store, clock)
    result = run(*command, who=None)
    assert result.exit_code == EXIT_USAGE
    [line] = result.stderr.splitlines()
    assert line.startswith("mappa-flow: say who is ") and "--as USER or set MAPPA_USER" in line
    assert _events(store, clock) == before
