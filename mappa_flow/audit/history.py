"""A case's history: every event that concerns it, across all its aggregates, one readable line each.

For each event: the business date, the recording time, who recorded it, the
command id, how many days late it was recorded (R-CAL-1), which record it
belongs to (the case, a meeting, an ISP, an SCR, an audit, a command receipt,
...), what happened in words (``event_title``) and a one-line summary. The
access log (who looked at the case) is kept out of the history itself and
listed on its own. Command receipts ("Command hold_meeting applied") repeat
what the events beside them say, so they are left out unless asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.event import MappaEvent
from mappa_flow.audit.index import CaseIndex, IndexedEvent
from mappa_flow.clock import LONDON
from mappa_flow.describe import describe
from mappa_flow.event_title import title
from projections.views.case_index import aggregate_of

ACCESS_AGGREGATE = "AccessRecord"
RECEIPT_AGGREGATE = "CommandReceipt"
_RECORD_NAMES = {"Isp": "ISP", "Scr": "SCR", "CommandReceipt": "Command", "AccessRecord": "Access",
                 "ExceptionReason": "Exception reason"}
# The field naming each record in its first event; any other aggregate X is named by its ``x_ref``.
_OWN_REF = {"Case": "reference", "CommandReceipt": "command_type", "AccessRecord": "subject",
            "ExceptionReason": "exception_key", "Reminder": "deadline_id"}


@dataclass(frozen=True)
class HistoryFilter:
    from_on: date | None = None  # business dates, inclusive
    to_on: date | None = None
    kinds: tuple[str, ...] = ()  # Case, Meeting.Held, LevelChanged, ... (any of them)
    order: str = "business"  # business: by business date, ties in recording order; recorded: as recorded
    receipts: bool = False  # also the command receipts (always when a kind asked for names them)

    def shows(self, kind: str) -> bool:
        """Whether events of ``kind`` (``Meeting.Held``) are in the history this filter asks for."""
        if not matches(kind, self.kinds):
            return False
        return self.receipts or aggregate_of(kind) != RECEIPT_AGGREGATE or bool(self.kinds)

    def in_words(self) -> str:
        """The scope, as recorded in the access log (no personal details)."""
        parts = []
        if self.from_on:
            parts.append(f"from {self.from_on.isoformat()}")
        if self.to_on:
            parts.append(f"to {self.to_on.isoformat()}")
        if self.kinds:
            parts.append(f"kinds {', '.join(self.kinds)}")
        if self.receipts:
            parts.append("with command receipts")
        return "; ".join(parts) or "everything"


@dataclass(frozen=True)
class HistoryEntry:
    position: int
    occurred_on: date
    recorded_at: datetime  # aware, UTC
    recorded_by: str
    command_id: str
    kind: str  # Case.LevelChanged
    record: str  # Case N-0001, Meeting M-7, Command record_meeting
    summary: str

    @property
    def event(self) -> str:
        """The kind in words: "Level changed", "ISP approved"."""
        return title(self.kind)

    @property
    def late_days(self) -> int:
        """Days between the business date and the day it was recorded (Europe/London)."""
        return (self.recorded_at.astimezone(LONDON).date() - self.occurred_on).days

    def as_dict(self) -> dict[str, Any]:
        return {
            "position": self.position, "occurred_on": self.occurred_on.isoformat(),
            "recorded_at": self.recorded_at.isoformat(), "late_days": self.late_days,
            "recorded_by": self.recorded_by, "command_id": self.command_id, "kind": self.kind,
            "event": self.event, "record": self.record, "summary": self.summary,
        }


def kind_of(topic: str) -> str:
    """``mappa:Meeting.Held`` -> ``Meeting.Held``."""
    return topic.split(":", 1)[-1]


def known_kinds() -> list[str]:
    """Every event kind mappa-flow records, for checking a --kind filter."""
    found: set[str] = set()
    pending: list[type[Any]] = [MappaEvent]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        topic = cls.__dict__.get("TOPIC")
        if isinstance(topic, str) and topic.startswith("mappa:") and not topic.endswith(".Event"):
            found.add(kind_of(topic))
    return sorted(found)


def matches(kind: str, wanted: tuple[str, ...]) -> bool:
    """A kind matches ``Meeting.Held``, ``Meeting`` or ``Held`` (any case)."""
    if not wanted:
        return True
    aggregate, _, name = kind.lower().partition(".")
    return any(w.lower() in (kind.lower(), aggregate, name) for w in wanted)


def unknown_kinds(wanted: tuple[str, ...]) -> list[str]:
    kinds = known_kinds()
    return [w for w in wanted if not any(matches(k, (w,)) for k in kinds)]


def case_history(index: CaseIndex, case_id: UUID, wanted: HistoryFilter) -> list[HistoryEntry]:
    access = {o for o, aggregate in index.members(case_id).items() if aggregate == ACCESS_AGGREGATE}
    indexed = [
        item for item in index.events(case_id, on_or_after=wanted.from_on, on_or_before=wanted.to_on)
        if item.originator_id not in access and wanted.shows(kind_of(item.topic))
    ]
    events = index.read(indexed, with_first=True)
    entries = [
        _entry(item, events[(item.originator_id, item.originator_version)],
               events.get((item.originator_id, 1)))
        for item in indexed if not _only_about(events[(item.originator_id, item.originator_version)], access)
    ]
    if wanted.order == "business":
        entries.sort(key=lambda e: (e.occurred_on, e.position))
    return entries


def _only_about(event: Any, access: set[UUID]) -> bool:
    """A command receipt for an access record only: part of the access log, not of the history."""
    subjects = set(getattr(event, "subject_ids", None) or ())
    return bool(subjects) and subjects <= access


def _entry(item: IndexedEvent, event: Any, first: Any) -> HistoryEntry:
    return HistoryEntry(
        position=item.position, occurred_on=item.occurred_on, recorded_at=item.recorded_at,
        recorded_by=str(getattr(event, "recorded_by", "")), command_id=str(getattr(event, "command_id", "")),
        kind=kind_of(item.topic), record=record_label(item.topic, first), summary=describe(event),
    )


def record_label(topic: str, first: Any) -> str:
    """The record an event belongs to, named by the reference its first event carries."""
    aggregate = aggregate_of(topic)
    name = _RECORD_NAMES.get(aggregate, aggregate)
    value = getattr(first, _OWN_REF.get(aggregate, f"{aggregate.lower()}_ref"), None)
    return f"{name} {value}" if isinstance(value, str) and value else name
