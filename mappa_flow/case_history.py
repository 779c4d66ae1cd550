"""A case as a co-ordinator sees it: where it stands now, and everything recorded about it, in date order.

The history holds the case's own events and those of its meetings, Intensive Support Packages,
Significant Case Reviews and audits. They are found by reading the creation events of those
records (filtered by topic in the database) and loading the ones of this case. That reads the
event store directly, so it never lags; a read model can replace the search when stores grow large.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from domain.audit import Audit
from domain.case import Case
from domain.errors import CaseNotFoundError
from domain.isp import Isp
from domain.meeting import Meeting
from domain.scr import Scr
from mappa_flow.application import MappaApplication
from mappa_flow.describe import describe, event_name

PAGE = 1000
# The creation event of each kind of record about a case: its label and the field holding its reference.
_CREATIONS: dict[str, tuple[str, str]] = {
    Meeting.Held.TOPIC: ("meeting", "meeting_ref"), Isp.Approved.TOPIC: ("ISP", "isp_ref"),
    Scr.Commissioned.TOPIC: ("SCR", "scr_ref"), Audit.Completed.TOPIC: ("audit", "audit_ref"),
}


@dataclass(frozen=True)
class HistoryEntry:
    occurred_on: date  # the business date
    recorded_at: datetime
    recorded_by: str
    event: str  # the kind of event, in words
    summary: str  # one line, without free text (describe.py)
    subject: str  # "case", or the record it belongs to: "meeting MTG-1", "ISP ISP-1", ...
    command_id: str
    topic: str


@dataclass(frozen=True)
class CaseHistory:
    state: dict[str, Any]
    entries: list[HistoryEntry]


def case_history(app: MappaApplication, reference: str) -> CaseHistory:
    """The current state and full history of case ``reference``; CaseNotFoundError if there is none."""
    try:
        case: Case = app.repository.get(app.ids.case(reference))
    except AggregateNotFoundError:
        raise CaseNotFoundError(f"no case has reference {reference}", field="case_reference", value=reference,
                                rule="R-CASE-1") from None
    entries = [_entry(event, "case") for event in app.events.get(case.id)]
    for record_id, subject in _related(app, case):
        entries.extend(_entry(event, subject) for event in app.events.get(record_id))
    entries.sort(key=lambda entry: (entry.occurred_on, entry.recorded_at))
    return CaseHistory(case_state(case), entries)


def case_state(case: Case) -> dict[str, Any]:
    return {
        "reference": case.reference, "area": case.area, "category": case.category, "level": case.level,
        "status": "archived" if case.archived else "open",
        "custody": "in custody" if case.in_custody else "in the community",
        "expected_release_on": case.expected_release_on, "wanted_or_missing": case.missing,
        "referred_on": case.referred_on, "orders": dict(sorted(case.orders.items())),
        "version": case.version,
    }


def _related(app: MappaApplication, case: Case) -> Iterator[tuple[UUID, str]]:
    """Ids of the meetings, ISPs, SCRs and audits of ``case`` (and audits of its meetings), with a label."""
    meetings: set[str] = set()  # an audit of one of the case's meetings belongs to its history too
    for event in _creations(app):
        kind, reference_field = _CREATIONS[type(event).TOPIC]
        reference = getattr(event, reference_field)
        if event.case_reference == case.reference or getattr(event, "meeting_ref", None) in meetings:
            if kind == "meeting":
                meetings.add(reference)
            yield event.originator_id, f"{kind} {reference}"


def _creations(app: MappaApplication) -> Iterator[Any]:
    start = 1
    while True:
        page = app.recorder.select_notifications(start, PAGE, topics=list(_CREATIONS))
        yield from (app.mapper.to_domain_event(notification) for notification in page)
        if len(page) < PAGE:
            return
        start = page[-1].id + 1


def _entry(event: Any, subject: str) -> HistoryEntry:
    summary = describe(event)
    if subject != "case" and not isinstance(event, _CREATION_CLASSES):
        summary = f"{subject.split()[-1]}: {summary}"  # its reference, e.g. "MTG-1: Minute issued"
    return HistoryEntry(
        occurred_on=event.occurred_on, recorded_at=event.timestamp, recorded_by=event.recorded_by,
        event=event_name(event), summary=summary, subject=subject, command_id=event.command_id,
        topic=type(event).TOPIC,
    )


_CREATION_CLASSES = (Meeting.Held, Isp.Approved, Scr.Commissioned, Audit.Completed)
