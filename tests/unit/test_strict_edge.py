"""The edge is strict (issue 11, defects 2 and 4): each input the issue found accepted, or crashing, is refused
in the whole-file check with its line, field, value and rule, before anything is written."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import pytest

from mappa_flow.commands.case import ReferCase
from mappa_flow.importing import check_command, check_lines, check_stream
from mappa_flow.json_line import MAX_DEPTH, MAX_LINE_BYTES
from mappa_flow.validation_words import Problem

TODAY = date(2026, 12, 7)

REFER = {"command": "refer_case", "command_id": "c-1", "recorded_by": "coord-1", "occurred_on": "2026-05-01",
         "case_reference": "N-0001", "area": "north", "category": 1, "level": 2,
         "referring_agency": "police-scotland", "in_custody": False}
ISP = {"command": "approve_isp", "command_id": "i-1", "recorded_by": "coord-1", "occurred_on": "2026-05-02",
       "isp_ref": "ISP-1", "case_reference": "N-0001", "provider": "Provider", "cost": "1250.50",
       "starts_on": "2026-06-01"}
ACTION = {"command": "assign_action", "command_id": "a-1", "recorded_by": "coord-1", "occurred_on": "2026-05-03",
          "scr_ref": "SCR-1", "recommendation_ref": "R-1", "action_ref": "A-1", "owner": "sps",
          "due_on": "2027-01-31", "text": "Review the plan"}


def line(base: dict[str, Any], **changes: Any) -> str:
    return json.dumps({**base, **changes})


def only_problem(*texts: str) -> Problem:
    checked = check_lines(list(texts), today=TODAY)
    assert not checked.lines or len(texts) > 1
    assert len(checked.problems) == 1, [str(p) for p in checked.problems]
    return checked.problems[0]


def test_the_valid_lines_used_below_are_accepted() -> None:
    checked = check_lines([line(REFER), line(ISP), line(ACTION)], today=TODAY)
    assert checked.ok, [str(p) for p in checked.problems]
    assert [type(x.command).__name__ for x in checked.lines] == ["ReferCase", "ApproveIsp", "AssignAction"]


@pytest.mark.parametrize(("changes", "field", "value", "kind"), [
    ({"level": True}, "level", "true", "int_type"),
    ({"level": 2.0}, "level", "2.0", "int_type"),
    ({"level": "2"}, "level", '"2"', "int_type"),
    ({"category": False}, "category", "false", "int_type"),
    ({"in_custody": "yes"}, "in_custody", '"yes"', "bool_type"),
    ({"in_custody": 1}, "in_custody", "1", "bool_type"),
    ({"occurred_on": 0}, "occurred_on", "0", "date_type"),
    ({"occurred_on": "2026-05-01T10:00:00"}, "occurred_on", '"2026-05-01T10:00:00"', "date_format"),
    ({"occurred_on": "2026-05-01T00:00:00Z"}, "occurred_on", '"2026-05-01T00:00:00Z"', "date_format"),
    ({"occurred_on": "20260501"}, "occurred_on", '"20260501"', "date_format"),
    ({"occurred_on": "\u0662\u0660\u0662\u0666-\u0660\u0665-\u0660\u0661"}, "occurred_on",
     '"\u0662\u0660\u0662\u0666-\u0660\u0665-\u0660\u0661"', "date_format"),  # Arabic-Indic digits
    ({"occurred_on": "0001-01-01"}, "occurred_on", '"0001-01-01"', "date_out_of_range"),
    ({"expected_release_on": "1800-06-01"}, "expected_release_on", '"1800-06-01"', "date_out_of_range"),
    ({"expected_release_on": "2036-12-08"}, "expected_release_on", '"2036-12-08"', "date_out_of_range"),
    ({"ethnicity": "x\u0000y"}, "ethnicity", '"x\\u0000y"', "control_character"),
    ({"ethnicity": "a\tb"}, "ethnicity", '"a\\tb"', "control_character"),
    ({"ethnicity": "\u001b[31mred"}, "ethnicity", '"\\u001b[31mred"', "control_character"),
    ({"ethnicity": "c1\u009bx"}, "ethnicity", '"c1\\u009bx"', "control_character"),
    ({"ethnicity": "\ud800"}, "ethnicity", '"\\ud800"', "control_character"),
    ({"recorded_by": "coord\nforged row"}, "recorded_by", '"coord\\nforged row"', "control_character"),
])
def test_a_lax_or_control_value_is_refused_with_line_field_value_and_rule(
        changes: dict[str, Any], field: str, value: str, kind: str) -> None:
    problem = only_problem(line(REFER), line(REFER, command_id="c-2", **changes))

    assert (problem.line, problem.field, problem.value, problem.kind) == (2, field, value, kind)
    assert problem.rule
    assert "\x00" not in str(problem) and "\x1b" not in str(problem)


def test_a_business_date_after_today_is_refused_in_the_check_not_at_apply_time_R_CAL_1() -> None:
    problem = only_problem(line(REFER, occurred_on="2026-12-08"))

    assert (problem.field, problem.kind) == ("occurred_on", "future_date")
    assert "R-CAL-1" in problem.rule and "2026-12-07" in problem.rule
    assert check_lines([line(REFER, occurred_on="2026-12-07")], today=TODAY).ok


def test_a_planned_date_may_be_up_to_ten_years_ahead_and_no_further() -> None:
    assert check_lines([line(REFER, expected_release_on="2036-12-07")], today=TODAY).ok
    assert only_problem(line(ISP, starts_on="9999-12-01")).field == "starts_on"
    assert only_problem(line(ACTION, due_on="9999-12-31")).field == "due_on"


def test_free_text_may_hold_tabs_and_new_lines_but_no_other_control_character() -> None:
    assert check_lines([line(ACTION, text="First:\n\tcall the SOG")], today=TODAY).ok
    problem = only_problem(line(ACTION, text="First:\r\nsecond"))
    assert (problem.field, problem.kind) == ("text", "control_character")
    assert "U+000D" in problem.rule


def test_a_key_given_twice_is_refused_not_the_last_one_kept() -> None:
    text = line(REFER)[:-1] + ', "level": 3}'
    problem = only_problem(text)

    assert (problem.field, problem.value, problem.kind) == ("level", '"level"', "duplicate_key")


def test_a_five_thousand_digit_number_is_refused_naming_its_field() -> None:
    text = line(REFER)[:-1].replace('"level": 2', '"level": ' + "9" * 5000) + "}"
    problem = only_problem(text)

    assert (problem.field, problem.kind) == ("level", "number_too_long")
    assert problem.value == "(a number of 5000 characters)"


@pytest.mark.parametrize("number", ["1e99999999999999999999", "NaN", "-Infinity"])
def test_numbers_beyond_range_or_not_json_are_refused(number: str) -> None:
    text = line(ISP)[:-1].replace('"cost": "1250.50"', f'"cost": {number}') + "}"
    problem = only_problem(text)

    assert problem.kind in {"number_too_long", "not_a_number"}
    assert problem.field in {"cost", "(line)"}


def test_json_nested_100000_deep_is_refused_before_parsing() -> None:
    problem = only_problem("[" * 100_000 + "]" * 100_000)

    assert (problem.field, problem.kind) == ("(line)", "too_deep")
    assert problem.rule == f"objects and lists nest at most {MAX_DEPTH} deep here"


def test_brackets_inside_text_do_not_count_as_nesting() -> None:
    assert check_lines([line(ACTION, text="[[[[[[[[[[{{{{{{{{{{ see note \\\" ]]")], today=TODAY).ok


def test_a_line_longer_than_the_bound_is_refused_without_being_read_whole() -> None:
    long_line = b'{"command": "' + b"x" * (3 * MAX_LINE_BYTES) + b'"}\n'
    stream = io.BytesIO(long_line + line(REFER).encode() + b"\n")

    checked = check_stream(stream, today=TODAY)

    assert [(p.line, p.kind) for p in checked.problems] == [(1, "line_too_long")]
    assert [x.number for x in checked.lines] == [2]  # the next line is still read as line 2


def test_record_takes_the_same_checks_as_a_file() -> None:
    checked = check_command(line(REFER, level=True, in_custody="yes"), today=TODAY)

    assert {(p.line, p.field, p.kind) for p in checked.problems} == {
        (None, "level", "int_type"), (None, "in_custody", "bool_type")}
    duplicate = check_command('{"command": "change_level", "command": "change_level"}', today=TODAY)
    assert [p.kind for p in duplicate.problems] == ["duplicate_key"]


def test_a_command_built_in_python_without_today_still_has_the_fixed_bounds() -> None:
    fields = {k: v for k, v in REFER.items() if k != "command"}
    ReferCase.model_validate(fields)  # no context: fine
    with pytest.raises(ValueError, match="date_out_of_range"):
        ReferCase.model_validate({**fields, "expected_release_on": "9999-12-31"})
    with pytest.raises(ValueError, match="control_character"):
        ReferCase.model_validate({**fields, "ethnicity": "x\x00y"})


@pytest.mark.parametrize("key", [" ", "", "case ref", "a=b", "x:y"])
def test_an_unknown_key_that_is_blank_or_holds_a_mark_of_the_problem_line_is_named_in_quotes(key: str) -> None:
    """Found by the import fuzz test: a key " " gave a problem line that began with spaces and named nothing."""
    problem = only_problem(json.dumps({**REFER, key: None}))
    assert (problem.field, problem.kind) == (json.dumps(key), "extra_forbidden")
    assert str(problem).startswith(f"line 1: {json.dumps(key)} = null: is not a field of refer_case")


@pytest.mark.parametrize("junk", ["\x1c", "\x0b", "\x0c", "\x85", "\u2028"])
def test_a_line_of_control_characters_is_refused_not_skipped_as_blank(junk: str) -> None:
    """Only JSON's whitespace (space, tab, CR, LF) makes a blank line; Python's str.strip would also drop these,
    and the import would then skip a junk line in silence."""
    problem = only_problem(junk)
    assert (problem.line, problem.field, problem.kind) == (1, "(line)", "json_invalid")
    checked = check_lines(["  \t\r", line(REFER)], today=TODAY)
    assert (checked.blank, len(checked.lines), checked.problems) == (1, 1, [])
