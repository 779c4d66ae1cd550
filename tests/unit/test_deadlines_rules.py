"""The deadline rules of RULES §9, folded from facts with no database (R-REM-1 to R-REM-5)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from domain.calendar import WorkingDayCalendar
from projections.deadlines.case_rules import case_deadlines
from projections.deadlines.item_rules import isp_deadlines, meeting_deadlines, scr_deadlines
from projections.deadlines.model import Deadline, Fact, Kind, Status, deadline_id

D = date(2026, 5, 4)  # a Monday


class Facts:
    """Facts of one subject, positioned in the order they are added."""

    def __init__(self, subject: str = "case-1") -> None:
        self.subject = subject
        self.items: list[Fact] = []

    def add(self, kind: str, on: date, **fields: object) -> Facts:
        self.items.append(Fact(self.subject, len(self.items) + 1, on, kind, **fields))  # type: ignore[arg-type]
        return self

    def referred(self, on: date = D, level: int = 3, in_custody: bool = False,
                 release_on: date | None = None) -> Facts:
        return self.add("referred", on, level=level, flag=in_custody, on_date=release_on)

    def meeting(self, on: date, level: int = 3, kind: str = "review", venue: str = "community") -> Facts:
        return self.add("meeting", on, level=level, ref=kind, ref2=venue)


def of_kind(deadlines: list[Deadline], kind: Kind) -> list[Deadline]:
    return sorted((d for d in deadlines if d.kind is kind), key=lambda d: (d.basis, d.due_on))


def test_a_level_3_case_in_the_community_has_a_review_due_42_days_after_referral_R_REM_1() -> None:
    [review] = of_kind(case_deadlines("case-1", Facts().referred().items), Kind.LEVEL_3_REVIEW)
    assert (review.basis, review.due_on, review.status, review.rule) == (D, D + timedelta(42), Status.OPEN, "R-REM-1")


def test_a_level_3_meeting_on_day_42_meets_the_review_and_restarts_the_clock_R_REM_1() -> None:
    facts = Facts().referred().meeting(D + timedelta(42)).items
    first, second = of_kind(case_deadlines("case-1", facts), Kind.LEVEL_3_REVIEW)
    assert (first.status, first.closed_on) == (Status.MET, D + timedelta(42))
    assert (second.basis, second.due_on, second.status) == (D + timedelta(42), D + timedelta(84), Status.OPEN)


def test_a_review_not_held_by_day_42_stays_open_until_the_late_meeting_meets_it_R_REM_1() -> None:
    open_ = of_kind(case_deadlines("case-1", Facts().referred().items), Kind.LEVEL_3_REVIEW)[0]
    late = of_kind(case_deadlines("case-1", Facts().referred().meeting(D + timedelta(43)).items),
                   Kind.LEVEL_3_REVIEW)[0]
    assert open_.status is Status.OPEN
    assert (late.id, late.status, late.closed_on) == (open_.id, Status.MET, D + timedelta(43))


def test_a_meeting_on_the_day_the_clock_started_does_not_close_that_review_R_REM_1() -> None:
    [review] = of_kind(case_deadlines("case-1", Facts().referred().meeting(D, kind="initial").items),
                       Kind.LEVEL_3_REVIEW)
    assert (review.basis, review.status) == (D, Status.OPEN)


def test_a_level_2_case_has_a_review_due_84_days_after_its_start_and_level_3_meetings_do_not_meet_it_R_REM_1() -> None:
    facts = Facts().referred(level=2).meeting(D + timedelta(10), level=3).items
    [review] = of_kind(case_deadlines("case-1", facts), Kind.LEVEL_2_REVIEW)
    assert (review.due_on, review.status) == (D + timedelta(84), Status.OPEN)
    assert of_kind(case_deadlines("case-1", facts), Kind.LEVEL_3_REVIEW) == []


def test_a_change_of_level_withdraws_the_review_and_starts_the_other_levels_clock_R_REM_1() -> None:
    facts = Facts().referred().add("level", D + timedelta(20), level=2).items
    found = case_deadlines("case-1", facts)
    [l3] = of_kind(found, Kind.LEVEL_3_REVIEW)
    [l2] = of_kind(found, Kind.LEVEL_2_REVIEW)
    assert (l3.status, l3.closed_on, l3.reason) == (
        Status.WITHDRAWN, D + timedelta(20), "level changed to 2 on 2026-05-24")
    assert (l2.basis, l2.due_on, l2.status) == (D + timedelta(20), D + timedelta(104), Status.OPEN)


def test_a_meeting_that_decided_a_change_of_level_on_the_same_day_meets_the_review_R_REM_1() -> None:
    change_day = D + timedelta(30)
    facts = Facts().referred().add("level", change_day, level=2).meeting(change_day).items  # meeting recorded after
    first = of_kind(case_deadlines("case-1", facts), Kind.LEVEL_3_REVIEW)[0]
    assert (first.status, first.closed_on) == (Status.MET, change_day)


def test_custody_withdraws_the_review_and_release_restarts_it_R_REM_1() -> None:
    facts = Facts().referred().add("recalled", D + timedelta(5), flag=True).add("released", D + timedelta(60)).items
    first, second = of_kind(case_deadlines("case-1", facts), Kind.LEVEL_3_REVIEW)
    assert (first.status, first.reason) == (Status.WITHDRAWN, "recalled to custody on 2026-05-09")
    assert (second.basis, second.due_on, second.status) == (D + timedelta(60), D + timedelta(102), Status.OPEN)


def test_an_archive_withdraws_every_open_review_R_REM_1() -> None:
    facts = Facts().referred().add("archived", D + timedelta(3)).items
    [review] = case_deadlines("case-1", facts)
    assert (review.status, review.reason) == (Status.WITHDRAWN, "archived on 2026-05-07")


def test_the_deadlines_do_not_depend_on_the_order_the_events_were_recorded_in_R_CAL_1() -> None:
    facts = (Facts().referred().meeting(D + timedelta(40)).add("level", D + timedelta(50), level=2)
             .add("recalled", D + timedelta(70), flag=True).add("released", D + timedelta(90)).items)
    expected = sorted(case_deadlines("case-1", facts), key=lambda d: str(d.id))
    for seed in range(5):
        shuffled = facts[:]
        random.Random(seed).shuffle(shuffled)
        renumbered = [f._replace(position=i + 1) for i, f in enumerate(shuffled)]
        assert sorted(case_deadlines("case-1", renumbered), key=lambda d: str(d.id)) == expected


RELEASE = date(2026, 9, 1)


def pre_release(facts: Facts) -> list[Deadline]:
    return of_kind(case_deadlines("case-1", facts.items), Kind.PRE_RELEASE_MEETING)


def test_a_level_3_case_in_custody_with_a_release_date_needs_an_initial_meeting_28_days_before_R_REM_2() -> None:
    [deadline] = pre_release(Facts().referred(in_custody=True, release_on=RELEASE))
    assert (deadline.due_on, deadline.basis, deadline.status, deadline.rule) == (
        RELEASE - timedelta(28), RELEASE, Status.OPEN, "R-REM-2")


def test_a_new_release_date_moves_the_one_deadline_of_the_custody_spell_keeping_its_id_R_REM_2() -> None:
    first = pre_release(Facts().referred(in_custody=True, release_on=RELEASE))
    facts = Facts().referred(in_custody=True, release_on=RELEASE).add("release-date", D + timedelta(7),
                                                                       on_date=RELEASE + timedelta(14))
    [moved] = pre_release(facts)
    assert (moved.due_on, moved.status, moved.basis) == (RELEASE + timedelta(14 - 28), Status.OPEN, RELEASE)
    assert moved.id == first[0].id


def test_a_release_date_moved_after_the_meeting_leaves_one_met_deadline_R_REM_2() -> None:
    facts = Facts().referred(in_custody=True, release_on=RELEASE).meeting(D + timedelta(3), kind="initial").add(
        "release-date", D + timedelta(7), on_date=RELEASE + timedelta(14))
    [deadline] = pre_release(facts)
    assert (deadline.status, deadline.closed_on, deadline.due_on) == (
        Status.MET, D + timedelta(3), RELEASE - timedelta(28))


def test_an_initial_level_3_community_meeting_in_the_custody_spell_meets_it_even_if_held_first_R_REM_2() -> None:
    facts = Facts().referred(in_custody=True).meeting(D + timedelta(3), kind="initial").add(
        "release-date", D + timedelta(7), on_date=RELEASE)
    [deadline] = pre_release(facts)
    assert (deadline.status, deadline.closed_on) == (Status.MET, D + timedelta(3))


def test_a_review_meeting_or_a_custody_venue_meeting_does_not_meet_it_R_REM_2() -> None:
    facts = Facts().referred(in_custody=True, release_on=RELEASE).meeting(D + timedelta(3), kind="review")
    facts.meeting(D + timedelta(4), kind="initial", venue="custody")
    assert pre_release(facts)[0].status is Status.OPEN


def test_release_without_the_meeting_withdraws_it_with_the_reason_R_REM_2() -> None:
    [deadline] = pre_release(Facts().referred(in_custody=True, release_on=RELEASE).add("released", RELEASE))
    assert (deadline.status, deadline.closed_on, deadline.reason) == (
        Status.WITHDRAWN, RELEASE, "released on 2026-09-01 with no initial Level 3 meeting held")


def test_a_level_2_case_in_custody_has_no_pre_release_deadline_until_it_becomes_level_3_R_REM_2() -> None:
    facts = Facts().referred(level=2, in_custody=True, release_on=RELEASE)
    assert pre_release(facts) == []
    facts.add("level", D + timedelta(10), level=3)
    assert [d.status for d in pre_release(facts)] == [Status.OPEN]
    facts.add("level", D + timedelta(11), level=2)
    assert [(d.status, d.reason) for d in pre_release(facts)] == [
        (Status.WITHDRAWN, "level changed to 2 on 2026-05-15")]


def test_the_minute_and_rmp_are_due_on_the_10th_working_day_across_christmas_R_REM_3() -> None:
    held = date(2026, 12, 18)  # Friday. Holidays: Fri 25, Mon 28 (for Sat 26), Fri 1 and Mon 4 (for Sat 2 January)
    facts = Facts("meeting-1").add("held", held, level=2).items
    [deadline] = meeting_deadlines("meeting-1", facts, WorkingDayCalendar())
    assert deadline.due_on == WorkingDayCalendar().nth_working_day_after(held, 10)
    assert deadline.due_on == date(2027, 1, 7)  # 21-24, 29-31 December, 5-7 January


def test_a_local_closure_day_moves_the_minute_deadline_R_CAL_3_R_REM_3() -> None:
    facts = Facts("meeting-1").add("held", D, level=2).items
    [plain] = meeting_deadlines("meeting-1", facts, WorkingDayCalendar())
    [closed] = meeting_deadlines("meeting-1", facts, WorkingDayCalendar([D + timedelta(1)]))
    assert closed.due_on == plain.due_on + timedelta(1)
    assert closed.id == plain.id


def test_the_minute_deadline_is_met_only_when_the_minute_is_ratified_and_the_rmp_updated_R_REM_3() -> None:
    facts = Facts("meeting-1").add("held", D, level=3).add("minute-ratified", D + timedelta(5))
    assert meeting_deadlines("meeting-1", facts.items, WorkingDayCalendar())[0].status is Status.OPEN
    facts.add("rmp-updated", D + timedelta(3))
    [deadline] = meeting_deadlines("meeting-1", facts.items, WorkingDayCalendar())
    assert (deadline.status, deadline.closed_on) == (Status.MET, D + timedelta(5))


def test_each_isp_period_needs_a_renewal_by_its_last_day_which_the_renewal_meets_R_REM_4() -> None:
    end1, end2 = date(2026, 8, 3), date(2026, 11, 3)
    facts = Facts("isp-1").add("approved", D, on_date=D, until=end1)
    [first] = isp_deadlines("isp-1", facts.items)
    assert (first.due_on, first.status, first.rule) == (end1, Status.OPEN, "R-REM-4")
    facts.add("renewed", date(2026, 8, 10), on_date=end1 + timedelta(1), until=end2)
    first, second = sorted(isp_deadlines("isp-1", facts.items), key=lambda d: d.due_on)
    assert (first.status, first.closed_on) == (Status.MET, date(2026, 8, 10))
    assert (second.due_on, second.status) == (end2, Status.OPEN)
    facts.add("ended", date(2026, 9, 1))
    assert sorted(isp_deadlines("isp-1", facts.items), key=lambda d: d.due_on)[1].status is Status.WITHDRAWN


def test_an_scr_action_is_met_by_completion_or_by_its_recommendation_closing_R_REM_5() -> None:
    facts = (Facts("scr-1").add("action", D, on_date=D + timedelta(30), ref="A1", ref2="R1")
             .add("action", D, on_date=D + timedelta(60), ref="A2", ref2="R2")
             .add("progressed", D + timedelta(10), ref="A1", flag=False)
             .add("progressed", D + timedelta(20), ref="A1", flag=True)
             .add("recommendation-closed", D + timedelta(25), ref2="R2"))
    a1, a2 = sorted(scr_deadlines("scr-1", facts.items), key=lambda d: d.item)
    assert (a1.status, a1.closed_on, a1.reason) == (Status.MET, D + timedelta(20), "completed")
    assert (a2.status, a2.closed_on, a2.reason) == (Status.MET, D + timedelta(25), "recommendation R2 closed")
    assert (a1.due_on, a1.rule, a1.id != a2.id) == (D + timedelta(30), "R-REM-5", True)


def test_a_deadline_id_depends_only_on_kind_subject_and_basis() -> None:
    assert deadline_id("level-3-review", "case-1", D) == deadline_id("level-3-review", "case-1", D)
    assert deadline_id("level-3-review", "case-1", D) != deadline_id("level-3-review", "case-1", D + timedelta(1))
    assert deadline_id("level-3-review", "case-1", D) != deadline_id("level-2-review", "case-1", D)


def test_a_deadlines_row_id_is_the_text_of_its_uuid5() -> None:
    [review] = case_deadlines("case-1", Facts().referred().items)
    assert review.id == str(deadline_id("level-3-review", "case-1", D))
    [action] = scr_deadlines("scr-1", Facts("scr-1").add("action", D, on_date=D, ref="A1", ref2="R1").items)
    assert action.id == str(deadline_id("scr-action", "scr-1/A1", D))


def test_an_initial_meeting_on_the_day_of_a_recall_meets_the_new_spells_deadline_as_r_pi_8_counts_it_R_REM_2() -> None:
    recalled = D + timedelta(10)
    facts = (Facts().referred(level=3).add("recalled", recalled, flag=True).meeting(recalled, kind="initial")
             .add("release-date", recalled + timedelta(1), on_date=RELEASE))
    [deadline] = pre_release(facts)
    assert (deadline.status, deadline.closed_on) == (Status.MET, recalled)


def test_a_case_reopened_in_custody_keeps_its_release_date_and_its_pre_release_deadline_arises_R_REM_2() -> None:
    archived, reopened = D + timedelta(5), D + timedelta(9)
    facts = (Facts().referred(in_custody=True, release_on=RELEASE).add("archived", archived)
             .add("reopened", reopened, level=3, flag=True))
    [deadline] = pre_release(facts)  # withdrawn by the archive, open again: the same release date, the same id
    assert (deadline.status, deadline.basis, deadline.due_on) == (Status.OPEN, RELEASE, RELEASE - timedelta(28))
