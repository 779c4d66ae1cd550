"""The demo generator: deterministic, dated up to today, realistic in its mix, and lazy."""

from __future__ import annotations

import tracemalloc
from collections import Counter
from datetime import date
from itertools import islice

import pytest

from domain.calendar import WorkingDayCalendar
from mappa_flow.commands.base import Command
from mappa_flow.commands.registry import BY_NAME
from mappa_flow.demo import demo_case_reference, estimate_commands, generate_demo
from tests.unit.demo_stream import late_minute_share, late_review_share, pre_release_leads, referral_profile

TODAY = date(2026, 11, 20)
SEED, CASES, YEARS = 7, 300, 3


@pytest.fixture(scope="module")
def stream() -> list[Command]:
    return list(generate_demo(SEED, CASES, YEARS, TODAY))


def _names(stream: list[Command]) -> Counter[str]:
    return Counter(cmd.command for cmd in stream)


def test_the_same_arguments_give_the_same_stream_byte_for_byte(stream: list[Command]) -> None:
    again = list(generate_demo(SEED, CASES, YEARS, TODAY))
    assert [c.model_dump_json() for c in again] == [c.model_dump_json() for c in stream]


def test_a_different_seed_gives_a_different_stream(stream: list[Command]) -> None:
    other = list(islice(generate_demo(SEED + 1, CASES, YEARS, TODAY), 2000))
    assert [c.model_dump_json() for c in other] != [c.model_dump_json() for c in stream[:2000]]


def test_command_ids_are_unique_and_name_the_seed(stream: list[Command]) -> None:
    ids = [cmd.command_id for cmd in stream]
    assert len(set(ids)) == len(ids)
    assert all(command_id.startswith(f"demo-{SEED}-") for command_id in ids)


def test_no_business_date_is_after_today_or_before_the_history_starts_R_CAL_1(stream: list[Command]) -> None:
    dates = [cmd.occurred_on for cmd in stream]
    assert max(dates) <= TODAY
    assert min(dates) >= date(TODAY.year - YEARS, TODAY.month, TODAY.day)


def test_commands_come_in_business_date_order(stream: list[Command]) -> None:
    dates = [cmd.occurred_on for cmd in stream]
    assert dates == sorted(dates)


def test_areas_are_registered_with_contacts_and_closure_days_before_any_referral(stream: list[Command]) -> None:
    first_referral = next(i for i, cmd in enumerate(stream) if cmd.command == "refer_case")
    setup = Counter(cmd.command for cmd in stream[:first_referral])
    assert 4 <= setup["register_area"] <= 8
    assert setup["set_contact"] == 2 * setup["register_area"]
    assert setup["add_closure_day"] >= 2 * YEARS * setup["register_area"]
    emails = [str(getattr(cmd, "email", "")) for cmd in stream[:first_referral]]
    assert all(email.endswith("@example.org") for email in emails if email)


def test_the_stream_has_as_many_cases_as_asked(stream: list[Command]) -> None:
    references = [getattr(cmd, "case_reference", None) for cmd in stream if cmd.command == "refer_case"]
    assert len(references) == len(set(references)) == CASES


def test_every_kind_of_command_appears_at_modest_size(stream: list[Command]) -> None:
    assert set(BY_NAME) - set(_names(stream)) == set()


def test_most_cases_are_level_1_some_level_2_few_level_3_R_CASE_1(stream: list[Command]) -> None:
    levels, categories = referral_profile(stream)
    assert 0.75 <= levels[1] / CASES <= 0.9
    assert 0.07 <= levels[2] / CASES <= 0.2
    assert 0.015 <= levels[3] / CASES <= 0.08
    assert categories[1] / CASES >= 0.75
    assert categories[3] > categories[2] > 0


def test_lifecycle_variants_all_occur_R_CASE_2(stream: list[Command]) -> None:
    seen = {(cmd.command, key, str(value)) for cmd in stream for key, value in cmd.model_dump().items()
            if key in {"recalled_to_prison", "breach", "status", "offence", "stage", "granted", "route", "in_custody"}}
    for expected in [("record_recall", "recalled_to_prison", "True"), ("record_recall", "recalled_to_prison", "False"),
                     ("record_recall", "breach", "licence"), ("record_recall", "breach", "order"),
                     ("declare_missing", "status", "wanted"), ("declare_missing", "status", "missing"),
                     ("record_further_offence", "offence", "sexual"), ("record_further_offence", "stage", "charged"),
                     ("record_further_offence", "stage", "convicted"), ("record_order_decision", "granted", "True"),
                     ("record_order_decision", "granted", "False"), ("apply_for_order", "route", "civil"),
                     ("refer_case", "in_custody", "True"), ("refer_case", "in_custody", "False")]:
        assert expected in seen, expected


def test_meetings_vary_in_kind_venue_attendance_and_disclosure_R_MTG_1_to_3(stream: list[Command]) -> None:
    meetings = [cmd.model_dump() for cmd in stream if cmd.command == "hold_meeting"]
    assert {m["kind"] for m in meetings} == {"initial", "review"}
    assert {m["venue"] for m in meetings} == {"community", "custody"}
    invitations = [i for m in meetings for i in m["invitations"]]
    assert {i["outcome"] for i in invitations} == {"in-person", "remote", "written", "absent"}
    assert {"police-scotland", "social-work", "sps", "health", "housing"} <= {i["agency"] for i in invitations}
    assert any(not i["at_seniority"] and i["outcome"] != "absent" for i in invitations)
    decided = [m["disclosure"] for m in meetings if m["disclosure"]]
    assert set(decided) == {"disclose", "do-not-disclose", "defer"}
    assert 0.8 <= len(decided) / len(meetings) < 1


def test_disclosure_is_mostly_recorded_as_considered_and_a_small_share_not_R_MTG_3_R_PI_10(
        stream: list[Command]) -> None:
    at_meeting = [cmd.model_dump() for cmd in stream if cmd.command == "hold_meeting"]
    assert all((m["disclosure"] is None) == (m["considered"] is None) for m in at_meeting)
    flags = [m["considered"] for m in at_meeting if m["disclosure"]]
    flags += [cmd.model_dump()["considered"] for cmd in stream if cmd.command == "decide_disclosure"]
    assert 0.005 <= flags.count(False) / len(flags) <= 0.06


def test_some_reviews_are_late_but_most_are_on_time_R_PI_1_R_PI_2(stream: list[Command]) -> None:
    assert 0.02 <= late_review_share(stream) <= 0.15


def test_most_minutes_are_ratified_and_rmps_updated_within_10_working_days_R_PI_9(stream: list[Command]) -> None:
    assert 0.04 <= late_minute_share(stream, WorkingDayCalendar) <= 0.2


def test_initial_level_3_meetings_come_before_release_some_less_than_28_days_before_R_PI_8(
    stream: list[Command],
) -> None:
    leads = pre_release_leads(stream)
    assert leads and all(lead > 0 for lead in leads)
    assert any(lead < 28 for lead in leads) and sum(lead >= 28 for lead in leads) > len(leads) / 2


def test_isps_are_renewed_every_three_months_with_a_risk_assessment_R_ISP_1(stream: list[Command]) -> None:
    names = _names(stream)
    assert names["approve_isp"] >= 1 and names["renew_isp"] >= 1
    assert names["request_isp_renewal"] >= names["renew_isp"]


def test_an_scr_runs_its_full_course_R_SCR_1(stream: list[Command]) -> None:
    names = _names(stream)
    assert names["commission_scr"] >= 1 and names["close_scr"] >= 1
    assert names["close_recommendation"] == names["make_recommendation"] or names["commission_scr"] > 1
    assert names["evaluate_scr_stage"] >= 8


def test_each_area_draws_an_audit_sample_every_year_and_audits_meetings_and_level_1_cases_R_AUD_1(
    stream: list[Command],
) -> None:
    audits = Counter(str(getattr(cmd, "kind", "")) for cmd in stream if cmd.command == "record_audit")
    areas = _names(stream)["register_area"]
    assert _names(stream)["draw_audit_sample"] >= areas * (YEARS - 1)
    assert audits["case"] >= areas and audits["meeting"] >= areas * 4 and audits["level1"] >= areas


def test_no_real_names_only_synthetic_references_and_role_ids(stream: list[Command]) -> None:
    people = {cmd.recorded_by for cmd in stream} | {str(getattr(cmd, "chair", "")) for cmd in stream}
    assert all(p == "" or p.startswith(("coord-", "sog-", "chair-", "mappa-admin")) for p in people)
    references = {getattr(cmd, "case_reference", None) for cmd in stream} - {None}
    assert all(ref[:2].isupper() and ref[2] == "-" for ref in references if ref)


def test_the_showcase_case_is_level_3_with_meetings_a_release_and_an_isp(stream: list[Command]) -> None:
    reference = demo_case_reference(SEED, CASES, YEARS, TODAY)
    own = [cmd for cmd in stream if getattr(cmd, "case_reference", None) == reference]
    assert own[0].command == "refer_case" and own[0].model_dump()["level"] == 3
    names = Counter(cmd.command for cmd in own)
    assert names["hold_meeting"] >= 4 and names["record_release"] == 1 and names["approve_isp"] == 1


def test_the_estimate_is_within_a_third_of_the_real_count(stream: list[Command]) -> None:
    assert abs(estimate_commands(CASES, YEARS) - len(stream)) <= len(stream) / 3


def test_a_large_stream_starts_at_once_without_building_the_whole_history() -> None:
    tracemalloc.start()
    try:
        first = list(islice(generate_demo(SEED, 20_000, 5, TODAY), 500))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(first) == 500
    assert peak < 20 * 1024 * 1024


def test_a_size_below_one_is_refused_with_the_values() -> None:
    with pytest.raises(ValueError, match="cases=0"):
        next(generate_demo(SEED, 0, 1, TODAY))
