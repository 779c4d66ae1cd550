"""Reminders in the domain: stable ids, stages that come in good time, and refusals that name the rule."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.calendar import WorkingDayCalendar
from domain.errors import DomainError, LifecycleError
from domain.event import Stamp
from domain.reminder import (
    CANCELLED,
    DELIVERED,
    FAILED,
    Reminder,
    ReminderRequest,
    message_id,
    reminder_id,
)
from domain.reminder_stage import COORDINATOR, SOG_CHAIR, Stage, StagePlan, offset_of

PLAN = StagePlan.parse("default=-14,-7,0,+1,+7!;minute-and-rmp=-5,0,+3!")
CALENDAR = WorkingDayCalendar()


def _stamp(today: date = date(2026, 12, 1)) -> Stamp:
    return Stamp("scheduler", "cmd-1", datetime(2026, 12, 1, 9, tzinfo=UTC), today)


def _request(stage: str = "due", comes_on: date = date(2026, 12, 1), **changes: object) -> ReminderRequest:
    fields: dict[str, object] = dict(
        deadline_id="d-1", kind="level-3-review", stage=stage, due_on=date(2026, 12, 1), comes_on=comes_on,
        area="north", subject_ref="N-0001", rule="R-REM-1", recipients=(COORDINATOR,),
    )
    fields.update(changes)
    return ReminderRequest(**fields)  # type: ignore[arg-type]


def test_a_reminder_id_depends_only_on_deadline_stage_and_due_date_R_REM_1() -> None:
    first = reminder_id("d-1", "due", date(2026, 12, 1))
    assert first == reminder_id("d-1", "due", date(2026, 12, 1))
    assert first != reminder_id("d-1", "due", date(2026, 12, 2))  # a moved deadline: a new reminder
    assert first != reminder_id("d-1", "before-7d", date(2026, 12, 1))
    assert first != reminder_id("d-2", "due", date(2026, 12, 1))
    assert _request().reminder_id == first


def test_every_delivery_of_a_reminder_carries_the_same_message_id() -> None:
    rid = reminder_id("d-1", "due", date(2026, 12, 1))
    assert message_id(rid) == f"<reminder-{rid}@mappa-flow>"


def test_stage_names_are_stable_and_escalations_go_to_the_sog_chair_R_REM_7() -> None:
    assert [s.name for s in PLAN.stages_for("level-3-review")] == [
        "before-14d", "before-7d", "due", "overdue-1d", "escalation-7d"]
    assert Stage(7, escalate=True).recipients == (COORDINATOR, SOG_CHAIR)
    assert Stage(1).recipients == (COORDINATOR,)
    assert [s.name for s in PLAN.stages_for("minute-and-rmp")] == ["before-5d", "due", "escalation-3d"]


def test_only_the_latest_stage_that_has_come_is_due_R_REM_1() -> None:
    due = date(2026, 12, 16)  # a Wednesday
    assert PLAN.current_stage("level-3-review", due, date(2026, 12, 1), CALENDAR) is None
    assert PLAN.current_stage("level-3-review", due, date(2026, 12, 2), CALENDAR) == Stage(-14)
    assert PLAN.current_stage("level-3-review", due, date(2026, 12, 16), CALENDAR) == Stage(0)
    assert PLAN.current_stage("level-3-review", due, date(2027, 3, 1), CALENDAR) == Stage(7, escalate=True)


def test_a_stage_before_the_due_date_on_a_bank_holiday_comes_on_the_working_day_before_R_CAL_3() -> None:
    # Due Monday 4 January 2027: itself the substitute for the 2 January holiday (a Saturday); 1 January is a
    # holiday too, so "due" comes on Thursday 31 December.
    due = date(2027, 1, 4)
    assert Stage(0).comes_on(due, CALENDAR) == date(2026, 12, 31)
    assert Stage(-7).comes_on(due, CALENDAR) == date(2026, 12, 24)  # 28 Dec is the Boxing Day substitute
    assert Stage(1).comes_on(due, CALENDAR) == date(2027, 1, 5)  # overdue is never postponed


def test_a_local_closure_day_moves_a_stage_earlier_too_R_CAL_3() -> None:
    due = date(2026, 6, 10)  # a Wednesday
    closed = WorkingDayCalendar({date(2026, 6, 10), date(2026, 6, 9)})
    assert Stage(0).comes_on(due, closed) == date(2026, 6, 8)


@pytest.mark.parametrize("text, fragment", [
    ("default=-14,x", "'x' is not a day offset"),
    ("default=-14,-14", "listed twice"),
    ("default=0!", "must come after the due date"),
    ("Level 3=0", "each part is kind=offsets"),
    ("default=-500", "more than 366 days"),
    ("default=0;default=1", "kind default is listed twice"),
])
def test_bad_stage_settings_are_refused_naming_the_part_R_REM(text: str, fragment: str) -> None:
    with pytest.raises(DomainError, match=fragment) as caught:
        StagePlan.parse(text)
    assert caught.value.field == "reminder_stages"
    assert caught.value.rule in ("R-REM", "R-REM-7")


def test_a_misspelt_kind_of_deadline_is_refused_when_the_kinds_are_known_R_REM() -> None:
    kinds = ["level-3-review", "minute-and-rmp"]
    assert StagePlan.parse("default=-7,0;minute-and-rmp=-5,0,+3!", known_kinds=kinds).stages_for(
        "minute-and-rmp") == (Stage(-5), Stage(0), Stage(3, escalate=True))
    with pytest.raises(DomainError, match="no kind of deadline called minutes-rmp") as caught:
        StagePlan.parse("default=-7,0;minutes-rmp=-5,0", known_kinds=kinds)
    assert (caught.value.field, caught.value.value, caught.value.rule) == (
        "reminder_stages", "minutes-rmp=-5,0", "R-REM")


def test_a_plan_without_a_default_gets_the_standard_one() -> None:
    plan = StagePlan.parse("scr-action=-28,0")
    assert [s.name for s in plan.stages_for("level-2-review")] == [
        "before-14d", "before-7d", "due", "overdue-1d", "escalation-7d"]
    assert plan.longest_lead_days == 28


def test_raising_records_who_is_reminded_and_of_what_R_REM_1() -> None:
    reminder = Reminder.raise_for(_request(), _stamp())
    [raised] = reminder.collect_events()
    assert isinstance(raised, Reminder.Raised)
    assert (raised.deadline_id, raised.stage, raised.due_on, raised.rule) == ("d-1", "due", date(2026, 12, 1),
                                                                            "R-REM-1")
    assert raised.recipients == [COORDINATOR]
    assert raised.occurred_on == date(2026, 12, 1)
    assert reminder.id == reminder_id("d-1", "due", date(2026, 12, 1))


def test_a_stage_that_has_not_come_is_refused_R_REM() -> None:
    with pytest.raises(DomainError, match="after today") as caught:
        Reminder.raise_for(_request(comes_on=date(2026, 12, 2)), _stamp())
    assert (caught.value.field, caught.value.rule) == ("comes_on", "R-REM")


def test_a_reminder_to_an_unknown_role_is_refused_R_REM_7() -> None:
    with pytest.raises(DomainError, match="coordinator") as caught:
        Reminder.raise_for(_request(recipients=("chief-constable",)), _stamp())
    assert caught.value.field == "recipients"


def test_each_delivery_attempt_is_recorded_in_order() -> None:
    reminder = Reminder.raise_for(_request(), _stamp())
    retry_at = datetime(2026, 12, 1, 9, 1, tzinfo=UTC)
    reminder.record_failure("email", "connection refused", retry_at, _stamp())
    assert (reminder.status, reminder.attempts) == (FAILED, 1)
    reminder.record_delivery("email", message_id(reminder.id), ["c@example.org"], _stamp())
    reminder.record_delivery("email", message_id(reminder.id), ["c@example.org"], _stamp())  # a repeat
    assert (reminder.status, reminder.attempts) == (DELIVERED, 3)
    events = reminder.collect_events()
    assert [type(e).__name__ for e in events] == ["Raised", "DeliveryFailed", "Delivered", "Delivered"]
    assert events[1].next_attempt_at == retry_at


def test_a_failure_reason_is_kept_short() -> None:
    reminder = Reminder.raise_for(_request(), _stamp())
    reminder.record_failure("email", "x" * 1000, datetime(2026, 12, 2, tzinfo=UTC), _stamp())
    assert len(reminder.collect_events()[-1].reason) == 300


def test_a_delivered_reminder_cannot_be_cancelled_but_a_waiting_one_can() -> None:
    delivered = Reminder.raise_for(_request(), _stamp())
    delivered.record_delivery("email", "<m>", ["c@example.org"], _stamp())
    with pytest.raises(LifecycleError, match="already delivered"):
        delivered.cancel("met", _stamp())
    waiting = Reminder.raise_for(_request(stage="before-7d"), _stamp())
    waiting.cancel("moved", _stamp())
    assert waiting.status == CANCELLED
    with pytest.raises(DomainError, match="reason is one of"):
        Reminder.raise_for(_request(stage="x"), _stamp()).cancel("bored", _stamp())


def test_a_next_attempt_without_a_time_zone_is_refused() -> None:
    reminder = Reminder.raise_for(_request(), _stamp())
    with pytest.raises(DomainError, match="time zone"):
        reminder.record_failure("email", "timeout", datetime(2026, 12, 2) + timedelta(hours=1), _stamp())


@pytest.mark.parametrize("stage", [Stage(-14), Stage(-1), Stage(0), Stage(1), Stage(7, escalate=True)])
def test_a_stage_name_gives_back_its_offset_so_stages_can_be_ordered_in_the_view(stage: Stage) -> None:
    assert offset_of(stage.name) == stage.offset_days
