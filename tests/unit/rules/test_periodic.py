"""An area's periodic duties, R-REM-6 (domain/rules/periodic.py): given its registration, a date and its own
records (audits, SOG reviews, annual reports), the obligations of each period."""

from __future__ import annotations

from datetime import date, timedelta

from domain.rules.obligation import Judgement, Obligation, Verdict
from domain.rules.periodic import Duty, OversightRecord, PeriodicObligation, periodic_obligations

REGISTERED = date(2026, 5, 4)  # in 2026-27 Q1
Q1_END = date(2026, 6, 30)
Q2_END = date(2026, 9, 30)


def of(found: list[PeriodicObligation], duty: Duty) -> dict[str, Obligation]:
    return {f.period.label: f.obligation for f in found if f.duty is duty}


def obligations(through: date, *records: OversightRecord) -> list[PeriodicObligation]:
    return periodic_obligations(REGISTERED, through, records)


def test_each_quarter_and_year_from_registration_owes_its_duties_R_REM_6() -> None:
    found = obligations(date(2026, 8, 1))
    assert of(found, Duty.MEETING_AUDIT) == {"2026-27-Q1": Obligation("R-REM-6", date(2026, 4, 1), Q1_END),
                                             "2026-27-Q2": Obligation("R-REM-6", date(2026, 7, 1), Q2_END)}
    assert set(of(found, Duty.SOG_REVIEW)) == {"2026-27-Q1", "2026-27-Q2"}
    assert of(found, Duty.CASE_AUDIT) == {"2026-27": Obligation("R-REM-6", date(2026, 4, 1), date(2027, 3, 31))}
    assert of(found, Duty.ANNUAL_REPORT) == {}


def test_a_meeting_audit_on_the_quarters_last_day_meets_that_quarter_on_time_R_REM_6() -> None:
    met = of(obligations(date(2026, 8, 1), OversightRecord("audit", Q1_END, "meeting")), Duty.MEETING_AUDIT)
    assert met["2026-27-Q1"].met_on == Q1_END and met["2026-27-Q1"].judge(Q1_END) == Judgement(Verdict.MET)
    assert met["2026-27-Q2"].met_on is None


def test_a_meeting_audit_the_day_after_meets_the_next_quarter_not_the_last_R_REM_6() -> None:
    day_after = Q1_END + timedelta(days=1)
    met = of(obligations(date(2026, 8, 1), OversightRecord("audit", day_after, "meeting")), Duty.MEETING_AUDIT)
    assert met["2026-27-Q1"].met_on is None and met["2026-27-Q2"].met_on == day_after


def test_a_case_audit_meets_only_the_annual_case_audit_R_REM_6_R_AUD_1() -> None:
    found = obligations(date(2026, 8, 1), OversightRecord("audit", date(2026, 6, 1), "case"))
    assert of(found, Duty.CASE_AUDIT)["2026-27"].met_on == date(2026, 6, 1)
    assert of(found, Duty.MEETING_AUDIT)["2026-27-Q1"].met_on is None


def test_a_sog_review_counts_for_the_quarter_it_was_held_in_though_recorded_later_R_REM_6() -> None:
    review = OversightRecord("sog-review", date(2026, 7, 3), on_date=Q1_END)
    met = of(obligations(date(2026, 8, 1), review), Duty.SOG_REVIEW)
    assert met["2026-27-Q1"].met_on == date(2026, 7, 3) and met["2026-27-Q2"].met_on is None


def test_the_annual_report_is_owed_once_the_year_ends_due_31_october_R_REM_6() -> None:
    assert of(obligations(date(2027, 3, 31)), Duty.ANNUAL_REPORT) == {}
    published = OversightRecord("annual-report", date(2027, 10, 31), "2026-27")
    report = of(obligations(date(2027, 11, 1), published), Duty.ANNUAL_REPORT)["2026-27"]
    assert report == Obligation("R-REM-6", date(2026, 4, 1), date(2027, 10, 31), met_on=date(2027, 10, 31))


def test_an_unmet_duty_is_stopped_as_missed_once_the_next_one_has_fallen_due_R_REM_6() -> None:
    assert of(obligations(Q2_END), Duty.MEETING_AUDIT)["2026-27-Q1"].stopped_on is None
    missed = of(obligations(Q2_END + timedelta(days=1)), Duty.MEETING_AUDIT)["2026-27-Q1"]
    assert (missed.stopped_on, missed.why_stopped) == (Q2_END, "missed: superseded by 2026-27-Q2's, due since "
                                                               "2026-09-30")
    assert missed.judge(Q2_END) == Judgement(Verdict.NOT_MET, (Q2_END - Q1_END).days)


def test_a_met_duty_is_never_stopped_R_REM_6() -> None:
    met = of(obligations(date(2027, 1, 1), OversightRecord("audit", Q1_END, "meeting")), Duty.MEETING_AUDIT)
    assert met["2026-27-Q1"].stopped_on is None


def test_a_quarter_and_a_year_are_owed_from_their_first_day_R_REM_6() -> None:
    assert "2026-27-Q2" in of(obligations(date(2026, 7, 1)), Duty.MEETING_AUDIT)
    assert "2027-28" in of(obligations(date(2027, 4, 1)), Duty.CASE_AUDIT)


def test_a_years_report_is_met_only_by_its_own_and_missed_once_the_next_falls_due_R_REM_6() -> None:
    published = OversightRecord("annual-report", date(2028, 10, 1), "2027-28")
    reports = of(obligations(date(2028, 11, 1), published), Duty.ANNUAL_REPORT)
    assert reports == {
        "2026-27": Obligation("R-REM-6", date(2026, 4, 1), date(2027, 10, 31), stopped_on=date(2028, 10, 31),
                              why_stopped="missed: superseded by 2027-28's, due since 2028-10-31"),
        "2027-28": Obligation("R-REM-6", date(2027, 4, 1), date(2028, 10, 31), met_on=date(2028, 10, 1)),
    }
