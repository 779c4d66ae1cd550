"""The CLI is the output edge: the typed rows the queries return become the fields a report shows."""

from __future__ import annotations

from datetime import date

from mappa_flow.cli.registers import stat_fields
from mappa_flow.cli.reporting import fields_of
from projections.registers.isp import IspCostRow
from projections.registers.stats import StatRow

FIGURE = StatRow("subject", "Individuals subject to MAPPA", "all", "21-30", "1", 3, None, 1, 4)


def test_a_typed_row_shows_its_fields_in_order_with_a_keyword_field_named_as_the_report_names_it() -> None:
    row = IspCostRow("2026-27-Q1", date(2026, 4, 1), date(2026, 6, 30), 2, "10.00", "5.00")
    assert list(fields_of(row).items()) == [
        ("period", "2026-27-Q1"), ("from", date(2026, 4, 1)), ("to", date(2026, 6, 30)), ("isps_funded", 2),
        ("approved_cost", "10.00"), ("incurred_cost", "5.00")]


def test_a_plain_dict_row_is_shown_as_it_is() -> None:
    assert fields_of({"b": 1, "a": 2}) == {"b": 1, "a": 2}


def test_a_split_figure_names_its_group_after_the_attribute_it_was_split_by_RULES_5() -> None:
    assert list(stat_fields(FIGURE, "age_band")) == [
        "measure", "label", "detail", "age_band", "category", "level_1", "level_2", "level_3", "total"]
    assert stat_fields(FIGURE, "age_band")["age_band"] == "21-30"


def test_an_unsplit_figure_has_no_group_field_RULES_5() -> None:
    assert list(stat_fields(FIGURE._replace(group=None), None)) == [
        "measure", "label", "detail", "category", "level_1", "level_2", "level_3", "total"]
