"""R-PI-3 to R-PI-7: attendance by each agency, and written contributions, at meetings held in the period."""

from __future__ import annotations

from datetime import date

from domain.calendar import quarter
from projections.indicators.model import Status
from tests.unit.indicator_story import Story, invited, occurrences, result, step

MEETING = date(2026, 5, 4)  # the May bank holiday (a Monday); its 10th working day after is 2026-05-18
DEADLINE = date(2026, 5, 18)


def meeting_with(*invitations: object, steps: tuple[object, ...] = ()) -> Story:
    return Story().referred(date(2026, 4, 1), 2).meeting(MEETING, 2, invitations=invitations,  # type: ignore[arg-type]
                                                        steps=steps)  # type: ignore[arg-type]


def only(indicator: str, story: Story, as_of: date = date(2026, 6, 30)) -> list[tuple[str | None, Status]]:
    return [(o.agency, o.status) for o in occurrences(indicator, story, as_of=as_of)]


def test_a_written_report_counts_as_attendance_for_a_dtc_agency_R_PI_3() -> None:
    story = meeting_with(invited("housing", "written"))
    assert only("R-PI-3", story) == [("housing", Status.MET)]


def test_a_written_report_is_not_attendance_for_police_scotland_R_PI_4() -> None:
    story = meeting_with(invited("police-scotland", "written"))
    assert only("R-PI-4", story) == [("police-scotland", Status.NOT_MET)]
    assert only("R-PI-3", story) == []


def test_remote_attendance_at_seniority_counts_and_below_seniority_does_not_R_PI_4() -> None:
    assert only("R-PI-4", meeting_with(invited("police-scotland", "remote"))) == [("police-scotland", Status.MET)]
    below = meeting_with(invited("police-scotland", "in-person", at_seniority=False))
    [found] = occurrences("R-PI-4", below)
    assert (found.status, found.detail) == (Status.NOT_MET, "outcome: in-person, not at the agreed seniority")


def test_dtc_attendance_below_the_agreed_seniority_is_an_exception_R_PI_3() -> None:
    assert only("R-PI-3", meeting_with(invited("housing", "in-person", at_seniority=False))) == [
        ("housing", Status.NOT_MET)]


def test_each_dtc_agency_has_its_own_line_with_a_90_percent_target_R_PI_3() -> None:
    story = meeting_with(invited("housing", "in-person"), invited("education", "absent"), invited("sps", "absent"))
    lines = result("R-PI-3", story)
    assert [(line.agency, line.numerator, line.denominator, line.indicator.target, line.met) for line in lines] == [
        ("education", 0, 1, 90, False), ("housing", 1, 1, 90, True)]


def test_community_based_social_work_attends_in_person_or_remotely_R_PI_5() -> None:
    story = meeting_with(invited("social-work", "remote"), invited("police-scotland", "absent"))
    assert only("R-PI-5", story) == [("social-work", Status.MET)]
    assert only("R-PI-5", meeting_with(invited("social-work", "written"))) == [("social-work", Status.NOT_MET)]


def test_an_sps_rmt_custody_meeting_counts_for_police_attendance_R_PI_4() -> None:
    story = Story().referred(date(2026, 4, 1), 2, in_custody=True).meeting(
        MEETING, 2, venue="custody", invitations=[invited("police-scotland", "in-person")])
    assert only("R-PI-4", story) == [("police-scotland", Status.MET)]


def test_a_responsible_authority_contribution_recorded_in_minute_and_rmp_is_met_R_PI_6() -> None:
    story = meeting_with(invited("health", "written"),
                         steps=(step("contribution", date(2026, 5, 6), "health", True, True),))
    assert only("R-PI-6", story) == [("health", Status.MET)]


def test_a_contribution_in_the_minute_only_is_pending_until_the_minute_deadline_then_an_exception_R_PI_6() -> None:
    story = meeting_with(invited("police-scotland", "written"),
                         steps=(step("contribution", date(2026, 5, 6), "police-scotland", True, False),))
    assert only("R-PI-6", story, as_of=DEADLINE) == [("police-scotland", Status.PENDING)]
    [late] = occurrences("R-PI-6", story, as_of=DEADLINE.replace(day=19))
    assert (late.status, late.detail) == (Status.NOT_MET, "written contribution not recorded in the RMP")


def test_the_latest_marking_of_a_contribution_counts_even_after_the_deadline_R_PI_6() -> None:
    story = meeting_with(invited("sps", "written"), steps=(
        step("contribution", date(2026, 5, 6), "sps", True, False),
        step("contribution", date(2026, 6, 1), "sps", True, True),
    ))
    assert only("R-PI-6", story, as_of=date(2026, 5, 31)) == [("sps", Status.NOT_MET)]
    assert only("R-PI-6", story, as_of=date(2026, 6, 1)) == [("sps", Status.MET)]


def test_a_responsible_authority_that_neither_attended_nor_wrote_is_an_exception_R_PI_6() -> None:
    story = meeting_with(invited("social-work", "absent"), invited("police-scotland", "in-person"))
    assert only("R-PI-6", story, as_of=MEETING) == [("social-work", Status.NOT_MET)]


def test_dtc_contributions_are_over_dtc_non_attendance_only_R_PI_7() -> None:
    story = meeting_with(
        invited("housing", "written"), invited("education", "in-person"), invited("police-scotland", "absent"),
        steps=(step("contribution", date(2026, 5, 5), "housing", True, True),),
    )
    assert only("R-PI-7", story) == [("housing", Status.MET)]
    assert only("R-PI-6", story) == [("police-scotland", Status.NOT_MET)]


def test_a_dtc_contribution_recorded_in_neither_place_is_an_exception_after_the_deadline_R_PI_7() -> None:
    story = meeting_with(invited("housing", "written"))
    [found] = occurrences("R-PI-7", story)
    assert found.status is Status.NOT_MET
    assert found.detail == "written contribution not recorded in the minute or the RMP"


def test_invitations_belong_to_the_period_the_meeting_was_held_in_R_PI_3() -> None:
    story = meeting_with(invited("housing", "absent"))
    assert occurrences("R-PI-3", story, period=quarter(2026, 2)) == []
    assert len(occurrences("R-PI-3", story, period=quarter(2026, 1))) == 1


def test_a_meeting_after_the_as_of_date_is_not_counted_R_PI_4() -> None:
    story = meeting_with(invited("police-scotland", "absent"))
    assert only("R-PI-4", story, as_of=date(2026, 5, 3)) == []
