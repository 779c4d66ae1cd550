"""Areas: code, name, contacts and local closure days (R-CAL-3, R-REM-7).

``pv_area`` holds each area as it is now (its contacts are the last ones set);
``pv_area_closure`` holds the area's local closure days, which together with
the Scottish public holidays make the area's working-day calendar.
``pv_area_closure_change`` keeps every closure day added or removed, with its
recording time, never updated, so that a report as known at a past moment
uses the calendar known then (R-CAL-1, R-CAL-3).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import BigInteger, Column, Connection, Date, DateTime, String, Table, select, tuple_

from domain.area import Area
from domain.calendar import WorkingDayCalendar
from projections.private import PrivateText
from projections.source import Positioned
from projections.view import View, metadata

area_table = Table(
    "pv_area",
    metadata,
    Column("area_id", String(36), primary_key=True),
    Column("code", String(40), nullable=False, unique=True),
    Column("name", PrivateText, nullable=False),
    Column("coordinator_email", PrivateText),
    Column("sog_chair_email", PrivateText),
    Column("position", BigInteger, nullable=False),
)

closure_table = Table(
    "pv_area_closure",
    metadata,
    Column("area", String(40), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("label", PrivateText, nullable=False),
)

closure_change_table = Table(
    "pv_area_closure_change",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("area", String(40), nullable=False, index=True),
    Column("day", Date, nullable=False),
    Column("label", PrivateText),  # None: the day was removed
    Column("occurred_on", Date, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

_CONTACT_COLUMNS = {"coordinator": "coordinator_email", "sog-chair": "sog_chair_email"}


class AreaView(View):
    name = "areas"
    version = 2  # 2: free text, e-mail addresses and names are PrivateText (encrypted with a key)
    tables = (area_table, closure_table, closure_change_table)
    topics = (Area.Registered.TOPIC, Area.ClosureDayAdded.TOPIC, Area.ClosureDayRemoved.TOPIC,
              Area.ContactSet.TOPIC)

    def apply(self, conn: Connection, batch: Sequence[Positioned]) -> None:
        areas = _load_areas(conn, batch)
        closures: dict[tuple[str, date], str | None] = {}  # None: removed
        changes: list[dict[str, Any]] = []
        for item in batch:
            event = item.event
            if isinstance(event, Area.Registered):
                areas[str(event.originator_id)] = _new_area(event)
            area = areas[str(event.originator_id)]
            area["position"] = item.position
            if isinstance(event, Area.ClosureDayAdded | Area.ClosureDayRemoved):
                label = event.label if isinstance(event, Area.ClosureDayAdded) else None
                closures[(area["code"], event.day)] = label
                changes.append({"position": item.position, "area": area["code"], "day": event.day, "label": label,
                                "occurred_on": event.occurred_on, "recorded_at": event.timestamp})
            elif isinstance(event, Area.ContactSet):
                area[_CONTACT_COLUMNS[event.role]] = event.email
        conn.execute(area_table.delete().where(area_table.c.area_id.in_(list(areas))))
        conn.execute(area_table.insert(), list(areas.values()))
        _write_closures(conn, closures)
        if changes:
            conn.execute(closure_change_table.insert(), changes)


def _load_areas(conn: Connection, batch: Sequence[Positioned]) -> dict[str, dict[str, Any]]:
    wanted = {str(p.event.originator_id) for p in batch if not isinstance(p.event, Area.Registered)}
    if not wanted:
        return {}
    found = conn.execute(select(area_table).where(area_table.c.area_id.in_(wanted))).mappings()
    return {row["area_id"]: dict(row) for row in found}


def _new_area(event: Area.Registered) -> dict[str, Any]:
    return {"area_id": str(event.originator_id), "code": event.code, "name": event.name,
            "coordinator_email": None, "sog_chair_email": None, "position": 0}


def _write_closures(conn: Connection, closures: dict[tuple[str, date], str | None]) -> None:
    if not closures:
        return
    keys = list(closures)
    conn.execute(closure_table.delete().where(tuple_(closure_table.c.area, closure_table.c.day).in_(keys)))
    added = [{"area": area, "day": day, "label": label} for (area, day), label in closures.items()
             if label is not None]
    if added:
        conn.execute(closure_table.insert(), added)


def closure_days(conn: Connection, area: str, known_at: datetime | None = None) -> set[date]:
    """The local closure days of ``area`` (its code): now, or as known at a moment (aware)."""
    if known_at is None:
        rows = conn.execute(select(closure_table.c.day).where(closure_table.c.area == area))
        return {row.day for row in rows}
    c = closure_change_table.c
    known: dict[date, str | None] = {}
    for day, label in conn.execute(select(c.day, c.label).where(c.area == area, c.recorded_at <= known_at)
                                   .order_by(c.position)):
        known[day] = label
    return {day for day, label in known.items() if label is not None}


def calendar_for(conn: Connection, area: str, known_at: datetime | None = None) -> WorkingDayCalendar:
    """The working-day calendar of ``area``: Scottish public holidays plus its closure days (R-CAL-3),
    as known now or at a past moment."""
    return WorkingDayCalendar(closure_days(conn, area, known_at))


class AreaContacts(NamedTuple):
    """An area's name and contact e-mails (None where not set)."""

    code: str
    name: str
    coordinator_email: str | None
    sog_chair_email: str | None


def area_contacts(conn: Connection, area: str) -> AreaContacts | None:
    """The name and contact e-mails of ``area`` (its code), or None if unknown."""
    a = area_table
    query = select(a.c.code, a.c.name, a.c.coordinator_email, a.c.sog_chair_email).where(a.c.code == area)
    found = conn.execute(query).first()
    return AreaContacts(*found) if found else None
