"""The case index: which aggregates and which events concern each case (the auditor's histories read it).

``audit_case_member`` holds a row per aggregate that joined a case, ``audit_case_event`` a row per event of
those aggregates. So finding a case's history never scans the log. The index is a view like any other: the
projector hands it each batch once, in the transaction that moves its tracking position, so a crash or a
second process never indexes an event twice (tracking.lock; the rows' primary keys refuse it too).

An aggregate joins a case when one of its events names the case: a ``case_id`` or a ``case_reference``
attribute, or a reference to an aggregate that already belongs to the case (a receipt's ``subject_ids``, an
audit's ``meeting_ref``). So a new aggregate type that carries ``case_id`` or ``case_reference`` joins case
histories with no change here: the view takes every event of the log (``every_topic``), whatever its topic.
The case's own stream joins by its referral.

``audit_case_snapshot`` holds the auditor's snapshots of a case's state (mappa_flow/audit/states.py): its
queries write them, not ``apply``, so they are a cache (``caches``), emptied with the index and never
compared with a rebuild.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC
from typing import Any, Protocol
from uuid import UUID

from sqlalchemy import BigInteger, Column, Connection, Date, DateTime, Index, LargeBinary, String, Table, select

from domain.case import Case
from projections.source import Positioned
from projections.view import View, metadata

case_member = Table(
    "audit_case_member",
    metadata,
    Column("case_id", String(32), primary_key=True),
    Column("originator_id", String(32), primary_key=True),
    Column("aggregate", String(60), nullable=False),  # Case, Meeting, Isp, CommandReceipt, AccessRecord, ...
    Column("position", BigInteger, nullable=False),  # the notification at which it joined the case
    Index("ix_audit_case_member_originator", "originator_id"),
)

case_event = Table(
    "audit_case_event",
    metadata,
    Column("case_id", String(32), primary_key=True),
    Column("position", BigInteger, primary_key=True),
    Column("originator_id", String(32), nullable=False),
    Column("originator_version", BigInteger, nullable=False),
    Column("topic", String(120), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("recorded_at", DateTime, nullable=False),  # UTC, without zone, on both backends
    Index("ix_audit_case_event_day", "case_id", "occurred_on"),
)

case_snapshot = Table(
    "audit_case_snapshot",
    metadata,
    Column("case_id", String(32), primary_key=True),
    Column("as_at_on", Date, primary_key=True),  # the state after every event dated on or before this day
    Column("position", BigInteger, nullable=False),  # ... recorded at or before this notification
    Column("recorded_until", DateTime, nullable=False),  # the latest recording time among them (UTC)
    Column("state", LargeBinary, nullable=False),  # JSON, encrypted with the store's cipher when on
)

INDEX_NAME = "audit_case_index"  # the view's name, and its row in the tracking table


class AggregateIds(Protocol):
    """The ids of the aggregates a reference names (mappa_flow/ids.py: keyed by the cipher key, when set)."""

    def case(self, reference: str) -> UUID: ...

    def meeting(self, meeting_ref: str) -> UUID: ...


def aggregate_of(topic: str) -> str:
    """``mappa:Meeting.Held`` -> ``Meeting``."""
    return topic.split(":", 1)[-1].split(".", 1)[0]


class CaseIndexView(View):
    name = INDEX_NAME
    version = 2  # 2: a view of the projector, in the views' database (1: its own runner, in the store's)
    tables = (case_member, case_event, case_snapshot)
    caches = (case_snapshot,)
    topics = ()
    every_topic = True

    def __init__(self, ids: AggregateIds):
        self.ids = ids

    def apply(self, conn: Connection, batch: Sequence[Positioned]) -> None:
        wanted = {item.event.originator_id.hex for item in batch}
        wanted |= {linked.hex for item in batch for linked in self._linked_aggregates(item.event)}
        cases = _cases_of(conn, wanted)
        members: list[dict[str, Any]] = []
        rows: list[dict[str, Any]] = []
        for item in batch:
            own = cases.setdefault(item.event.originator_id.hex, set())
            for case_id in self._cases_named(item.event, cases) - own:
                own.add(case_id)
                members.append({"case_id": case_id, "originator_id": item.event.originator_id.hex,
                                "aggregate": aggregate_of(item.topic), "position": item.position})
            rows.extend(_event_row(case_id, item) for case_id in own)
        if members:
            conn.execute(case_member.insert(), members)
        if rows:
            conn.execute(case_event.insert(), rows)

    def _cases_named(self, event: Any, cases: dict[str, set[str]]) -> set[str]:
        """The cases an event names, directly or through an aggregate already in a case."""
        named: set[str] = set()
        if isinstance(event, Case.Referred):
            named.add(event.originator_id.hex)
        case_id = getattr(event, "case_id", None)
        if isinstance(case_id, UUID):
            named.add(case_id.hex)
        reference = getattr(event, "case_reference", None)
        if isinstance(reference, str) and reference:
            named.add(self.ids.case(reference).hex)
        for linked in self._linked_aggregates(event):
            named |= cases.get(linked.hex, set())
        return named

    def _linked_aggregates(self, event: Any) -> list[UUID]:
        linked = [i for i in getattr(event, "subject_ids", None) or () if isinstance(i, UUID)]
        meeting_ref = getattr(event, "meeting_ref", None)
        if isinstance(meeting_ref, str) and meeting_ref and not hasattr(event, "case_id"):
            linked.append(self.ids.meeting(meeting_ref))
        return linked


def _cases_of(conn: Connection, originator_ids: Iterable[str]) -> dict[str, set[str]]:
    """The cases each of these aggregates already belongs to."""
    found: dict[str, set[str]] = {}
    ids = list(originator_ids)
    for start in range(0, len(ids), 500):
        query = select(case_member.c.originator_id, case_member.c.case_id).where(
            case_member.c.originator_id.in_(ids[start:start + 500]))
        for originator_id, case_id in conn.execute(query):
            found.setdefault(originator_id, set()).add(case_id)
    return found


def _event_row(case_id: str, item: Positioned) -> dict[str, Any]:
    event = item.event
    recorded_at = event.timestamp.astimezone(UTC).replace(tzinfo=None)
    return {
        "case_id": case_id, "position": item.position, "originator_id": event.originator_id.hex,
        "originator_version": event.originator_version, "topic": item.topic,
        "occurred_on": getattr(event, "occurred_on", None) or recorded_at.date(), "recorded_at": recorded_at,
    }
