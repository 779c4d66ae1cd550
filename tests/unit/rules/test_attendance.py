"""Attendance and written contributions, R-PI-3 to R-PI-7 (domain/rules/attendance.py): given one invitation
and the latest marking of its written contribution, the verdict of each indicator it counts for."""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from domain.rules.attendance import AttendanceVerdict, Why, invitation_verdicts, latest_marking
from domain.rules.obligation import Verdict

DUE = date(2026, 9, 25)  # the meeting's minute deadline


class Invited(NamedTuple):
    agency: str
    responsible: bool
    outcome: str
    at_seniority: bool = True


class Marked(NamedTuple):
    occurred_on: date
    position: int
    in_minute: bool | None
    in_rmp: bool | None


POLICE = "police-scotland"
SOCIAL_WORK = "social-work"
PRISON = "sps"
HOUSING = "housing"
BOTH = Marked(DUE, 1, True, True)


def judged(invited: Invited, marking: Marked | None = None, as_of: date = DUE) -> list[tuple[str, Verdict, Why]]:
    return [(v.rule, v.verdict, v.why) for v in invitation_verdicts(invited, marking, DUE, as_of)]


def test_a_dtc_agency_attends_in_person_remotely_or_by_written_report_R_PI_3() -> None:
    for outcome in ("in-person", "remote"):
        assert judged(Invited(HOUSING, False, outcome)) == [("R-PI-3", Verdict.MET, Why.ATTENDED)]
    assert judged(Invited(HOUSING, False, "written"), BOTH) == [
        ("R-PI-3", Verdict.MET, Why.ATTENDED), ("R-PI-7", Verdict.MET, Why.RECORDED)]


def test_attendance_below_the_agreed_seniority_does_not_count_R_PI_3_R_PI_4() -> None:
    assert judged(Invited(HOUSING, False, "in-person", False)) == [("R-PI-3", Verdict.NOT_MET, Why.BELOW_SENIORITY)]
    assert judged(Invited(POLICE, True, "remote", False)) == [("R-PI-4", Verdict.NOT_MET, Why.BELOW_SENIORITY)]


def test_a_written_report_alone_is_not_attendance_for_police_or_social_work_R_PI_4_R_PI_5() -> None:
    assert judged(Invited(POLICE, True, "written"), BOTH) == [
        ("R-PI-4", Verdict.NOT_MET, Why.NOT_ATTENDED), ("R-PI-6", Verdict.MET, Why.RECORDED)]
    assert judged(Invited(SOCIAL_WORK, True, "in-person")) == [("R-PI-5", Verdict.MET, Why.ATTENDED)]


def test_the_other_responsible_authorities_have_no_attendance_indicator_R_PI_4_R_PI_5() -> None:
    assert judged(Invited(PRISON, True, "in-person")) == []
    assert judged(Invited(PRISON, True, "absent")) == [("R-PI-6", Verdict.NOT_MET, Why.NOTHING_SENT)]


def test_an_absent_dtc_agency_that_sent_nothing_fails_both_its_indicators_R_PI_3_R_PI_7() -> None:
    assert judged(Invited(HOUSING, False, "absent")) == [
        ("R-PI-3", Verdict.NOT_MET, Why.NOT_ATTENDED), ("R-PI-7", Verdict.NOT_MET, Why.NOTHING_SENT)]


def test_a_contribution_not_recorded_in_both_is_pending_to_the_minute_deadline_then_not_met_R_PI_6() -> None:
    invited = Invited(PRISON, True, "written")
    minute_only = Marked(DUE, 1, True, False)
    [pending] = invitation_verdicts(invited, minute_only, DUE, DUE)
    assert pending == AttendanceVerdict("R-PI-6", Verdict.PENDING, Why.NOT_RECORDED, ("rmp",))
    [late] = invitation_verdicts(invited, None, DUE, DUE + timedelta(days=1))
    assert late == AttendanceVerdict("R-PI-6", Verdict.NOT_MET, Why.NOT_RECORDED, ())


def test_a_contribution_recorded_in_both_after_the_deadline_is_met_R_PI_7() -> None:
    late_marking = Marked(DUE + timedelta(days=5), 1, True, True)
    assert judged(Invited(HOUSING, False, "written"), late_marking, DUE + timedelta(days=5))[-1] == (
        "R-PI-7", Verdict.MET, Why.RECORDED)


def test_the_latest_marking_counts_by_business_date_then_position_R_PI_6_R_PI_7() -> None:
    first, undone, redone = Marked(DUE, 5, True, True), Marked(DUE, 6, False, False), Marked(DUE, 4, True, False)
    assert latest_marking([first, undone, redone]) == undone
    assert latest_marking([first, Marked(DUE - timedelta(days=1), 9, False, False)]) == first
    assert latest_marking([]) is None


class Contribution(NamedTuple):
    """A marking whose fields lead with its position, as the indicators' meeting steps do."""

    position: int
    occurred_on: date
    in_minute: bool | None
    in_rmp: bool | None


def test_the_latest_marking_counts_by_business_date_whatever_its_position_R_PI_6_R_PI_7() -> None:
    later, earlier = Contribution(1, DUE, True, True), Contribution(2, DUE - timedelta(days=1), False, False)
    assert latest_marking([later, earlier]) == later


def test_a_contribution_not_recorded_says_where_it_is_missing_R_PI_6() -> None:
    def missing(marking: Marked) -> tuple[str, ...]:
        [verdict] = [v for v in invitation_verdicts(Invited(POLICE, True, "written"), marking, DUE, DUE)
                     if v.rule == "R-PI-6"]
        return verdict.missing

    assert missing(Marked(DUE, 1, False, True)) == ("minute",)
    assert missing(Marked(DUE, 1, True, False)) == ("rmp",)
    assert missing(Marked(DUE, 1, False, False)) == ("minute", "rmp")
