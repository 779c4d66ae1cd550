"""The sweep on every event store: each due stage recorded exactly once, stopping when deadlines are met or move."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from eventsourcing.persistence import IntegrityError

from domain.errors import DomainError, LifecycleError, ReminderNotFoundError
from domain.event import Stamp
from domain.reminder import Reminder, ReminderRequest, message_id, reminder_id
from mappa_flow.bootstrap import Mappa, bootstrap
from mappa_flow.clock import FixedClock
from mappa_flow.commands import isp as i
from mappa_flow.commands import oversight as o
from mappa_flow.commands import scr as s
from mappa_flow.reminders import ALREADY_RECORDED, RECORDED
from mappa_flow.settings import Settings
from projections.deadlines.tables import deadline_table
from tests import reminder_world as w


def _case_raised(app: Mappa, kind: str = "level-3-review") -> list[tuple[str, str, date]]:
    return [(e.subject_ref, e.stage, e.due_on) for e in w.reminder_events(app) if e.kind == kind]


def _request(app: Mappa, stage: str = "due") -> ReminderRequest:
    return ReminderRequest(deadline_id="d-test", kind="level-3-review", stage=stage, due_on=date(2026, 11, 20),
                           comes_on=date(2026, 11, 20), area="north", subject_ref="N-0001", rule="R-REM-1",
                           recipients=("coordinator",), case_reference="N-0001")


def test_raising_the_same_reminder_twice_records_it_once_R_REM_1(app: Mappa) -> None:
    assert app.raise_reminder(_request(app)) == RECORDED
    before = app.max_notification_id()
    assert app.raise_reminder(_request(app)) == ALREADY_RECORDED
    assert app.raise_reminders([_request(app), _request(app)]) == 0
    assert app.max_notification_id() == before
    assert len(w.reminder_events(app)) == 1


def test_reminders_raised_at_once_by_several_processes_are_recorded_once_R_REM_1(
        store: Settings, clock: FixedClock) -> None:
    apps = [bootstrap(store, clock) for _ in range(4)]
    requests = [_request(apps[0], stage) for stage in ("before-14d", "before-7d", "due", "overdue-1d")]
    results: list[int] = []
    barrier = threading.Barrier(len(apps))

    def raise_all(app: Mappa) -> None:
        barrier.wait()
        results.append(app.raise_reminders(requests))

    threads = [threading.Thread(target=raise_all, args=(app,)) for app in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == 4
    assert sorted(e.stage for e in w.reminder_events(apps[0])) == sorted(r.stage for r in requests)
    for app in apps:
        app.close()


def test_a_sweep_records_the_stage_that_has_come_once_and_a_second_sweep_records_nothing_R_REM_1(
        app: Mappa, store: Settings, clock: FixedClock) -> None:
    w.area(app)
    w.refer(app, "N-0001", date(2026, 10, 20))  # Level 3 in the community: review due 1 December
    views = w.projector(store, app)
    first = w.cycle(app, views, clock).run_once()
    assert _case_raised(app) == [("N-0001", "before-14d", date(2026, 12, 1))]
    assert first.swept is not None and first.swept.recorded >= 1
    second = w.cycle(app, views, clock).run_once()
    assert second.swept is not None and second.swept.recorded == 0
    assert _case_raised(app) == [("N-0001", "before-14d", date(2026, 12, 1))]


def test_each_stage_comes_in_turn_and_escalation_goes_to_the_sog_chair_R_REM_1_R_REM_7(
        app: Mappa, store: Settings, clock: FixedClock) -> None:
    w.area(app)
    w.refer(app, "N-0001", date(2026, 10, 20))
    views = w.projector(store, app)
    for day in (20, 24, 25, 30):
        clock.set(datetime(2026, 11, day, 9, tzinfo=UTC))
        w.cycle(app, views, clock).run_once()
    for day in (1, 2, 3, 8, 9):
        clock.set(datetime(2026, 12, day, 9, tzinfo=UTC))
        w.cycle(app, views, clock).run_once()
    raised = [e for e in w.reminder_events(app) if e.kind == "level-3-review"]
    assert [e.stage for e in raised] == ["before-14d", "before-7d", "due", "overdue-1d", "escalation-7d"]
    assert raised[-1].recipients == ["coordinator", "sog-chair"]
    assert raised[-1].rule == "R-REM-1"
    assert all(e.originator_id == reminder_id(e.deadline_id, e.stage, e.due_on) for e in raised)


def test_a_deadline_met_by_a_meeting_recorded_late_gets_no_more_reminders_R_REM_1(
        app: Mappa, store: Settings, clock: FixedClock) -> None:
    w.area(app)
    w.refer(app, "N-0001", date(2026, 10, 20))
    views = w.projector(store, app)
    clock.set(datetime(2026, 12, 2, 9, tzinfo=UTC))
    w.cycle(app, views, clock).run_once()
    assert _case_raised(app)[-1][1] == "overdue-1d"
    w.hold_meeting(app, "M-1", "N-0001", date(2026, 11, 28))  # held before the due date, recorded late
    clock.set(datetime(2026, 12, 9, 9, tzinfo=UTC))
    w.cycle(app, views, clock).run_once()
    stages = [stage for ref, stage, due in _case_raised(app) if due == date(2026, 12, 1)]
    assert stages == ["overdue-1d"]  # no escalation: the review was met
    next_review = [r for r in _case_raised(app) if r[2] == date(2027, 1, 9)]
    assert next_review == []  # the new review clock runs, nothing due yet


def test_a_level_change_moves_the_review_and_its_reminders_follow_R_REM_1(
        app: Mappa, store: Settings, clock: FixedClock) -> None:
    w.area(app)
    w.refer(app, "N-0001", date(2026, 10, 20))
    views = w.projector(store, app)
    w.cycle(app, views, clock).run_once()  # before-14d of the Level 3 review due 1 December
    w.change_level(app, "N-0001", date(2026, 11, 20), level=2)  # Level 2 review now due 84 days later
    clock.set(datetime(2027, 1, 30, 9, tzinfo=UTC))
    w.cycle(app, views, clock).run_once()
    assert _case_raised(app) == [("N-0001", "before-14d", date(2026, 12, 1))]
    assert _case_raised(app, "level-2-review") == [("N-0001", "before-14d", date(2027, 2, 12))]


def test_a_new_release_date_moves_the_pre_release_meeting_and_gets_new_reminders_R_REM_2(
        app: Mappa, store: Settings, clock: FixedClock) -> None:
    w.area(app)
    w.refer(app, "N-0002", date(2026, 10, 1), in_custody=True, release_on=date(2026, 12, 30))
    views = w.projector(store, app)
    w.cycle(app, views, clock).run_once()  # meeting due 2 December: before-14d came on 18 November
    w.set_release_date(app, "N-0002", date(2026, 11, 20), date(2027, 1, 29))  # due Friday 1 January now
    clock.set(datetime(2026, 12, 21, 9, tzinfo=UTC))
    w.cycle(app, views, clock).run_once()
    kind = "pre-release-level-3-meeting"
    assert _case_raised(app, kind) == [("N-0002", "before-14d", date(2026, 12, 2)),
                                       ("N-0002", "before-14d", date(2027, 1, 1))]
    rows = [r for r in _deadline_rows(views.engine) if r.kind == kind]
    assert [(r.status, r.due_on) for r in rows] == [("open", date(2027, 1, 1))]  # one per spell, moved (RULES §10)


def test_stages_that_fall_on_christmas_and_new_year_holidays_come_on_the_working_day_before_R_REM_2_R_CAL_3(
        app: Mappa, store: Settings, clock: FixedClock) -> None:
    w.area(app)
    w.refer(app, "N-0002", date(2026, 10, 1), in_custody=True, release_on=date(2027, 1, 29))  # due 1 January
    views = w.projector(store, app)
    seen = []
    for day in (23, 24, 30, 31):
        clock.set(datetime(2026, 12, day, 9, tzinfo=UTC))
        w.cycle(app, views, clock).run_once()
        seen.append((day, [stage for _, stage, _ in _case_raised(app, "pre-release-level-3-meeting")]))
    assert seen == [
        (23, ["before-14d"]),
        (24, ["before-14d", "before-7d"]),  # 25 December is a holiday: the 7-day stage comes on the 24th
        (30, ["before-14d", "before-7d"]),
        (31, ["before-14d", "before-7d", "due"]),  # 1 January is a holiday: "due" comes on the 31st
    ]


def _deadline_rows(engine: object) -> list[object]:
    with engine.connect() as conn:  # type: ignore[attr-defined]
        return list(conn.execute(deadline_table.select()))


def test_a_refused_reminder_writes_nothing_and_names_field_value_and_rule_R_REM(app: Mappa) -> None:
    early = replace(_request(app), stage="before-7d", comes_on=date(2026, 11, 21))  # after today, 20 November
    before = app.max_notification_id()
    with pytest.raises(DomainError) as caught:
        app.raise_reminder(early)
    assert (caught.value.field, caught.value.value, caught.value.rule) == ("comes_on", "2026-11-21", "R-REM")
    assert app.max_notification_id() == before
    assert app.raise_reminders([early, _request(app)]) == 1  # the refused one is skipped, the other recorded
    assert [e.stage for e in w.reminder_events(app)] == ["due"]


def test_cancelling_a_delivered_reminder_is_refused_and_writes_nothing_R_REM(app: Mappa) -> None:
    request = _request(app)
    app.raise_reminder(request)
    app.record_delivery(request.reminder_id, 1, "email", message_id(request.reminder_id), ["c@example.org"])
    before = app.max_notification_id()
    with pytest.raises(LifecycleError, match="already delivered"):
        app.cancel_reminder(request.reminder_id, "met")
    with pytest.raises(ReminderNotFoundError):
        app.cancel_reminder(reminder_id("no-such-deadline", "due", date(2026, 11, 20)), "met")
    assert app.max_notification_id() == before


def test_recording_the_same_delivery_attempt_twice_records_it_once(app: Mappa) -> None:
    request = _request(app)
    app.raise_reminder(request)
    for _ in range(2):
        app.record_delivery(request.reminder_id, 1, "email", message_id(request.reminder_id), ["c@example.org"])
    assert len(w.reminder_events(app, "Delivered")) == 1


def test_every_kind_of_deadline_is_reminded_under_its_rule_R_REM_1_to_R_REM_7(
        app: Mappa, store: Settings, clock: FixedClock) -> None:
    w.area(app)  # registered 1 April: the second quarter's audit and SOG review are overdue by 20 November
    w.refer(app, "N-0001", date(2026, 10, 20))  # Level 3 review due 1 December
    w.refer(app, "N-0002", date(2026, 10, 1), in_custody=True, release_on=date(2026, 12, 30))  # meeting by 2 Dec
    w.refer(app, "N-0003", date(2026, 10, 1), level=2)
    w.hold_meeting(app, "M-1", "N-0003", date(2026, 11, 18))  # minute and RMP due 10 working days later
    app.handle(w.cmd(i.ApproveIsp, date(2026, 9, 1), isp_ref="ISP-1", case_reference="N-0001",
                     provider="provider-1", cost=1200, starts_on=date(2026, 9, 1)))  # renewal by 30 November
    app.handle(w.cmd(s.CommissionScr, date(2026, 6, 1), scr_ref="SCR-1", area="north", remit="Remit."))
    app.handle(w.cmd(s.MakeRecommendation, date(2026, 7, 1), scr_ref="SCR-1",
                     recommendation_ref="R-1", text="Recommendation."))
    app.handle(w.cmd(s.AssignAction, date(2026, 7, 1), scr_ref="SCR-1", recommendation_ref="R-1",
                     action_ref="A-1", owner="police-scotland", due_on=date(2026, 11, 25), text="Action."))
    w.cycle(app, w.projector(store, app), clock).run_once()
    raised = {(e.kind, e.rule, e.stage) for e in w.reminder_events(app)}
    assert {
        ("level-3-review", "R-REM-1", "before-14d"),
        ("pre-release-level-3-meeting", "R-REM-2", "before-14d"),
        ("minute-and-rmp", "R-REM-3", "before-14d"),
        ("isp-renewal", "R-REM-4", "before-14d"),
        ("scr-action", "R-REM-5", "before-7d"),
        ("quarterly-meeting-audit", "R-REM-6", "escalation-7d"),
        ("quarterly-sog-review", "R-REM-6", "escalation-7d"),
    } <= raised
    escalations = [e for e in w.reminder_events(app) if e.stage.startswith("escalation")]
    assert escalations and all(e.recipients == ["coordinator", "sog-chair"] for e in escalations)  # R-REM-7


def test_the_event_store_itself_refuses_a_second_recording_of_a_reminder_in_another_process_R_REM_1(
        app: Mappa, store: Settings, clock: FixedClock) -> None:
    """No receipt, no view: two processes that both build the same reminder and save it straight to the store.
    The store's uniqueness (aggregate id at version 1) is what refuses the second."""
    request = _request(app)
    stamp = Stamp("scheduler", "direct-1", clock.now(), date(2026, 11, 20))
    app.save(Reminder.raise_for(request, stamp))
    other = bootstrap(store, clock)
    try:
        with pytest.raises(IntegrityError):
            other.save(Reminder.raise_for(request, replace(stamp, command_id="direct-2")))
    finally:
        other.close()
    assert [e.originator_id for e in w.reminder_events(app)] == [request.reminder_id]


def test_the_annual_case_audit_and_the_annual_report_are_reminded_and_escalated_when_overdue_R_REM_6_R_REM_7(
        app: Mappa, store: Settings, clock: FixedClock) -> None:
    w.area(app, on=date(2025, 6, 2))  # reporting year 2025-26: audit due 31 March 2026, report by 31 October 2026
    views = w.projector(store, app)
    w.cycle(app, views, clock).run_once()
    raised = {(e.kind, e.subject_ref): e for e in w.reminder_events(app)}
    audit = raised[("annual-case-audit", "north 2025-26")]
    report = raised[("annual-report", "north 2025-26")]
    assert (audit.rule, audit.due_on, audit.stage) == ("R-REM-6", date(2026, 3, 31), "escalation-7d")
    assert (report.rule, report.due_on, report.stage) == ("R-REM-6", date(2026, 10, 31), "escalation-7d")
    assert audit.recipients == report.recipients == ["coordinator", "sog-chair"]


def test_an_annual_report_whose_publication_is_recorded_late_gets_no_more_reminders_R_REM_6(
        app: Mappa, store: Settings, clock: FixedClock) -> None:
    clock.set(datetime(2025, 6, 2, 9, tzinfo=UTC))
    w.area(app, on=date(2025, 6, 2))
    views = w.projector(store, app)
    for day in (date(2026, 10, 20), date(2026, 10, 30)):  # due Saturday 31 October: "due" comes on Friday 30th
        clock.set(datetime(day.year, day.month, day.day, 9, tzinfo=UTC))
        w.cycle(app, views, clock).run_once()
    clock.set(datetime(2026, 11, 3, 9, tzinfo=UTC))
    app.handle(w.cmd(o.PublishAnnualReport, date(2026, 10, 28), area="north", year="2025-26"))
    clock.set(datetime(2026, 11, 20, 9, tzinfo=UTC))
    w.cycle(app, views, clock).run_once()
    stages = [e.stage for e in w.reminder_events(app) if e.kind == "annual-report"]
    assert stages == ["before-14d", "due"]  # published on the 28th, recorded on 3 November: no overdue, no escalation


def test_each_kind_of_deadline_follows_its_own_configured_stages_R_REM_3(
        app: Mappa, store: Settings, clock: FixedClock) -> None:
    clock.set(datetime(2026, 11, 2, 12, tzinfo=UTC))
    w.area(app, on=date(2026, 10, 1))
    w.refer(app, "N-0001", date(2026, 10, 20))
    w.hold_meeting(app, "M-1", "N-0001", date(2026, 11, 2))  # minute and RMP due 10 working days on: 16 November
    stages = "default=-14,-7,0,+1,+7!;minute-and-rmp=-3,0,+2!"
    views = w.projector(store, app)
    clock.set(datetime(2026, 11, 13, 9, tzinfo=UTC))  # 3 days before: by the default it would be 14 and 7
    w.cycle(app, views, clock, stages=stages).run_once()
    clock.set(datetime(2026, 11, 18, 9, tzinfo=UTC))
    w.cycle(app, views, clock, stages=stages).run_once()
    minute = [(e.stage, e.recipients) for e in w.reminder_events(app) if e.kind == "minute-and-rmp"]
    assert minute == [("before-3d", ["coordinator"]), ("escalation-2d", ["coordinator", "sog-chair"])]
