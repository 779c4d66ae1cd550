"""What a reminder says and to whom, the calendar feed, and the retry policy: pure, no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from icalendar import Calendar, vDuration

from domain.reminder import message_id, reminder_id
from projections.deadlines.query import DeadlineRow
from projections.views.area import AreaContacts
from projections.views.reminder import ReminderRow
from scheduler.delivery import RetryPolicy, addresses
from scheduler.fate import DeadlineFate, cancel_reason, superseded_stages
from scheduler.ical import calendar_feed, deadline_uid
from scheduler.message import body, compose, how_due, subject_line
from tests.ical_rfc5545 import problems

RID = reminder_id("d-1", "overdue-1d", date(2026, 12, 1))
SENT_AT = datetime(2026, 12, 4, 9, tzinfo=UTC)


def _row(**changes: Any) -> ReminderRow:
    row = ReminderRow(
        reminder_id=str(RID), deadline_id="d-1", kind="level-3-review", stage="overdue-1d", stage_days=1,
        due_on=date(2026, 12, 1), comes_on=date(2026, 12, 2), area="north", subject_ref="N-0001",
        case_reference="N-0001", rule="R-REM-1", recipients="coordinator", raised_on=date(2026, 12, 2),
        raised_at=SENT_AT, status="pending", attempts=0, next_attempt_at=None, delivered_at=None, delivered_to=None,
        message_id=None, last_failure=None, cancel_reason=None, position=1)
    return row._replace(**changes)


def test_the_email_says_which_case_what_is_due_by_when_why_and_how_overdue_R_REM_1() -> None:
    text = body(_row(), date(2026, 12, 4))
    assert "Case:     N-0001" in text
    assert "Level 3 review meeting" in text
    assert "Tuesday 1 December 2026" in text
    assert "3 days overdue" in text
    assert "R-REM-1: a Level 3 case in the community is reviewed at least every 42 days" in text
    assert str(RID) in text


def test_the_subject_line_alone_tells_a_busy_coordinator_what_is_due() -> None:
    assert subject_line(_row(), date(2026, 11, 24)) == (
        "[MAPPA north] N-0001: Level 3 review meeting due in 7 days (Tuesday 1 December 2026)")
    escalated = subject_line(_row(stage="escalation-7d", rule="R-REM-1"), date(2026, 12, 8))
    assert escalated.startswith("ESCALATED: [MAPPA north] N-0001") and "7 days overdue" in escalated


def test_how_due_reads_naturally() -> None:
    due = date(2026, 12, 1)
    assert [how_due(due, due - timedelta(days=n)) for n in (3, 1, 0, -1, -12)] == [
        "due in 3 days", "due tomorrow", "due today", "1 day overdue", "12 days overdue"]


def test_every_send_of_a_reminder_carries_its_stable_message_id() -> None:
    first = compose(_row(), date(2026, 12, 4), SENT_AT, "mappa@example.org", ["c@example.org"])
    again = compose(_row(), date(2026, 12, 5), SENT_AT + timedelta(days=1), "mappa@example.org", ["c@example.org"])
    assert first["Message-ID"] == again["Message-ID"] == message_id(RID) == f"<reminder-{RID}@mappa-flow>"
    assert first["To"] == "c@example.org"
    assert first["Auto-Submitted"] == "auto-generated"


def test_an_escalation_goes_to_the_coordinator_and_the_sog_chair_R_REM_7() -> None:
    contact = AreaContacts("north", "North", "c@example.org", "chair@example.org")
    to, notes = addresses(_row(recipients="coordinator,sog-chair"), contact)
    assert (to, notes) == (["c@example.org", "chair@example.org"], [])


def test_an_escalation_without_a_sog_chair_email_asks_the_coordinator_to_pass_it_on_R_REM_7() -> None:
    to, notes = addresses(_row(recipients="coordinator,sog-chair"), AreaContacts("north", "North", "c@example.org",
                                                                                 None))
    assert to == ["c@example.org"]
    assert "pass this escalation to the SOG chair" in notes[0]
    text = body(_row(stage="escalation-7d"), date(2026, 12, 8), notes)
    assert notes[0] in text and "Escalated to the SOG chair" in text


def test_an_area_with_no_contacts_has_nobody_to_send_to() -> None:
    assert addresses(_row(), None) == ([], [])


def test_retries_back_off_exponentially_up_to_a_ceiling() -> None:
    policy = RetryPolicy(base_seconds=60, max_seconds=3600)
    waits = [(policy.next_attempt_at(SENT_AT, attempt) - SENT_AT).total_seconds() for attempt in range(1, 9)]
    assert waits == [60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert policy.next_attempt_at(SENT_AT, 10_000) == SENT_AT + timedelta(seconds=3600)


def test_a_reminder_whose_deadline_was_met_withdrawn_or_moved_is_not_sent_R_REM_1() -> None:
    row = _row()
    assert cancel_reason(row, DeadlineFate("open", date(2026, 12, 1), None)) is None
    assert cancel_reason(row, DeadlineFate("met", date(2026, 12, 1), None)) == "met"
    assert cancel_reason(row, DeadlineFate("withdrawn", date(2026, 12, 1),
                                           "level changed to 2 on 2026-11-20")) == "withdrawn"
    assert cancel_reason(row, DeadlineFate("withdrawn", date(2026, 12, 1),
                                           "superseded by a new release date")) == "moved"
    assert cancel_reason(row, DeadlineFate("open", date(2026, 12, 8), None)) == "moved"
    assert cancel_reason(row, None) == "withdrawn"


def test_of_several_waiting_stages_of_one_deadline_only_the_latest_goes_out() -> None:
    early = _row(reminder_id=str(reminder_id("d-1", "before-7d", date(2026, 12, 1))), stage="before-7d",
                 comes_on=date(2026, 11, 24))
    late = _row()
    other = _row(reminder_id=str(reminder_id("d-2", "due", date(2026, 12, 1))), deadline_id="d-2")
    assert superseded_stages([early, late, other]) == {UUID(early.reminder_id)}


def _deadline(deadline_id: str, due_on: date, **changes: Any) -> DeadlineRow:
    row = DeadlineRow(deadline_id=deadline_id, kind="level-3-review", rule="R-REM-1", area="north", case_id=None,
                      case_reference="N-0001", subject_ref="N-0001", basis=due_on, due_on=due_on, status="open",
                      closed_on=None, reason=None)
    return replace(row, **changes)


def test_the_calendar_feed_has_one_all_day_event_per_open_deadline_with_a_stable_uid() -> None:
    deadlines = [
        _deadline("11111111-1111-5111-8111-111111111111", date(2026, 12, 1)),
        _deadline("22222222-2222-5222-8222-222222222222", date(2026, 12, 14), kind="minute-and-rmp",
                  rule="R-REM-3", subject_ref="M-7"),
        _deadline("33333333-3333-5333-8333-333333333333", date(2026, 12, 31), kind="quarterly-sog-review",
                  rule="R-REM-6", subject_ref="north 2026-27-Q3", case_reference=None),
    ]
    feed = calendar_feed("north", deadlines, SENT_AT)
    assert feed == calendar_feed("north", list(reversed(deadlines)), SENT_AT)  # deterministic
    parsed = Calendar.from_ical(feed)
    events = parsed.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [deadline_uid(d.deadline_id) for d in deadlines]
    assert [e.decoded("DTSTART") for e in events] == [d.due_on for d in deadlines]
    assert [e.decoded("DTEND") - e.decoded("DTSTART") for e in events] == [timedelta(days=1)] * 3
    assert [str(e["SUMMARY"]) for e in events] == [
        "N-0001: Level 3 review meeting due",
        "N-0001 (M-7): minute ratified and RMP updated due",
        "north 2026-27-Q3: quarterly SOG review due",
    ]
    assert all(e.decoded("DTSTAMP") == SENT_AT for e in events)
    assert str(parsed["VERSION"]) == "2.0" and str(parsed["PRODID"]).startswith("-//mappa-flow")
    assert b"\r\n" in feed  # RFC 5545 lines end in CRLF


def test_the_calendar_feed_is_valid_rfc_5545_octet_for_octet_with_a_refresh_hint_outlook_reads() -> None:
    deadlines = [_deadline(f"{n:08d}-1111-5111-8111-111111111111", date(2026, 12, 1) + timedelta(days=n),
                           subject_ref=f"SCR-2026/{n}, action; A-{n}", case_reference=None, kind="scr-action",
                           rule="R-REM-5") for n in range(40)]  # refs with ',' and ';' to escape, long lines
    feed = calendar_feed("north", deadlines, datetime(2026, 7, 1, 9, tzinfo=UTC))
    assert problems(feed) == []
    parsed = Calendar.from_ical(feed)
    assert vDuration.from_ical(str(parsed["REFRESH-INTERVAL"])) == timedelta(hours=1)  # not the text "1:00:00"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in feed
    assert b"DTSTAMP:20260701T090000Z\r\n" in feed  # UTC, as RFC 5545 requires of DTSTAMP
    assert [str(e["SUMMARY"]) for e in parsed.walk("VEVENT")][:1] == [
        "SCR-2026/0, action; A-0: SCR action completed due"]


def test_the_rfc_5545_check_itself_catches_what_a_lenient_parser_lets_through() -> None:
    feed = calendar_feed("north", [_deadline("11111111-1111-5111-8111-111111111111", date(2026, 12, 1))], SENT_AT)
    assert problems(feed.replace(b"PT1H", b"1:00:00")) == [
        "line 8: REFRESH-INTERVAL '1:00:00' is not a DURATION (e.g. PT1H)"]
    assert Calendar.from_ical(feed.replace(b"PT1H", b"1:00:00"))  # icalendar reads it without complaint
    assert problems(feed.replace(b"\r\n", b"\n"))
    assert problems(feed.replace(b"DTEND;VALUE=DATE:20261202", b"DTEND;VALUE=DATE:20261201")) == [
        "DTEND 20261201 is not after DTSTART 20261201"]
