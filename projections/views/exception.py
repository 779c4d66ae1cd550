"""Reasons recorded against indicator exceptions (R-PI-EXC).

``pv_exception_reason`` keeps one row per recorded or revised reason, never
updated, with its business date and recording time: reports show the latest
reason for each exception, and a report "as known at" a past moment shows the
reason known then.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import BigInteger, Column, Connection, Date, DateTime, Index, String, Table

from domain.exception_reason import ExceptionReason
from projections.bulk import insert_rows
from projections.private import PrivateText
from projections.source import Positioned
from projections.view import View, metadata

reason_table = Table(
    "pv_exception_reason",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("reason_id", String(36), nullable=False),
    Column("exception_key", String(200), nullable=False),
    Column("indicator", String(10), nullable=False),
    Column("area", String(40), nullable=False),
    Column("case_reference", String(40), nullable=False),
    Column("category", String(40), nullable=False),
    Column("agency", String(60)),
    Column("text", PrivateText, nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("recorded_by", PrivateText, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("ix_pv_exception_reason_area", "area", "indicator"),
    Index("ix_pv_exception_reason_key", "exception_key"),
)


class ExceptionReasonView(View):
    name = "exception_reasons"
    version = 2  # 2: free text, e-mail addresses and names are PrivateText (encrypted with a key)
    tables = (reason_table,)
    topics = (ExceptionReason.ReasonRecorded.TOPIC, ExceptionReason.ReasonRevised.TOPIC)

    def apply(self, conn: Connection, batch: Sequence[Positioned]) -> None:
        known = _known(conn, batch)
        rows = []
        for item in batch:
            event = item.event
            reason_id = str(event.originator_id)
            if isinstance(event, ExceptionReason.ReasonRecorded):
                known[reason_id] = {"reason_id": reason_id, "exception_key": event.exception_key,
                                    "indicator": event.indicator, "area": event.area,
                                    "case_reference": event.case_reference}
            rows.append({**known[reason_id], "position": item.position, "category": event.category,
                         "agency": event.agency, "text": event.text, "occurred_on": event.occurred_on,
                         "recorded_by": event.recorded_by, "recorded_at": event.timestamp})
        insert_rows(conn, reason_table, rows)


def _known(conn: Connection, batch: Sequence[Positioned]) -> dict[str, dict[str, Any]]:
    """The identifying columns of the exceptions whose reasons this batch revises."""
    wanted = {str(p.event.originator_id) for p in batch if not isinstance(p.event, ExceptionReason.ReasonRecorded)}
    if not wanted:
        return {}
    columns = (reason_table.c.reason_id, reason_table.c.exception_key, reason_table.c.indicator,
               reason_table.c.area, reason_table.c.case_reference)
    found = conn.execute(reason_table.select().with_only_columns(*columns)
                         .where(reason_table.c.reason_id.in_(wanted))).mappings()
    return {row["reason_id"]: dict(row) for row in found}
