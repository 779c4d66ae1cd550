"""A report table takes the first shape that fits the width (mappa_flow/cli/tables.py, docs/cli.md Tables)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from mappa_flow.cli.tables import cell, money, print_table

ROWS = [
    {"isp_ref": "GM-2023-00040-ISP1", "case_reference": "GM-2023-00040", "period_cost": "15716.91",
     "renewal_due": False, "meeting_in_period": True, "period_starts_on": "2026-01-24", "period_ends_on": "2026-04-23"},
    {"isp_ref": "WV-2025-00276-ISP1", "case_reference": "WV-2025-00276", "period_cost": "420.00",
     "renewal_due": True, "meeting_in_period": False, "period_starts_on": "2026-11-27", "period_ends_on": "2027-02-26"},
]
NAMES = list(ROWS[0])


def printed(width: int, rows: list[dict[str, object]] = ROWS, names: list[str] = NAMES) -> list[str]:
    out = io.StringIO()
    print_table(rows, names, "ISPs", Console(file=out, width=width, color_system=None))
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) <= width
    return lines


def test_a_wide_terminal_gets_one_table_with_full_headings() -> None:
    text = "\n".join(printed(200))
    assert "period cost" in text and "meeting in period" in text and "=" not in text


def test_a_narrower_one_gets_groups_each_led_by_the_first_column_and_a_legend() -> None:
    lines = printed(70)
    headings = [line for line in lines if line.split()[:1] == ["isp"] and "=" not in line]
    assert len(headings) >= 2  # the columns went into more than one table
    text = " ".join(line.strip() for line in lines)  # the legend wraps at the width
    assert text.count("GM-2023-00040-ISP1") == len(headings)  # the identifier leads every group, whole
    assert "cost = period cost" in text and "ren due = renewal due" in text


def test_a_very_narrow_one_gets_a_block_of_lines_per_row_with_nothing_cut() -> None:
    lines = printed(30)
    assert "-- 1 --" in lines and "-- 2 --" in lines
    assert any(line.strip() == "isp ref:" for line in lines)
    assert "GM-2023-00040-ISP1" in [line.strip() for line in lines]  # on a line of its own, whole


def test_indicator_titles_go_to_a_legend_when_the_table_is_narrow() -> None:
    rows = [{"indicator": f"R-PI-{n}", "title": "Level 3 reviews within 6 weeks " * 2, "numerator": n,
             "denominator": 10, "percentage": 10.0 * n, "exceptions": 10 - n} for n in (1, 2)]
    text = "\n".join(printed(60, rows, list(rows[0])))
    assert "R-PI-1: Level 3 reviews within 6 weeks" in text
    assert "title" not in text.split()


@pytest.mark.parametrize(("name", "value", "shown"), [
    ("renewal_due", True, "yes"), ("repeated", False, "no"), ("period_cost", "15716.91", "£15,716.91"),
    ("approved_cost", "0.00", "£0.00"), ("incurred_cost", "1234567.5", "£1,234,567.50"), ("closed_on", None, ""),
    ("level", 3, "3"),
])
def test_cells_read_as_words(name: str, value: object, shown: str) -> None:
    assert cell(name, value) == shown


def test_money_that_is_not_a_number_is_shown_as_given() -> None:
    assert money("n/a") == "n/a" and money("-12.5") == "-£12.50"


def test_a_cell_is_plain_text_not_markup() -> None:
    lines = printed(80, [{"key": "R-PI-9:N-1:M1", "reason": "[bold]late[/bold] [agency]"}], ["key", "reason"])
    assert any("[bold]late[/bold] [agency]" in line for line in lines)
