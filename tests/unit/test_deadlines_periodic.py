"""Periodic deadlines of an area (R-REM-6): audits, the quarterly SOG review and the annual report."""

from __future__ import annotations

from datetime import date

from projections.deadlines.model import Deadline, Fact, Kind, Status
from projections.deadlines.periodic import periodic_deadlines

AREA = "area:north"
REGISTERED = date(2026, 5, 4)  # in 2026-27 Q1


def by_label(deadlines: list[Deadline], kind: Kind) -> dict[str, Deadline]:
    return {d.label: d for d in deadlines if d.kind is kind}


def audit(on: date, kind: str, position: int = 1) -> Fact:
    return Fact(AREA, position, on, "audit", ref=kind)


def test_quarterly_deadlines_run_from_the_registration_quarter_to_the_current_one_R_REM_6() -> None:
    found = periodic_deadlines(AREA, REGISTERED, date(2026, 11, 20), [])
    for kind in (Kind.MEETING_AUDIT, Kind.SOG_REVIEW):
        quarters = by_label(found, kind)
        assert list(quarters) == ["2026-27-Q1", "2026-27-Q2", "2026-27-Q3"]
        assert quarters["2026-27-Q3"].due_on == date(2026, 12, 31)
        assert quarters["2026-27-Q3"].rule == "R-REM-6"


def test_the_annual_case_audit_is_due_31_march_and_met_by_a_case_audit_in_that_year_R_REM_6() -> None:
    found = periodic_deadlines(AREA, REGISTERED, date(2026, 11, 20), [audit(date(2026, 6, 1), "meeting")])
    [year] = by_label(found, Kind.CASE_AUDIT).values()
    assert (year.label, year.due_on, year.status) == ("2026-27", date(2027, 3, 31), Status.OPEN)
    found = periodic_deadlines(AREA, REGISTERED, date(2026, 11, 20), [audit(date(2026, 6, 1), "case")])
    assert by_label(found, Kind.CASE_AUDIT)["2026-27"].closed_on == date(2026, 6, 1)


def test_a_meeting_audit_meets_only_its_own_quarter_R_REM_6() -> None:
    found = periodic_deadlines(AREA, REGISTERED, date(2026, 11, 20), [audit(date(2026, 8, 15), "meeting")])
    quarters = by_label(found, Kind.MEETING_AUDIT)
    assert [q.status for q in quarters.values()] == [Status.WITHDRAWN, Status.MET, Status.OPEN]  # Q1 missed
    assert quarters["2026-27-Q2"].closed_on == date(2026, 8, 15)


def test_an_unmet_quarter_is_withdrawn_as_missed_once_the_next_quarters_deadline_has_passed_R_REM_6() -> None:
    found = by_label(periodic_deadlines(AREA, REGISTERED, date(2027, 1, 1), []), Kind.SOG_REVIEW)
    assert [(d.label, d.status) for d in found.values()] == [
        ("2026-27-Q1", Status.WITHDRAWN), ("2026-27-Q2", Status.WITHDRAWN), ("2026-27-Q3", Status.OPEN),
        ("2026-27-Q4", Status.OPEN)]
    assert found["2026-27-Q1"].closed_on == date(2026, 9, 30)
    assert found["2026-27-Q1"].reason == "missed: superseded by 2026-27-Q2's, due since 2026-09-30"


def test_the_annual_report_is_due_31_october_after_the_year_ends_and_met_by_its_publication_R_REM_6() -> None:
    assert by_label(periodic_deadlines(AREA, REGISTERED, date(2027, 3, 31), []), Kind.ANNUAL_REPORT) == {}
    reports = by_label(periodic_deadlines(AREA, REGISTERED, date(2027, 4, 1), []), Kind.ANNUAL_REPORT)
    assert [(d.label, d.due_on, d.status) for d in reports.values()] == [("2026-27", date(2027, 10, 31), Status.OPEN)]
    published = Fact(AREA, 9, date(2027, 9, 1), "annual-report", ref="2026-27")
    reports = by_label(periodic_deadlines(AREA, REGISTERED, date(2027, 9, 2), [published]), Kind.ANNUAL_REPORT)
    assert (reports["2026-27"].status, reports["2026-27"].closed_on) == (Status.MET, date(2027, 9, 1))


def test_a_sog_review_meets_the_quarter_of_the_day_it_was_held_R_REM_6() -> None:
    held = Fact(AREA, 3, date(2026, 10, 2), "sog-review", on_date=date(2026, 9, 28))
    reviews = by_label(periodic_deadlines(AREA, REGISTERED, date(2026, 11, 20), [held]), Kind.SOG_REVIEW)
    assert (reviews["2026-27-Q2"].status, reviews["2026-27-Q2"].closed_on) == (Status.MET, date(2026, 10, 2))
    assert reviews["2026-27-Q3"].status is Status.OPEN


def test_periodic_deadline_ids_are_stable_as_the_date_moves_on_R_REM_6() -> None:
    earlier = by_label(periodic_deadlines(AREA, REGISTERED, date(2026, 6, 1), []), Kind.SOG_REVIEW)
    later = by_label(periodic_deadlines(AREA, REGISTERED, date(2026, 8, 1), []), Kind.SOG_REVIEW)
    assert earlier["2026-27-Q1"].id == later["2026-27-Q1"].id
