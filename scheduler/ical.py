"""An area's open deadlines as an iCalendar feed (RFC 5545), for co-ordinators to subscribe to in Outlook.

Each open deadline is an all-day event on its due date (Outlook shows events
from a subscribed calendar, and ignores to-dos). Its UID derives from the
deadline id, so a client that refreshes the feed updates the same entry, and a
deadline that is met or withdrawn simply leaves the feed. Summaries name the
case by its reference only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from icalendar import Calendar, Event, vDuration

from projections.deadlines.query import DeadlineRow
from scheduler.message import RULE_MEANINGS, what_is_due

PRODID = "-//mappa-flow//MAPPA deadlines//EN"
REFRESH = timedelta(hours=1)


def deadline_uid(deadline_id: str) -> str:
    return f"{deadline_id}@mappa-flow"


def calendar_feed(area: str, deadlines: Iterable[DeadlineRow], generated_at: datetime) -> bytes:
    """The feed of ``area``'s open ``deadlines``, stamped ``generated_at`` (an aware instant)."""
    feed = Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", f"MAPPA {area} deadlines")
    feed.add("x-wr-caldesc", f"Open MAPPA deadlines of area {area}, from mappa-flow")
    # RFC 7986. icalendar does not know this property and would write a bare timedelta as text ("1:00:00"),
    # which is not a DURATION: say the type.
    feed.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    feed.add("x-published-ttl", "PT1H")  # Outlook's name for the same hint
    for deadline in sorted(deadlines, key=lambda d: (d.due_on, d.deadline_id)):
        feed.add_component(_event(deadline, generated_at))
    return bytes(feed.to_ical())


def _event(deadline: DeadlineRow, generated_at: datetime) -> Event:
    event = Event()
    event.add("uid", deadline_uid(deadline.deadline_id))
    event.add("dtstamp", generated_at)
    event.add("dtstart", deadline.due_on)
    event.add("dtend", deadline.due_on + timedelta(days=1))
    event.add("summary", summary(deadline))
    event.add("description", _description(deadline))
    event.add("categories", [deadline.kind])
    event.add("transp", "TRANSPARENT")
    return event


def summary(deadline: DeadlineRow) -> str:
    about = deadline.case_reference or deadline.subject_ref
    extra = f" ({deadline.subject_ref})" if deadline.case_reference and \
        deadline.subject_ref != deadline.case_reference else ""
    return f"{about}{extra}: {what_is_due(deadline.kind)} due"


def _description(deadline: DeadlineRow) -> str:
    rule = deadline.rule
    return (f"Due by {deadline.due_on.isoformat()}: {what_is_due(deadline.kind)}.\n"
            f"Why: {rule}: {RULE_MEANINGS.get(rule, 'see RULES.md')}.\n"
            "Record it in mappa-flow once done; it then leaves this calendar.")
