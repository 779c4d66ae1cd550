"""Every report command takes the same options, on SQLite and PostgreSQL, over the example import (issue 3).

``indicators``, ``exceptions``, ``commonality``, ``stats``, ``scr``, ``isp``, ``audits`` and ``deadlines``
each take ``--area``, ``--period`` (a reporting year or a quarter) or ``--from``/``--to``, ``--as-of`` and
``--format table|json|csv`` (R-CAL-2). A bad value is refused in one line naming the option, the value and
the rule, with the exit code of docs/cli.md, and writes nothing. ``reason`` takes them too, as a check.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from mappa_flow.bootstrap import bootstrap
from mappa_flow.cli.context import EXIT_NOT_FOUND, EXIT_USAGE, CliContext
from mappa_flow.cli.main import cli
from mappa_flow.clock import FixedClock
from mappa_flow.settings import Settings

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "import-example.jsonl"
AREA = "example-north"
REPORTS: dict[str, tuple[str, ...]] = {
    "indicators": (), "exceptions": (), "commonality": ("--indicator", "R-PI-3"), "stats": (), "scr": (),
    "isp": (), "audits": (), "deadlines": ("--status", "all"),
}
SCOPES: dict[str, tuple[tuple[str, ...], str]] = {  # options, and the period label the title shows
    "reporting year": (("--period", "2024-25"), "2024-25"),
    "quarter": (("--period", "2024-25-Q3"), "2024-25-Q3"),
    "date range": (("--from", "2024-10-01", "--to", "2024-12-31"), "2024-10-01..2024-12-31"),
    "area and as-of": (("--area", AREA, "--period", "2024-25", "--as-of", "2025-01-31"), "2024-25"),
}
Run = Callable[..., Result]


@pytest.fixture
def run(store: Settings, clock: FixedClock) -> Run:
    """The CLI in this process, on the test's store, with the example imported."""

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        context = CliContext(settings=store, clock=clock)
        try:
            return CliRunner().invoke(cli, list(args), obj=context, env={"MAPPA_USER": "coord-1", **(env or {})})
        finally:
            context.close()

    imported = invoke("import", str(EXAMPLE))
    assert imported.exit_code == 0, imported.output
    return invoke


def _events(store: Settings, clock: FixedClock) -> int:
    app = bootstrap(store, clock)
    try:
        return app.max_notification_id()
    finally:
        app.close()


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_each_report_takes_every_scope_option_and_prints_table_json_and_csv_R_CAL_2(run: Run, report: str) -> None:
    for name, (options, label) in SCOPES.items():
        args = (report, *REPORTS[report], *options)
        table = run(*args)
        assert table.exit_code == 0, (name, table.output)
        assert label in table.stdout, (name, table.stdout[:300])
        as_json = run(*args, "--format", "json")
        assert as_json.exit_code == 0, (name, as_json.output)
        rows = json.loads(as_json.stdout)
        as_csv = run(*args, "--format", "csv")
        assert as_csv.exit_code == 0, (name, as_csv.output)
        read = list(csv.DictReader(io.StringIO(as_csv.stdout)))
        assert len(read) == len(rows), name
        if rows:  # the same fields, every one of them
            assert set(read[0]) == set().union(*rows), name
        if "--area" in options:
            assert all(row.get("area") in (AREA, None) for row in rows), name


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_a_quarter_and_the_date_range_of_the_same_days_give_the_same_rows_R_CAL_2(run: Run, report: str) -> None:
    quarter = run(report, *REPORTS[report], "--period", "2024-25-Q3", "--as-of", "2025-06-30", "--format", "json")
    dates = run(report, *REPORTS[report], "--from", "2024-10-01", "--to", "2024-12-31", "--as-of", "2025-06-30",
                "--format", "json")
    assert quarter.exit_code == dates.exit_code == 0, (quarter.output, dates.output)
    assert json.loads(quarter.stdout) == json.loads(dates.stdout)


def _lines(run: Run, *options: str) -> dict[str, tuple[int, int, int]]:
    done = run("indicators", "--period", "2024-25", *options, "--format", "json")
    assert done.exit_code == 0, done.output
    return {f"{r['indicator']}{'/' + r['agency'] if r['agency'] else ''}": (r["numerator"], r["denominator"],
                                                                            r["pending"])
            for r in json.loads(done.stdout)}


def test_as_of_decides_what_is_pending_and_area_what_is_counted_R_PI_9(run: Run) -> None:
    # MTG-EX-1, held 12 June 2024: minute deadline 26 June; RMP updated 20 June, minute ratified 26 June.
    assert _lines(run, "--as-of", "2024-06-25")["R-PI-9"] == (0, 0, 1)
    assert _lines(run, "--as-of", "2024-06-26")["R-PI-9"] == (1, 1, 0)
    assert _lines(run, "--as-of", "2025-06-30", "--area", AREA)["R-PI-9"] == (1, 2, 0)


BAD_VALUES: list[tuple[tuple[str, ...], int, tuple[str, ...]]] = [
    (("--period", "2024-25-Q5"), EXIT_USAGE, ("option=--period", "value='2024-25-Q5'", "rule=R-CAL-2", "Q1 to Q4")),
    (("--period", "24-25"), EXIT_USAGE, ("option=--period", "value='24-25'", "rule=R-CAL-2")),
    (("--period", "2024-26"), EXIT_USAGE, ("option=--period", "value='2024-26'", "rule=R-CAL-2")),
    (("--from", "2024-10-01"), EXIT_USAGE, ("option=--from", "value='2024-10-01'", "rule=R-CAL-2", "--to")),
    (("--to", "2024-10-01"), EXIT_USAGE, ("option=--to", "value='2024-10-01'", "rule=R-CAL-2", "--from")),
    (("--from", "2024-10-02", "--to", "2024-10-01"), EXIT_USAGE, ("option=--to", "value='2024-10-01'",
                                                                  "rule=R-CAL-2")),
    (("--period", "2024-25", "--from", "2024-10-01", "--to", "2024-12-31"), EXIT_USAGE,
     ("option=--period", "rule=R-CAL-2", "not both")),
    (("--as-of", "2025-02-30"), EXIT_USAGE, ("option=--as-of", "value='2025-02-30'", "rule=R-CAL-1")),
    (("--from", "1/10/2024", "--to", "2024-12-31"), EXIT_USAGE, ("option=--from", "value='1/10/2024'",
                                                                 "rule=R-CAL-1")),
    (("--area", "nowhere"), EXIT_NOT_FOUND, ("option=--area", "value='nowhere'", "rule=R-CASE-1", AREA)),
]


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_a_bad_option_value_is_refused_in_one_line_naming_option_value_and_rule_and_writes_nothing(
        run: Run, report: str, store: Settings, clock: FixedClock) -> None:
    before = _events(store, clock)
    for options, code, words in BAD_VALUES:
        refused = run(report, *REPORTS[report], *options)
        assert refused.exit_code == code, (options, refused.output)
        assert refused.stdout == "", options
        [line] = refused.stderr.splitlines()
        assert line.startswith("mappa-flow: "), line
        assert all(word in line for word in words), (words, line)
    assert _events(store, clock) == before


def test_known_at_that_is_not_a_moment_is_refused_naming_the_option_R_CAL_1(run: Run) -> None:
    refused = run("indicators", "--known-at", "last tuesday")
    assert refused.exit_code == EXIT_USAGE
    assert "option=--known-at, value='last tuesday', rule=R-CAL-1" in refused.stderr


KEY = "R-PI-3:EX-0001:MTG-EX-1:housing"  # housing did not attend the meeting of 12 June 2024


def _reason(run: Run, *options: str) -> Result:
    return run("reason", "--indicator", "R-PI-3", "--key", KEY, "--category", "agency-unavailable", "--text",
               "synthetic", "--as", "coord-1", *options)


@pytest.mark.parametrize("options", [
    ("--area", "nowhere"),
    ("--period", "2024-25-Q2"),
    ("--from", "2024-06-13", "--to", "2024-06-30"),
    ("--as-of", "2024-06-11"),
])
def test_reason_refuses_an_exception_outside_the_report_its_options_name_and_writes_nothing_R_PI_EXC(
        run: Run, store: Settings, clock: FixedClock, options: tuple[str, ...]) -> None:
    before = _events(store, clock)
    refused = _reason(run, *options)
    assert refused.exit_code == EXIT_NOT_FOUND, refused.output
    [line] = refused.stderr.splitlines()
    assert line.startswith("mappa-flow: not found: ") and ("R-PI-EXC" in line or "R-CASE-1" in line), line
    assert _events(store, clock) == before


def test_reason_within_the_report_its_options_name_is_recorded_and_shown_in_the_format_asked_R_PI_EXC(
        run: Run) -> None:
    done = _reason(run, "--area", AREA, "--period", "2024-25-Q1", "--as-of", "2024-06-30", "--format", "json")
    assert done.exit_code == 0, done.output
    [shown] = json.loads(done.stdout)
    assert (shown["key"], shown["reason_recorded"], shown["reason"], shown["reason_text"]) == (
        KEY, True, "agency-unavailable", "synthetic")
    listed = run("exceptions", "--period", "2024-25-Q1", "--indicator", "R-PI-3", "--format", "csv")
    assert [(row["key"], row["reason"]) for row in csv.DictReader(io.StringIO(listed.stdout))] == [
        (KEY, "agency-unavailable")]


def test_the_exceptions_table_never_cuts_the_key_a_reason_needs(run: Run) -> None:
    table = run("exceptions", "--period", "2024-25", "--as-of", "2025-06-30")
    assert table.exit_code == 0, table.output
    keys = json.loads(run("exceptions", "--period", "2024-25", "--as-of", "2025-06-30", "--format", "json").stdout)
    assert keys and all(row["key"] in table.stdout for row in keys)


def _json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_statistics_count_by_category_and_level_for_the_period_asked_RULES_5(run: Run) -> None:
    rows = _json(run("stats", "--area", AREA, "--period", "2024-25", "--format", "json"))
    new = {row["category"]: row for row in rows if row["measure"] == "new" and row["detail"] == "all"}
    assert set(new) == {"1", "2", "3", "all"}
    assert all(set(row) >= {"level_1", "level_2", "level_3", "total"} for row in new.values())
    assert new["all"]["total"] == sum(new[c]["total"] for c in ("1", "2", "3")) == 2
    archived = {row["category"]: row["total"] for row in rows if row["measure"] == "archived"}
    assert archived["all"] == 1  # EX-0002, archived 1 March 2025


def test_the_isp_costs_are_given_per_quarter_and_per_reporting_year_R_ISP_2(run: Run) -> None:
    rows = _json(run("isp", "--costs", "--period", "2024-25", "--as-of", "2025-06-30", "--format", "json"))
    assert [row["period"] for row in rows] == ["2024-25-Q1", "2024-25-Q2", "2024-25-Q3", "2024-25-Q4", "2024-25"]
    quarters = sum(int(row["approved_cost"].replace(".", "")) for row in rows[:4])
    assert quarters == int(rows[4]["approved_cost"].replace(".", "")) > 0
