"""Audits done and the random case samples drawn for them (R-AUD-1, guidance 19.18-19.21).

``pv_audit`` holds one row per completed audit (case, meeting or Level 1).
``pv_audit_sample`` one row per recorded draw, and ``pv_audit_sample_case``
every case that was eligible for it, with its rank when it was selected, so
that the register can show each draw reproduced from what it recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import BigInteger, Boolean, Column, Connection, Date, DateTime, Integer, String, Table

from domain.audit import Audit
from domain.audit_sample import AuditSample
from projections.bulk import insert_rows
from projections.source import Positioned
from projections.view import View, metadata

audit_table = Table(
    "pv_audit",
    metadata,
    Column("audit_id", String(36), primary_key=True),
    Column("audit_ref", String(40), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("area", String(40), nullable=False, index=True),
    Column("case_reference", String(40)),
    Column("meeting_ref", String(40)),
    Column("completed_on", Date, nullable=False),
    Column("sample_ref", String(40)),  # the recorded draw that selected the case, if any
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("position", BigInteger, nullable=False),
)

sample_table = Table(
    "pv_audit_sample",
    metadata,
    Column("sample_id", String(36), primary_key=True),
    Column("sample_ref", String(40), nullable=False),
    Column("area", String(40), nullable=False, index=True),
    Column("reporting_year", String(7), nullable=False),
    Column("drawn_on", Date, nullable=False),
    Column("seed", BigInteger, nullable=False),
    Column("seed_derived", Boolean, nullable=False),
    Column("requested_size", Integer, nullable=False),
    Column("method", String(30), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("position", BigInteger, nullable=False),
)

sample_case_table = Table(
    "pv_audit_sample_case",
    metadata,
    Column("sample_id", String(36), primary_key=True),
    Column("case_reference", String(40), primary_key=True),
    Column("rank", Integer),  # 1 for the first case selected; None for an eligible case not selected
)


class AuditView(View):
    name = "audits"
    tables = (audit_table, sample_table, sample_case_table)
    topics = (Audit.Completed.TOPIC, AuditSample.Drawn.TOPIC)

    def apply(self, conn: Connection, batch: Sequence[Positioned]) -> None:
        audits, samples, sample_cases = [], [], []
        for item in batch:
            if isinstance(item.event, Audit.Completed):
                audits.append(_audit_row(item))
            else:
                samples.append(_sample_row(item))
                sample_cases.extend(_sample_case_rows(item.event))
        for table, rows in ((audit_table, audits), (sample_table, samples), (sample_case_table, sample_cases)):
            insert_rows(conn, table, rows)


def _audit_row(item: Positioned) -> dict[str, Any]:
    event = item.event
    return {
        "audit_id": str(event.originator_id), "audit_ref": event.audit_ref, "kind": event.kind, "area": event.area,
        "case_reference": event.case_reference, "meeting_ref": event.meeting_ref,
        "completed_on": event.occurred_on, "sample_ref": event.sample_ref,
        "recorded_at": event.timestamp, "position": item.position,
    }


def _sample_row(item: Positioned) -> dict[str, Any]:
    event = item.event
    return {
        "sample_id": str(event.originator_id), "sample_ref": event.sample_ref, "area": event.area,
        "reporting_year": event.reporting_year, "drawn_on": event.occurred_on, "seed": event.seed,
        "seed_derived": event.seed_derived, "requested_size": event.requested_size, "method": event.method,
        "recorded_at": event.timestamp, "position": item.position,
    }


def _sample_case_rows(event: AuditSample.Drawn) -> list[dict[str, Any]]:
    ranks = {reference: rank for rank, reference in enumerate(event.selected, start=1)}
    return [
        {"sample_id": str(event.originator_id), "case_reference": reference, "rank": ranks.get(reference)}
        for reference in event.eligible
    ]
