"""The text of a reminder e-mail: which case, what is due, by when, why, and how overdue (RULES.md section 9).

Written for a busy co-ordinator reading a phone screen: the subject line alone
says what is due for which case and when. It names the case by its reference
only: no names or other personal details ever go into an e-mail.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from uuid import UUID

from domain.reminder import message_id
from projections.views.reminder import ReminderRow

RULE_MEANINGS = {
    "R-REM-1": "a Level 3 case in the community is reviewed at least every 42 days, a Level 2 case every 84 days "
               "(R-PI-1, R-PI-2)",
    "R-REM-2": "a Level 3 case in custody has its initial Level 3 meeting at least 28 days before release (R-PI-8)",
    "R-REM-3": "the minute is ratified and the RMP updated within 10 working days of the meeting (R-PI-9)",
    "R-REM-4": "an ISP's renewal is approved before its three-month funding period ends (R-ISP-1)",
    "R-REM-5": "each SCR action is completed by its due date (R-SCR-1)",
    "R-REM-6": "audits, the quarterly SOG review and the annual report are done for each period (R-AUD-1)",
    "R-REM-7": "overdue items escalate to the SOG chair (guidance 19.8)",
}

WHAT = {
    "level-3-review": "Level 3 review meeting",
    "level-2-review": "Level 2 review meeting",
    "pre-release-level-3-meeting": "initial Level 3 meeting before release",
    "minute-and-rmp": "minute ratified and RMP updated",
    "isp-renewal": "ISP renewal approved",
    "scr-action": "SCR action completed",
    "annual-case-audit": "annual case audit",
    "quarterly-meeting-audit": "quarterly meeting audit",
    "quarterly-sog-review": "quarterly SOG review",
    "annual-report": "annual report published",
}


def what_is_due(kind: str) -> str:
    return WHAT.get(kind, kind.replace("-", " "))


def how_due(due_on: date, today: date) -> str:
    """'due in 3 days', 'due today', 'due tomorrow', '1 day overdue', '12 days overdue'."""
    days = (due_on - today).days
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    if days > 1:
        return f"due in {days} days"
    return f"{-days} day{'s' if days != -1 else ''} overdue"


def subject_line(reminder: ReminderRow, today: date) -> str:
    escalated = "ESCALATED: " if reminder.stage.startswith("escalation") else ""
    case = reminder.case_reference or reminder.subject_ref
    return (f"{escalated}[MAPPA {reminder.area}] {case}: {what_is_due(reminder.kind)} "
            f"{how_due(reminder.due_on, today)} ({_long_date(reminder.due_on)})")


def body(reminder: ReminderRow, today: date, notes: Sequence[str] = ()) -> str:
    rule = reminder.rule
    lines = [
        f"Reminder from mappa-flow for MAPPA area {reminder.area}.",
        "",
        f"Case:     {reminder.case_reference or '-'}",
        f"About:    {reminder.subject_ref}",
        f"Due:      {what_is_due(reminder.kind)}",
        f"By:       {_long_date(reminder.due_on)}",
        f"Status:   {how_due(reminder.due_on, today)} (as of {_long_date(today)})",
        f"Why:      {rule}: {RULE_MEANINGS.get(rule, 'see RULES.md')}",
    ]
    if reminder.stage.startswith("escalation"):
        lines += ["", f"Escalated to the SOG chair ({RULE_MEANINGS['R-REM-7']})."]
    lines += ["", *notes] if notes else []
    lines += [
        "",
        "Record it in mappa-flow once it is done: reminders stop when the deadline is met.",
        "",
        f"Reminder {reminder.reminder_id} (stage {reminder.stage}). This message was sent automatically;",
        "if it arrives twice, it is the same reminder.",
    ]
    return "\n".join(lines) + "\n"


def compose(reminder: ReminderRow, today: date, sent_at: datetime, sender: str,
            to: Sequence[str], notes: Sequence[str] = ()) -> EmailMessage:
    """The e-mail of one reminder. Its Message-ID derives from the reminder id, so a re-send is recognisable."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Subject"] = subject_line(reminder, today)
    message["Date"] = format_datetime(sent_at)
    message["Message-ID"] = message_id(UUID(reminder.reminder_id))
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies, please
    message["X-Mappa-Reminder"] = reminder.reminder_id
    message.set_content(body(reminder, today, notes))
    return message


def _long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def compose_anchor(area: str, seal_no: int, last_position: int, chain_hash: str, sealed_at: datetime, sender: str,
                   to: Sequence[str]) -> EmailMessage:
    """The e-mail that takes a seal's hash (an anchor) to an area's SOG chair, outside the database.

    It names no case. Its Message-ID derives from the hash and the area, so a re-send is recognisable.
    """
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Subject"] = f"[MAPPA {area}] Seal #{seal_no} of the mappa-flow record: keep this hash"
    message["Date"] = format_datetime(sealed_at)
    message["Message-ID"] = f"<seal-{chain_hash[:32]}.{area}@mappa-flow>"
    message["Auto-Submitted"] = "auto-generated"
    message["X-Mappa-Seal"] = chain_hash
    message.set_content("\n".join([
        f"The mappa-flow event store was sealed: seal #{seal_no} covers every event recorded up to position "
        f"{last_position}, sealed {sealed_at:%A} {sealed_at.day} {sealed_at:%B %Y} at {sealed_at:%H:%M} UTC.",
        "",
        f"Seal hash: {chain_hash}",
        "",
        "Please keep this e-mail (or the hash, e.g. in the SOG's minutes). It is an anchor: it lets anyone later",
        "prove that the record up to this seal has not been rewritten, even by someone with full access to the",
        "database. To check, an auditor runs:",
        "",
        f"    mappa-flow audit verify --anchor {chain_hash}",
        "",
        "This message was sent automatically and names no case; if it arrives twice, it is the same seal.",
    ]) + "\n")
    return message
