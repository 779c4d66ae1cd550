"""The case register (current state of every case) and the case-change facts.

``pv_case`` holds what each case is now. ``pv_case_change`` keeps one row per
lifecycle event with its business date and recording time, never updated, so
that rules can fold a case's timeline in business-date order (R-CAL-1) and an
auditor can ask what was known at a past moment.
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
    null,
    select,
)

from domain.case import Case
from projections.bulk import insert_rows, one_of, upsert_rows
from projections.private import PrivateText
from projections.source import Positioned
from projections.view import View, metadata

case_table = Table(
    "pv_case",
    metadata,
    Column("case_id", String(36), primary_key=True),
    Column("reference", String(40), nullable=False, index=True),
    Column("area", String(40), nullable=False, index=True),
    Column("category", Integer, nullable=False),
    Column("level", Integer, nullable=False),
    Column("in_custody", Boolean, nullable=False),
    Column("expected_release_on", Date),
    Column("missing", String(10)),
    Column("missing_since", Date),
    Column("archived", Boolean, nullable=False),
    Column("archived_on", Date),
    Column("referred_on", Date, nullable=False),
    Column("age_band", String(10)),
    Column("gender", String(20)),
    Column("ethnicity", PrivateText),
    Column("last_event_on", Date, nullable=False),
    Column("position", BigInteger, nullable=False),
)

change_table = Table(
    "pv_case_change",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("case_id", String(36), nullable=False),
    Column("area", String(40), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("level", Integer),
    Column("in_custody", Boolean),
    Column("category", Integer),
    Column("value", String(200)),
    Column("flag", Boolean),
    Column("on_date", Date),
    Index("ix_pv_case_change_case", "case_id", "occurred_on"),
    Index("ix_pv_case_change_area_kind", "area", "kind", "occurred_on"),
)

# kind, and the event fields stored in (level, in_custody, category, value, flag, on_date)
_CHANGE_FIELDS: dict[type[Any], tuple[str, dict[str, str]]] = {
    Case.Referred: ("referred", {"level": "level", "in_custody": "in_custody", "category": "category",
                                 "on_date": "expected_release_on", "value": "referring_agency"}),
    Case.LevelChanged: ("level-changed", {"level": "level"}),
    Case.ReleaseDateSet: ("release-date-set", {"on_date": "release_on"}),
    Case.Released: ("released", {}),
    Case.Recalled: ("recalled", {"value": "breach", "flag": "recalled_to_prison"}),
    Case.WantedOrMissingDeclared: ("missing", {"value": "status"}),
    Case.Located: ("located", {}),
    Case.FurtherOffenceRecorded: ("further-offence", {"value": "offence"}),
    Case.OrderApplied: ("order-applied", {"value": "route"}),
    Case.OrderGranted: ("order-granted", {"value": "order_ref"}),
    Case.OrderRefused: ("order-refused", {"value": "order_ref"}),
    Case.OrderMadeAtConviction: ("order-made-at-conviction", {"value": "order_ref"}),
    Case.OrderBreached: ("order-breached", {"value": "order_ref"}),
    Case.Archived: ("archived", {}),
    Case.Reopened: ("reopened", {"level": "level", "in_custody": "in_custody"}),
}

# what a register row's update may change (an upsert leaves the indexed reference and area alone)
_CHANGING = ("level", "in_custody", "expected_release_on", "missing", "missing_since", "archived", "archived_on",
             "last_event_on", "position")


# what ``_load`` reads of a register row: not its ethnicity (private text, decrypted for nothing), which an
# update never changes (the upsert keeps the stored value)
_LOADED = [null().label(column.name) if column.name == "ethnicity" else column for column in case_table.c]


class CaseRegisterView(View):
    """R-CASE-1: area, category, level, custody or community, release date, wanted or missing, archived."""

    name = "case_register"
    version = 2  # 2: free text, e-mail addresses and names are PrivateText (encrypted with a key)
    tables = (case_table, change_table)
    query_indexes = ("ix_pv_case_reference", "ix_pv_case_area", "ix_pv_case_change_case", "ix_pv_case_change_area_kind")
    topics = tuple(event_class.TOPIC for event_class in _CHANGE_FIELDS)

    def apply(self, conn: Connection, batch: Sequence[Positioned]) -> None:
        rows = self._load(conn, batch)
        changes = []
        for item in batch:
            event = item.event
            if isinstance(event, Case.Referred):
                rows[str(event.originator_id)] = _new_row(event)
            row = rows[str(event.originator_id)]
            _apply(row, event)
            row["last_event_on"] = max(row["last_event_on"], event.occurred_on)
            row["position"] = item.position
            changes.append(_change_row(item, row["area"]))
        upsert_rows(conn, case_table, "case_id", rows.values(), _CHANGING)
        insert_rows(conn, change_table, changes)

    @staticmethod
    def _load(conn: Connection, batch: Sequence[Positioned]) -> dict[str, dict[str, Any]]:
        wanted = sorted({str(p.event.originator_id) for p in batch if not isinstance(p.event, Case.Referred)})
        if not wanted:
            return {}
        found = conn.execute(select(*_LOADED).where(one_of(conn, case_table.c.case_id, wanted))).mappings()
        return {row["case_id"]: dict(row) for row in found}


def _new_row(event: Case.Referred) -> dict[str, Any]:
    return {
        "case_id": str(event.originator_id), "reference": event.reference, "area": event.area,
        "category": event.category, "level": event.level, "in_custody": event.in_custody,
        "expected_release_on": event.expected_release_on, "missing": None, "missing_since": None,
        "archived": False, "archived_on": None, "referred_on": event.occurred_on, "age_band": event.age_band,
        "gender": event.gender, "ethnicity": event.ethnicity, "last_event_on": event.occurred_on, "position": 0,
    }


def _apply(row: dict[str, Any], event: Any) -> None:
    """The same state changes as the aggregate, applied to a register row."""
    if isinstance(event, Case.LevelChanged):
        row["level"] = event.level
    elif isinstance(event, Case.ReleaseDateSet):
        row["expected_release_on"] = event.release_on
    elif isinstance(event, Case.Released):
        row.update(in_custody=False, expected_release_on=None)
    elif isinstance(event, Case.Recalled):
        row["in_custody"] = row["in_custody"] or event.recalled_to_prison
    elif isinstance(event, Case.WantedOrMissingDeclared):
        row.update(missing=event.status, missing_since=event.occurred_on)
    elif isinstance(event, Case.Located):
        row.update(missing=None, missing_since=None)
    elif isinstance(event, Case.Archived):
        row.update(archived=True, archived_on=event.occurred_on)
    elif isinstance(event, Case.Reopened):
        row.update(archived=False, archived_on=None, level=event.level, in_custody=event.in_custody)


def _change_row(item: Positioned, area: str) -> dict[str, Any]:
    event = item.event
    kind, fields = _CHANGE_FIELDS[type(event)]
    row: dict[str, Any] = dict.fromkeys(("level", "in_custody", "category", "value", "flag", "on_date"))
    row.update({column: getattr(event, attribute) for column, attribute in fields.items()})
    row.update(position=item.position, case_id=str(event.originator_id), area=area,
               occurred_on=event.occurred_on, recorded_at=event.timestamp, kind=kind)
    return row
