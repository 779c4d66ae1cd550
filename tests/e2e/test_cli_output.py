"""What the report commands print, as a co-ordinator reads it (issue 15), on SQLite and PostgreSQL.

Tables fit the terminal (``COLUMNS``; 80 on a pipe) without cutting a reference; cells read yes/no and £1,234.56;
CSV always has its header and holds data rows only; ``deadlines`` says "due in N days"; ``scr`` without a
period shows every review; ``areas`` and ``case list`` show references and state, and ``case list`` records
each case listed in its access log.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from mappa_flow.cli.context import EXIT_USAGE, CliContext
from mappa_flow.cli.main import cli
from mappa_flow.clock import FixedClock
from mappa_flow.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "import-example.jsonl"
AREA = "example-north"
YEAR = ("--period", "2024-25", "--as-of", "2025-06-30")
Run = Callable[..., Result]


@pytest.fixture
def run(store: Settings, clock: FixedClock) -> Run:
    def invoke(*args: str, columns: int | None = None, who: str | None = "output-test") -> Result:
        context = CliContext(settings=store, clock=clock)
        try:
            return CliRunner().invoke(cli, list(args), obj=context,
                                      env={"COLUMNS": str(columns) if columns else None, "MAPPA_USER": who})
        finally:
            context.close()

    assert invoke("import", str(EXAMPLE)).exit_code == 0
    return invoke


def _json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ---- the terminal's width -------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("report", [("indicators",), ("isp",), ("isp", "--costs"), ("scr",)], ids=" ".join)
def test_a_report_table_fits_the_terminal_and_keeps_every_reference_whole(
        run: Run, report: tuple[str, ...], columns: int) -> None:
    table = run(*report, *YEAR, columns=columns)
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns, "\n".join(line for line in lines if len(line) > columns)
    rows = _json(run(*report, *YEAR, "--format", "json"))
    assert rows
    for row in rows:
        for name in ("indicator", "isp_ref", "scr_ref", "period", *(("case_reference",) if report == ("isp",) else ())):
            if row.get(name):
                assert str(row[name]) in table.stdout, (name, row[name])


def test_narrow_indicators_move_the_titles_and_the_short_headings_to_a_legend(run: Run) -> None:
    narrow = run("indicators", *YEAR, columns=80).stdout
    assert "R-PI-1: Level 3 reviews within 6 weeks" in narrow
    assert "num = numerator" in narrow and "den = denominator" in narrow
    wide = run("indicators", *YEAR, columns=250).stdout
    assert "numerator" in wide and "num = numerator" not in wide
    assert max(len(line) for line in wide.splitlines()) <= 250


def test_on_a_pipe_the_table_is_80_columns_wide_unless_columns_says_otherwise(store: Settings, run: Run) -> None:
    if store.backend != "sqlite":
        pytest.skip("a pipe is the same on every store; this one reads the SQLite file")
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAPPA_") and key != "COLUMNS"}
    env["MAPPA_SQLITE_PATH"] = str(store.sqlite_path)
    script = Path(sys.executable).with_name("mappa-flow")
    done = subprocess.run([str(script), "isp", *YEAR], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert max(len(line) for line in done.stdout.splitlines()) <= 80
    assert "ISP-EX-1" in done.stdout


# ---- cells ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("report", [("commonality", "--indicator", "R-PI-3"), ("isp",), ("audits", "--samples")],
                         ids=" ".join)
def test_tables_say_yes_and_no_never_true_and_false(run: Run, report: tuple[str, ...]) -> None:
    rows = _json(run(*report, *YEAR, "--format", "json"))
    flags = [value for row in rows for value in row.values() if isinstance(value, bool)]
    table = run(*report, *YEAR, columns=250).stdout
    assert "True" not in table and "False" not in table
    for flag in set(flags):
        assert ("yes" if flag else "no") in table.split()


def test_money_has_a_pound_sign_and_thousands_in_tables_and_plain_numbers_in_csv(run: Run) -> None:
    rows = _json(run("isp", *YEAR, "--format", "json"))
    cost = rows[0]["period_cost"]
    assert cost == "4200.50"  # the example's ISP: £4,200.50 for its first period
    assert "£4,200.50" in run("isp", *YEAR, columns=250).stdout
    read = list(csv.DictReader(io.StringIO(run("isp", *YEAR, "--format", "csv").stdout)))
    assert read[0]["period_cost"] == "4200.50"


@pytest.mark.parametrize("report", [
    ("indicators",), ("exceptions",), ("exceptions", "--pending"), ("commonality", "--indicator", "R-PI-3"),
    ("stats", "--wanted-missing"), ("scr",), ("scr", "--show", "stages"), ("scr", "--show", "overdue"), ("isp",),
    ("isp", "--costs"), ("audits",), ("audits", "--samples"), ("deadlines",),
    ("audit", "corrections", "--known-at", "2025-06-30"),
], ids=" ".join)
def test_a_csv_always_has_its_header_even_with_no_rows(run: Run, report: tuple[str, ...]) -> None:
    full = run(*report, *YEAR, "--format", "csv")
    assert full.exit_code == 0, full.output
    empty = run(*report, "--period", "2010-11", "--format", "csv")  # long before the example's first event
    assert empty.exit_code == 0, empty.output
    header = next(csv.reader(io.StringIO(empty.stdout)), [])
    assert header, f"no header in {empty.stdout!r}"
    if len(full.stdout.splitlines()) > 1:
        assert header == next(csv.reader(io.StringIO(full.stdout)))


def test_scr_csv_and_json_hold_the_reviews_only_and_the_table_adds_the_row_across_them(run: Run) -> None:
    read = list(csv.DictReader(io.StringIO(run("scr", *YEAR, "--format", "csv").stdout)))
    assert [row["scr_ref"] for row in read] == ["SCR-EX-1"]
    assert [row["scr_ref"] for row in _json(run("scr", *YEAR, "--format", "json"))] == ["SCR-EX-1"]
    assert "all" in run("scr", *YEAR, columns=250).stdout.split()


def test_scr_without_a_period_shows_every_review_whatever_its_year_R_SCR_2(run: Run) -> None:
    assert _json(run("scr", "--period", "2026-27", "--format", "json")) == []  # closed in 2025
    every = _json(run("scr", "--format", "json"))
    assert [(row["scr_ref"], row["status"]) for row in every] == [("SCR-EX-1", "closed")]
    assert "every year" in run("scr", columns=250).stdout


# ---- deadlines ------------------------------------------------------------------------------------------


def test_deadlines_not_yet_due_say_due_in_n_days_not_zero_days_overdue_R_REM_1(run: Run) -> None:
    day = "2024-10-01"
    rows = _json(run("deadlines", "--status", "all", "--overdue-on", day, "--format", "json"))
    ahead = [(date.fromisoformat(r["due_on"]) - date.fromisoformat(day)).days for r in rows
             if r["status"] == "open" and date.fromisoformat(r["due_on"]) > date.fromisoformat(day)]
    assert ahead, "the example has no deadline due after the day"
    table = run("deadlines", "--status", "all", "--overdue-on", day, columns=300).stdout
    for days in set(ahead):
        said = f"due in {days} day{'' if days == 1 else 's'}"
        assert table.count(said) == ahead.count(days), said
    assert f"days overdue counted to {day}" in table
    old_name = _json(run("deadlines", "--status", "all", "--as-of", day, "--format", "json"))
    assert old_name == rows  # --as-of is still accepted, with the same meaning


# ---- areas and case list --------------------------------------------------------------------------------


def test_areas_lists_each_area_with_its_cases(run: Run) -> None:
    rows = _json(run("areas", "--format", "json"))
    cases = _json(run("case", "list", "--archived", "--as", "auditor-1", "--format", "json"))
    assert [row["code"] for row in rows] == [AREA]
    assert rows[0]["open_cases"] == sum(1 for c in cases if c["status"] == "open")
    assert rows[0]["archived_cases"] == sum(1 for c in cases if c["status"] == "archived")


def test_case_list_shows_references_and_state_only_and_records_each_view(run: Run) -> None:
    rows = _json(run("case", "list", "--as", "auditor-1", "--format", "json"))
    assert rows
    assert set(rows[0]) == {"reference", "area", "category", "level", "status", "custody", "referred_on",
                            "overdue_deadlines"}  # no age band, gender or ethnicity
    for row in rows:
        log = _json(run("audit", "access", row["reference"], "--json"))
        assert [(e["viewer"], e["subject"]) for e in log] == [("auditor-1", "state")], log


def test_case_list_filters_by_level_and_overdue_deadlines(run: Run) -> None:
    every = _json(run("case", "list", "--as", "auditor-1", "--format", "json"))
    for level in (1, 2, 3):
        at = _json(run("case", "list", "--level", str(level), "--as", "auditor-1", "--format", "json"))
        assert at == [row for row in every if row["level"] == level]
    overdue = _json(run("case", "list", "--overdue", "--as", "auditor-1", "--format", "json"))
    assert overdue == [row for row in every if row["overdue_deadlines"] > 0]
    open_due = _json(run("deadlines", "--format", "json"))
    late = {r["case_reference"] for r in open_due if r["case_reference"] and r["days_overdue"] > 0}
    assert {row["reference"] for row in overdue} == late


def test_case_list_needs_to_know_who_is_looking_and_records_nothing_without(run: Run) -> None:
    refused = run("case", "list", who=None)
    assert refused.exit_code == EXIT_USAGE
    reference = _json(run("case", "list", "--as", "auditor-1", "--format", "json"))[0]["reference"]
    assert len(_json(run("audit", "access", reference, "--json"))) == 1


# ---- audits draw takes the names the other commands use ---------------------------------------------------


def test_audits_draw_takes_period_and_as_and_still_the_old_names_R_AUD_1(run: Run) -> None:
    new = _json(run("audits", "draw", "--area", AREA, "--period", "2024-25", "--size", "1", "--seed", "3",
                    "--on", "2025-01-15", "--as", "coord-1", "--sample-ref", "S-NEW", "--format", "json"))
    old = _json(run("audits", "draw", "--area", AREA, "--year", "2024-25", "--size", "1", "--seed", "3",
                    "--on", "2025-01-15", "--recorded-by", "coord-1", "--sample-ref", "S-OLD", "--format", "json"))
    assert new == old and len(new) == 1
    missing = run("audits", "draw", "--area", AREA, "--size", "1", "--as", "coord-1")
    assert missing.exit_code == EXIT_USAGE
    assert missing.stderr.splitlines() == ["mappa-flow: say which reporting year is audited: give --period, "
                                           "like 2026-27"]
