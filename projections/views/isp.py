"""Intensive Support Package facts for the SOG's register (R-ISP-1, R-ISP-2).

``pv_isp`` holds each package as approved; ``pv_isp_fact`` one row per funding
period approved (the first one and each renewal), renewal request and ending,
with its business date and recording time. Rows are only ever inserted, so the
register and the costs can be read as of any date.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import BigInteger, Boolean, Column, Connection, Date, DateTime, String, Table

from domain.isp import Isp
from projections.bulk import insert_rows
from projections.private import PrivateText
from projections.source import Positioned
from projections.view import View, metadata

isp_table = Table(
    "pv_isp",
    metadata,
    Column("isp_id", String(36), primary_key=True),
    Column("isp_ref", String(40), nullable=False),
    Column("case_id", String(36), nullable=False),
    Column("case_reference", String(40), nullable=False),
    Column("area", String(40), nullable=False, index=True),
    Column("approved_on", Date, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("position", BigInteger, nullable=False),
)

isp_fact_table = Table(
    "pv_isp_fact",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("isp_id", String(36), nullable=False, index=True),
    Column("kind", String(20), nullable=False),  # period, renewal-requested, ended
    Column("occurred_on", Date, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("starts_on", Date),
    Column("ends_on", Date),
    Column("cost_pence", BigInteger),
    Column("provider", PrivateText),
    Column("approved_late", Boolean),
    Column("risk_assessed_on", Date),
)

_DETAILS = ("starts_on", "ends_on", "cost_pence", "provider", "approved_late", "risk_assessed_on")


class IspView(View):
    name = "isp"
    version = 2  # 2: free text, e-mail addresses and names are PrivateText (encrypted with a key)
    tables = (isp_table, isp_fact_table)
    topics = (Isp.Approved.TOPIC, Isp.RenewalRequested.TOPIC, Isp.Renewed.TOPIC, Isp.Ended.TOPIC)

    def apply(self, conn: Connection, batch: Sequence[Positioned]) -> None:
        packages, facts = [], []
        for item in batch:
            if isinstance(item.event, Isp.Approved):
                packages.append(_isp_row(item))
            facts.append(_fact_row(item))
        insert_rows(conn, isp_table, packages)
        insert_rows(conn, isp_fact_table, facts)


def _isp_row(item: Positioned) -> dict[str, Any]:
    event = item.event
    return {
        "isp_id": str(event.originator_id), "isp_ref": event.isp_ref, "case_id": str(event.case_id),
        "case_reference": event.case_reference, "area": event.area, "approved_on": event.occurred_on,
        "recorded_at": event.timestamp, "position": item.position,
    }


def _fact_row(item: Positioned) -> dict[str, Any]:
    event = item.event
    row: dict[str, Any] = {name: getattr(event, name, None) for name in _DETAILS}
    if isinstance(event, (Isp.Approved, Isp.Renewed)):
        kind = "period"
        row["approved_late"] = bool(row["approved_late"])
    else:
        kind = "renewal-requested" if isinstance(event, Isp.RenewalRequested) else "ended"
    row.update(position=item.position, isp_id=str(event.originator_id), kind=kind, occurred_on=event.occurred_on,
               recorded_at=event.timestamp)
    return row
