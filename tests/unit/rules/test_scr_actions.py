"""SCR actions, R-REM-5 / R-SCR-1 (domain/rules/scr_actions.py): given an SCR's changes, its obligations."""

from __future__ import annotations

from datetime import date, timedelta

from domain.rules.obligation import Judgement, Obligation, Verdict
from domain.rules.scr_actions import ActionObligation, ScrChange, action_obligations

DUE = date(2026, 10, 30)


def assigned(action: str = "A-1", recommendation: str = "R-1", due_on: date = DUE, position: int = 1) -> ScrChange:
    return ScrChange(position, date(2026, 6, 1), "action", action, recommendation, due_on)


def progressed(on: date, action: str = "A-1", completed: bool = True, position: int = 5) -> ScrChange:
    return ScrChange(position, on, "progressed", action, completed=completed)


def closed(on: date, recommendation: str = "R-1", position: int = 6) -> ScrChange:
    return ScrChange(position, on, "recommendation-closed", recommendation=recommendation)


def test_each_action_is_due_on_its_due_date_R_REM_5_R_SCR_1() -> None:
    assert action_obligations([assigned()]) == [ActionObligation("A-1", Obligation("R-REM-5", DUE, DUE))]


def test_an_action_completed_on_its_due_date_is_met_on_time_R_REM_5() -> None:
    [found] = action_obligations([assigned(), progressed(DUE)])
    assert found.obligation == Obligation("R-REM-5", DUE, DUE, met_on=DUE, met_by="completed")
    assert found.obligation.judge(DUE) == Judgement(Verdict.MET)


def test_an_action_completed_the_day_after_is_one_day_late_R_REM_5() -> None:
    [found] = action_obligations([assigned(), progressed(DUE + timedelta(days=1))])
    assert found.obligation.judge(DUE + timedelta(days=30)) == Judgement(Verdict.NOT_MET, 1)


def test_progress_short_of_completion_does_not_meet_it_R_REM_5() -> None:
    [found] = action_obligations([assigned(), progressed(DUE, completed=False)])
    assert found.obligation.met_on is None


def test_closing_a_recommendation_meets_its_open_actions_only_R_REM_5() -> None:
    changes = [assigned("A-1"), assigned("A-2", position=2), assigned("A-3", "R-2", position=3),
               progressed(date(2026, 7, 1), "A-2", position=4), closed(date(2026, 8, 1))]
    found = {f.action: f.obligation for f in action_obligations(changes)}
    assert (found["A-1"].met_on, found["A-1"].met_by) == (date(2026, 8, 1), "recommendation R-1 closed")
    assert (found["A-2"].met_on, found["A-2"].met_by) == (date(2026, 7, 1), "completed")
    assert found["A-3"].met_on is None


def test_an_action_assigned_again_owes_a_new_obligation_for_its_new_due_date_R_REM_5() -> None:
    later = DUE + timedelta(days=30)
    found = action_obligations([assigned(), assigned(due_on=later, position=2), progressed(later)])
    assert [f.obligation for f in found] == [Obligation("R-REM-5", DUE, DUE),
                                             Obligation("R-REM-5", later, later, met_on=later, met_by="completed")]


def test_actions_are_listed_in_business_date_order_whatever_order_they_were_recorded_R_REM_5_R_CAL_1() -> None:
    later = ScrChange(1, date(2026, 6, 2), "action", "A-1", "R-1", DUE)
    earlier = ScrChange(2, date(2026, 6, 1), "action", "A-2", "R-1", DUE + timedelta(days=1))
    assert [f.action for f in action_obligations([later, earlier])] == ["A-2", "A-1"]


def test_only_an_assignment_starts_an_action_whatever_date_other_changes_carry_R_REM_5() -> None:
    dated = ScrChange(5, DUE, "progressed", "A-1", "R-1", DUE + timedelta(days=30), completed=False)
    assert action_obligations([assigned(), dated]) == [ActionObligation("A-1", Obligation("R-REM-5", DUE, DUE))]
