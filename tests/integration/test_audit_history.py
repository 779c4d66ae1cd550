"""Case histories across every aggregate of a case, the case index behind them, and the access log."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from uuid import uuid4

import pytest
from sqlalchemy import select

from domain.access import AccessAction, AccessSubject
from domain.audit import REQUIRED_ITEMS
from domain.errors import CaseNotFoundError
from domain.event import MappaAggregate, MappaEvent, Stamp
from domain.reminder import ReminderRequest, message_id
from mappa_flow.audit.auditor import Auditor
from mappa_flow.audit.history import HistoryFilter
from mappa_flow.audit.index import CaseIndex
from mappa_flow.bootstrap import Mappa, bootstrap
from mappa_flow.clock import FixedClock
from mappa_flow.settings import Settings
from projections.views.case_index import case_event, case_member
from tests.integration.audit_story import at, do, tell_story, with_key


class Visit(MappaAggregate):
    """A kind of record the index has never heard of: it names its case by reference."""

    TOPIC = "mappa:TestVisit"

    class Event(MappaEvent):
        TOPIC = "mappa:TestVisit.Event"

    class Made(MappaAggregate.Created, Event):
        TOPIC = "mappa:TestVisit.Made"
        case_reference: str


@pytest.fixture
def auditor(app: Mappa, store: Settings) -> Iterator[Auditor]:
    opened = Auditor.open(store, app)
    yield opened
    opened.close()


def _more_records(app: Mappa, clock: FixedClock) -> None:
    at(clock, 2026, 10, 1)
    findings = {item: "satisfactory" for item in REQUIRED_ITEMS["case"]}
    do(app, "record_audit", occurred_on=date(2026, 10, 1), audit_ref="AUD-1", kind="case", area="north",
       case_reference="N-0001", findings=findings)
    meeting_findings = {item: "fine" for item in REQUIRED_ITEMS["meeting"]}
    do(app, "record_audit", occurred_on=date(2026, 10, 1), audit_ref="AUD-2", kind="meeting", area="north",
       meeting_ref="N-0001-M1", findings=meeting_findings)
    do(app, "commission_scr", occurred_on=date(2026, 10, 1), scr_ref="SCR-1", area="north", case_reference="N-0001",
       remit="Review of the management of the case")


def test_a_history_gathers_the_case_its_meetings_isps_audits_scrs_and_command_receipts(
    app: Mappa, clock: FixedClock, auditor: Auditor
) -> None:
    tell_story(app, clock)
    tell_story(app, clock, reference="N-0002")
    _more_records(app, clock)
    records = {entry.record for entry in auditor.history("N-0001", HistoryFilter(receipts=True))}
    assert {"Case N-0001", "Meeting N-0001-M1", "ISP N-0001-ISP", "Audit AUD-1", "Audit AUD-2",
            "SCR SCR-1"} <= records
    assert {"Command refer_case", "Command record_audit", "Command commission_scr"} <= records
    assert not any("N-0002" in record for record in records)


def _reminder(app: Mappa, reference: str) -> ReminderRequest:
    request = ReminderRequest(
        deadline_id=f"review:{reference}", kind="review", stage="-7", due_on=date(2026, 10, 20),
        comes_on=date(2026, 10, 13), area="north", subject_ref=reference, rule="R-REM-1",
        recipients=("coordinator",), case_reference=reference)
    app.raise_reminder(request)
    return request


def test_a_history_includes_the_reminders_of_the_case_and_each_of_their_deliveries_R_REM_1(
    app: Mappa, clock: FixedClock, auditor: Auditor
) -> None:
    tell_story(app, clock)
    tell_story(app, clock, reference="N-0002")
    at(clock, 2026, 10, 13)
    mine, other = _reminder(app, "N-0001"), _reminder(app, "N-0002")
    app.record_delivery_failure(mine.reminder_id, 1, "email", "connection refused", clock.now())
    clock.advance(minutes=30)
    app.record_delivery(mine.reminder_id, 2, "email", message_id(mine.reminder_id), ["coordinator.north@example.org"])
    app.record_delivery(other.reminder_id, 1, "email", message_id(other.reminder_id), ["coordinator.north@example.org"])
    reminders = auditor.history("N-0001", HistoryFilter(kinds=("Reminder",)))
    assert [(e.kind, e.record) for e in reminders] == [
        ("Reminder.Raised", "Reminder review:N-0001"), ("Reminder.DeliveryFailed", "Reminder review:N-0001"),
        ("Reminder.Delivered", "Reminder review:N-0001")]
    assert reminders[-1].recorded_at == clock.now() and reminders[-1].recorded_by == "scheduler"
    receipts = auditor.history("N-0001", HistoryFilter(kinds=("CommandReceipt",)))
    assert {"Command record_delivery", "Command record_delivery_failure"} <= {e.record for e in receipts}


def test_each_line_has_business_date_recording_time_recorder_command_and_summary_R_CAL_1(
    app: Mappa, clock: FixedClock, auditor: Auditor
) -> None:
    tell_story(app, clock)
    late = next(e for e in auditor.history("N-0001") if e.kind == "Case.LevelChanged")
    assert late.occurred_on == date(2026, 4, 20)
    assert late.recorded_at.date() == date(2026, 6, 10) and late.late_days == 51
    assert (late.recorded_by, late.summary) == ("coord-2", "Level changed 2 -> 3")
    assert late.command_id.startswith("change_level-")


def test_the_history_is_in_business_date_order_or_in_recording_order_on_request(
    app: Mappa, clock: FixedClock, auditor: Auditor
) -> None:
    tell_story(app, clock)
    by_date = auditor.history("N-0001", HistoryFilter(receipts=True))
    as_recorded = auditor.history("N-0001", HistoryFilter(order="recorded", receipts=True))
    assert [e.occurred_on for e in by_date] == sorted(e.occurred_on for e in by_date)
    assert [e.position for e in as_recorded] == sorted(e.position for e in as_recorded)
    assert [e.kind for e in by_date][:3] == ["Case.Referred", "CommandReceipt.Accepted", "Case.LevelChanged"]


def test_the_history_filters_by_business_date_range_and_by_kind(
    app: Mappa, clock: FixedClock, auditor: Auditor
) -> None:
    tell_story(app, clock)
    spring = auditor.history("N-0001", HistoryFilter(from_on=date(2026, 4, 2), to_on=date(2026, 5, 31)))
    assert {e.kind for e in spring} == {"Case.LevelChanged", "Meeting.Held", "Meeting.MinuteIssued"}
    assert all(date(2026, 4, 2) <= e.occurred_on <= date(2026, 5, 31) for e in spring)
    meetings = auditor.history("N-0001", HistoryFilter(kinds=("Meeting",)))
    assert [e.kind for e in meetings] == ["Meeting.Held", "Meeting.MinuteIssued"]
    named = auditor.history("N-0001", HistoryFilter(kinds=("levelchanged", "Case.Released")))
    assert [e.kind for e in named] == ["Case.LevelChanged", "Case.Released"]


def test_command_receipts_are_left_out_unless_asked_for_and_each_event_is_named_in_words(
    app: Mappa, clock: FixedClock, auditor: Auditor
) -> None:
    tell_story(app, clock)
    plain = auditor.history("N-0001")
    everything = auditor.history("N-0001", HistoryFilter(receipts=True))
    receipts = [e for e in everything if e.kind == "CommandReceipt.Accepted"]
    assert receipts and not any(e.kind.startswith("CommandReceipt") for e in plain)
    assert [e for e in everything if e not in receipts] == plain
    assert auditor.history("N-0001", HistoryFilter(kinds=("CommandReceipt",))) == receipts
    assert HistoryFilter(receipts=True).in_words() == "with command receipts"
    words = {e.kind: e.event for e in plain}
    assert (words["Case.LevelChanged"], words["Meeting.Held"]) == ("Level changed", "Meeting held")
    assert all("." not in e.event for e in everything)


def test_a_new_kind_of_record_that_names_the_case_joins_its_history_with_no_change(
    app: Mappa, clock: FixedClock, auditor: Auditor
) -> None:
    tell_story(app, clock)
    stamp = Stamp("coord-3", "visit-1", clock.now(), date(2026, 12, 31))
    visit = Visit._create(Visit.Made, id=uuid4(), **stamp.event_fields(date(2026, 9, 3)), case_reference="N-0001")
    app.save(visit)
    assert [e.kind for e in auditor.history("N-0001", HistoryFilter(kinds=("TestVisit",)))] == ["TestVisit.Made"]


def test_the_index_reads_each_event_once_and_two_catch_ups_never_index_twice(
    app: Mappa, clock: FixedClock, auditor: Auditor
) -> None:
    tell_story(app, clock)
    other = CaseIndex(app, auditor.index.engine, batch=3)
    assert other.catch_up() == app.max_notification_id()
    assert auditor.index.catch_up() == 0
    do(app, "change_level", occurred_on=date(2026, 9, 2), case_reference="N-0001", level=2)
    assert auditor.index.catch_up() == 2 and other.catch_up() == 0
    with auditor.index.engine.connect() as conn:
        positions = [row.position for row in conn.execute(select(case_event.c.position))]
    assert len(positions) == len(set(positions))


def test_with_encryption_at_rest_the_index_never_holds_a_case_reference(
    store: Settings, clock: FixedClock
) -> None:
    app = bootstrap(with_key(store), clock)
    auditor = Auditor.open(with_key(store), app)
    try:
        tell_story(app, clock, reference="ZQX-7731-ENC")
        assert auditor.state("ZQX-7731-ENC").state is not None
        with auditor.index.engine.connect() as conn:
            cells = [str(v) for t in (case_member, case_event) for row in conn.execute(select(t)) for v in row]
        assert cells and not any("ZQX" in cell for cell in cells)
        assert len(auditor.history("ZQX-7731-ENC")) > 0
    finally:
        auditor.close()
        app.close()


def test_an_unknown_case_is_refused_and_its_access_is_not_recorded(
    app: Mappa, clock: FixedClock, auditor: Auditor
) -> None:
    tell_story(app, clock)
    with pytest.raises(CaseNotFoundError, match="N-9999"):
        auditor.history("N-9999")
    before = app.max_notification_id()
    with pytest.raises(CaseNotFoundError, match="N-9999"):
        auditor.record_access("N-9999", "auditor-1", AccessAction.VIEWED, AccessSubject.HISTORY, "everything")
    assert app.max_notification_id() == before


def test_every_view_and_export_is_in_the_access_log_and_not_in_the_history(
    app: Mappa, clock: FixedClock, auditor: Auditor
) -> None:
    tell_story(app, clock)
    before = auditor.history("N-0001")
    auditor.record_access("N-0001", "auditor-1", AccessAction.VIEWED, AccessSubject.HISTORY, "everything")
    clock.advance(minutes=5)
    auditor.record_access("N-0001", "sog-chair", AccessAction.EXPORTED, AccessSubject.HISTORY, "from 2026-04-01",
                          export_format="html")
    log = auditor.access_log("N-0001")
    assert [(e.viewer, e.action, e.export_format) for e in log] == [
        ("auditor-1", "viewed", None), ("sog-chair", "exported", "html")]
    assert log[1].recorded_at == clock.now() and log[1].scope == "from 2026-04-01"
    assert auditor.history("N-0001") == before
    assert log[0].command_id.startswith("access-")
