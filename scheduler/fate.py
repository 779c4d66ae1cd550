"""Whether a reminder waiting to go out is still worth sending: its deadline's fate since it was recorded.

A deadline met or withdrawn gets no more reminders, even when the event that
met it was recorded late; one that moved (a new due date) has new reminders of
its own, so the old ones are cancelled rather than sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple
from uuid import UUID

from sqlalchemy import Connection, select

from projections.deadlines.tables import deadline_table
from projections.views.reminder import ReminderRow

_CHUNK = 500


class DeadlineFate(NamedTuple):
    """Where a deadline stands now: its status, due date and the reason it closed (if it did)."""

    status: str
    due_on: date
    reason: str | None


def deadline_fates(conn: Connection, deadline_ids: Sequence[str]) -> dict[str, DeadlineFate]:
    """The fate of each of ``deadline_ids`` that the deadlines view knows, by deadline id."""
    t = deadline_table
    found: dict[str, DeadlineFate] = {}
    for start in range(0, len(deadline_ids), _CHUNK):
        part = deadline_ids[start:start + _CHUNK]
        query = select(t.c.deadline_id, t.c.status, t.c.due_on, t.c.reason).where(t.c.deadline_id.in_(part))
        found.update({row.deadline_id: DeadlineFate(row.status, row.due_on, row.reason) for row in conn.execute(query)})
    return found


def cancel_reason(reminder: ReminderRow, fate: DeadlineFate | None) -> str | None:
    """Why ``reminder`` should not go out ("met", "withdrawn", "moved"), or None to send it."""
    if fate is None:
        return "withdrawn"  # the deadline no longer exists (a late event showed it never arose)
    if fate.status == "met":
        return "met"
    if fate.status != "open":
        return "moved" if "supersed" in (fate.reason or "") else "withdrawn"
    return "moved" if fate.due_on != reminder.due_on else None


def superseded_stages(rows: Sequence[ReminderRow]) -> set[UUID]:
    """Of several waiting stages of one deadline, all but the latest: one e-mail says it all."""
    latest: dict[tuple[str, date], ReminderRow] = {}
    for row in rows:
        key = (row.deadline_id, row.due_on)
        if key not in latest or row.comes_on > latest[key].comes_on:
            latest[key] = row
    keep = {row.reminder_id for row in latest.values()}
    return {UUID(row.reminder_id) for row in rows if row.reminder_id not in keep}
