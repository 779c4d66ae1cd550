"""Facts the SOG statistics need beyond the case-change rows (RULES §5, guidance 19.14).

``pv_case_change`` records each preventative order event with only one detail
(the route of an application, the reference of a decision), and each further
offence without its stage. The statistics count orders as civil or criminal at
every step (applied, granted, refused, breached), and offences by kind and
stage, so this view keeps one row per such event with the order's route and
type carried forward from the application. Rows are only ever inserted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import BigInteger, Column, Connection, Date, DateTime, Index, String, Table, select, tuple_

from domain.case import Case
from domain.vocabulary import OrderRoute
from projections.bulk import insert_rows
from projections.private import PrivateText
from projections.source import Positioned
from projections.view import View, metadata

case_fact_table = Table(
    "pv_case_stat_fact",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("case_id", String(36), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("order_ref", String(40)),
    Column("route", String(10)),
    Column("order_type", PrivateText),
    Column("offence", String(10)),
    Column("stage", String(10)),
    Index("ix_pv_case_stat_fact_order", "case_id", "order_ref"),
    Index("ix_pv_case_stat_fact_kind", "kind", "occurred_on"),
)

_KINDS: dict[type[Any], str] = {
    Case.OrderApplied: "order-applied",
    Case.OrderGranted: "order-granted",
    Case.OrderRefused: "order-refused",
    Case.OrderMadeAtConviction: "order-made-at-conviction",
    Case.OrderBreached: "order-breached",
    Case.FurtherOffenceRecorded: "further-offence",
}

OrderKey = tuple[str, str]  # (case_id, order_ref)


class CaseStatFactsView(View):
    """One row per preventative-order event and further offence, with route, type, kind and stage."""

    name = "case_stat_facts"
    version = 2  # 2: free text, e-mail addresses and names are PrivateText (encrypted with a key)
    tables = (case_fact_table,)
    query_indexes = ("ix_pv_case_stat_fact_kind",)  # not the order index: apply looks orders up by it
    topics = tuple(event_class.TOPIC for event_class in _KINDS)

    def apply(self, conn: Connection, batch: Sequence[Positioned]) -> None:
        orders = _known_orders(conn, batch)
        rows = []
        for item in batch:
            row = _fact_row(item)
            key = (row["case_id"], row["order_ref"])
            if row["kind"] in ("order-applied", "order-made-at-conviction"):
                orders[key] = (row["route"], row["order_type"])
            elif row["order_ref"] is not None:
                row["route"], row["order_type"] = orders.get(key, (None, None))
            rows.append(row)
        insert_rows(conn, case_fact_table, rows)


def _fact_row(item: Positioned) -> dict[str, Any]:
    event = item.event
    row: dict[str, Any] = {
        "position": item.position, "case_id": str(event.originator_id), "kind": _KINDS[type(event)],
        "occurred_on": event.occurred_on, "recorded_at": event.timestamp,
        "order_ref": getattr(event, "order_ref", None), "route": getattr(event, "route", None),
        "order_type": getattr(event, "order_type", None), "offence": getattr(event, "offence", None),
        "stage": getattr(event, "stage", None),
    }
    if isinstance(event, Case.OrderMadeAtConviction):
        row["route"] = OrderRoute.CRIMINAL.value  # made by the court at the point of criminal conviction
    return row


def _known_orders(conn: Connection, batch: Sequence[Positioned]) -> dict[OrderKey, tuple[str | None, str | None]]:
    """Route and type of the orders this batch decides or breaches, from earlier batches."""
    wanted = {
        (str(p.event.originator_id), p.event.order_ref)
        for p in batch if isinstance(p.event, (Case.OrderGranted, Case.OrderRefused, Case.OrderBreached))
    }
    if not wanted:
        return {}
    t = case_fact_table
    query = select(t.c.case_id, t.c.order_ref, t.c.route, t.c.order_type).where(
        t.c.kind.in_(("order-applied", "order-made-at-conviction")),
        tuple_(t.c.case_id, t.c.order_ref).in_(sorted(wanted)),
    )
    return {(r.case_id, r.order_ref): (r.route, r.order_type) for r in conn.execute(query)}
