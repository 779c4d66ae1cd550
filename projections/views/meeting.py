"""Meeting facts: each meeting, its invitations, and each later step (R-MTG-1 to R-MTG-4).

Rows are only ever inserted, each with its business date and recording time,
so indicator rules can be computed as of any date and as known at any moment.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Index,
    Integer,
    String,
    Table,
)

from domain.meeting import Meeting
from projections.bulk import insert_tuples
from projections.private import PrivateText
from projections.source import Positioned
from projections.view import View, metadata

meeting_table = Table(
    "pv_meeting",
    metadata,
    Column("meeting_id", String(36), nullable=False),
    Column("meeting_ref", String(40), nullable=False),
    Column("case_id", String(36), nullable=False, index=True),
    Column("case_reference", String(40), nullable=False),
    Column("area", String(40), nullable=False),
    Column("held_on", Date, nullable=False),
    Column("level", Integer, nullable=False),
    Column("kind", String(10), nullable=False),
    Column("venue", String(10), nullable=False),
    Column("chair", PrivateText, nullable=False),
    Column("position", BigInteger, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("ix_pv_meeting_area_held", "area", "held_on"),
    Index("ux_pv_meeting_id", "meeting_id", unique=True),
)

invitation_table = Table(
    "pv_invitation",
    metadata,
    Column("meeting_id", String(36), nullable=False),
    Column("agency", String(60), nullable=False),
    Column("responsible", Boolean, nullable=False),
    Column("outcome", String(10), nullable=False),
    Column("at_seniority", Boolean, nullable=False),
    Index("ux_pv_invitation_meeting_agency", "meeting_id", "agency", unique=True),
)

step_table = Table(
    "pv_meeting_step",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("meeting_id", String(36), nullable=False, index=True),
    Column("step", String(20), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("value", String(60)),
    Column("in_minute", Boolean),
    Column("in_rmp", Boolean),
    Column("considered", Boolean),  # disclosure: whether disclosure was considered (R-MTG-3)
)

_STEPS: dict[type[Any], str] = {
    Meeting.DisclosureDecided: "disclosure",
    Meeting.ContributionRecorded: "contribution",
    Meeting.MinuteIssued: "minute-issued",
    Meeting.MinuteRatified: "minute-ratified",
    Meeting.RmpUpdated: "rmp-updated",
}


class MeetingFactsView(View):
    name = "meetings"
    version = 3  # 2: free text, e-mail addresses and names are PrivateText (encrypted with a key);
    # 3: a disclosure step keeps whether disclosure was considered (R-MTG-3)
    tables = (meeting_table, invitation_table, step_table)
    query_indexes = ("ix_pv_meeting_case_id", "ix_pv_meeting_area_held", "ix_pv_meeting_step_meeting_id",
                     "ux_pv_meeting_id", "ux_pv_invitation_meeting_agency")
    topics = (Meeting.Held.TOPIC, *(event_class.TOPIC for event_class in _STEPS))

    def apply(self, conn: Connection, batch: Sequence[Positioned]) -> None:
        meetings, invitations, steps = [], [], []
        for item in batch:
            event = item.event
            if isinstance(event, Meeting.Held):
                meetings.append(_meeting_row(item))
                invitations.extend(_invitation_rows(event))
            else:
                steps.append(_step_row(item))
        insert_tuples(conn, meeting_table, _MEETING_COLUMNS, meetings)
        insert_tuples(conn, invitation_table, _INVITATION_COLUMNS, invitations)
        insert_tuples(conn, step_table, _STEP_COLUMNS, steps)


# Rows are built as tuples of these columns' values: a rebuild writes hundreds of thousands of them.
_MEETING_COLUMNS = ("meeting_id", "meeting_ref", "case_id", "case_reference", "area", "held_on", "level", "kind",
                    "venue", "chair", "position", "recorded_at")
_INVITATION_COLUMNS = ("meeting_id", "agency", "responsible", "outcome", "at_seniority")
_STEP_COLUMNS = ("position", "meeting_id", "step", "occurred_on", "recorded_at", "value", "in_minute", "in_rmp",
                 "considered")


def _meeting_row(item: Positioned) -> tuple[Any, ...]:
    event = item.event
    return (str(event.originator_id), event.meeting_ref, str(event.case_id), event.case_reference, event.area,
            event.occurred_on, event.level, event.kind, event.venue, event.chair, item.position, event.timestamp)


def _invitation_rows(event: Meeting.Held) -> list[tuple[Any, ...]]:
    meeting_id = str(event.originator_id)
    return [(meeting_id, i.agency, i.responsible, i.outcome, i.at_seniority) for i in event.invitations]


def _step_row(item: Positioned) -> tuple[Any, ...]:
    event = item.event
    value, in_minute, in_rmp, considered = None, None, None, None
    if isinstance(event, Meeting.DisclosureDecided):
        value, considered = event.decision, event.considered
    elif isinstance(event, Meeting.ContributionRecorded):
        value, in_minute, in_rmp = event.agency, event.in_minute, event.in_rmp
    return (item.position, str(event.originator_id), _STEPS[type(event)], event.occurred_on, event.timestamp,
            value, in_minute, in_rmp, considered)
