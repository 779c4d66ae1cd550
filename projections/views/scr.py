"""Significant Case Review facts for the SOG's tracker (R-SCR-1, R-SCR-2).

``pv_scr`` holds each review as commissioned; ``pv_scr_fact`` one row per later
event (reviewer appointed, report published, finding, recommendation made or
closed, action assigned or progressed, stage evaluated, review closed) with its
business date and recording time. Rows are only ever inserted, so the tracker
can be read as of any date and as known at any moment.
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
    Integer,
    String,
    Table,
)

from domain.scr import Scr
from projections.bulk import insert_rows
from projections.private import PrivateText
from projections.source import Positioned
from projections.view import View, metadata

scr_table = Table(
    "pv_scr",
    metadata,
    Column("scr_id", String(36), primary_key=True),
    Column("scr_ref", String(40), nullable=False),
    Column("area", String(40), nullable=False, index=True),
    Column("case_reference", String(40)),
    Column("commissioned_on", Date, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("position", BigInteger, nullable=False),
)

scr_fact_table = Table(
    "pv_scr_fact",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("scr_id", String(36), nullable=False, index=True),
    Column("kind", String(30), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("ref", String(40)),  # finding, recommendation or action reference
    Column("parent_ref", String(40)),  # an action's recommendation
    Column("owner", String(60)),  # an action's owning agency
    Column("due_on", Date),
    Column("value", PrivateText),  # report extent, recommendation outcome, or the stage evaluated
    Column("rating", Integer),
    Column("completed", Boolean),
    Column("comment", PrivateText),  # the SOG's comment on a stage (shown in the tracker, never logged)
)

# kind, and the event fields stored in (ref, parent_ref, owner, due_on, value, rating, completed, comment)
_FACTS: dict[type[Any], tuple[str, dict[str, str]]] = {
    Scr.ReviewerAppointed: ("reviewer-appointed", {}),
    Scr.ReportPublished: ("report-published", {"value": "extent"}),
    Scr.FindingRecorded: ("finding", {"ref": "finding_ref"}),
    Scr.RecommendationMade: ("recommendation-made", {"ref": "recommendation_ref"}),
    Scr.ActionAssigned: ("action-assigned", {"ref": "action_ref", "parent_ref": "recommendation_ref",
                                              "owner": "owner", "due_on": "due_on"}),
    Scr.ActionProgressed: ("action-progressed", {"ref": "action_ref", "completed": "completed"}),
    Scr.RecommendationClosed: ("recommendation-closed", {"ref": "recommendation_ref", "value": "outcome"}),
    Scr.StageEvaluated: ("stage-evaluated", {"value": "stage", "rating": "rating", "comment": "comment"}),
    Scr.Closed: ("closed", {}),
}

_DETAILS = ("ref", "parent_ref", "owner", "due_on", "value", "rating", "completed", "comment")


class ScrView(View):
    name = "scr"
    version = 2  # 2: free text, e-mail addresses and names are PrivateText (encrypted with a key)
    tables = (scr_table, scr_fact_table)
    topics = (Scr.Commissioned.TOPIC, *(event_class.TOPIC for event_class in _FACTS))

    def apply(self, conn: Connection, batch: Sequence[Positioned]) -> None:
        reviews, facts = [], []
        for item in batch:
            if isinstance(item.event, Scr.Commissioned):
                reviews.append(_scr_row(item))
            else:
                facts.append(_fact_row(item))
        for table, rows in ((scr_table, reviews), (scr_fact_table, facts)):
            insert_rows(conn, table, rows)


def _scr_row(item: Positioned) -> dict[str, Any]:
    event = item.event
    return {
        "scr_id": str(event.originator_id), "scr_ref": event.scr_ref, "area": event.area,
        "case_reference": event.case_reference, "commissioned_on": event.occurred_on,
        "recorded_at": event.timestamp, "position": item.position,
    }


def _fact_row(item: Positioned) -> dict[str, Any]:
    event = item.event
    kind, fields = _FACTS[type(event)]
    row: dict[str, Any] = dict.fromkeys(_DETAILS)
    row.update({column: getattr(event, attribute) for column, attribute in fields.items()})
    row.update(position=item.position, scr_id=str(event.originator_id), kind=kind, occurred_on=event.occurred_on,
               recorded_at=event.timestamp)
    return row
