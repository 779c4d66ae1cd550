"""The deadlines view's tables: the deadlines themselves, the indicator occurrences (``pv_compliance``), the facts
and subjects they are folded from, and the
subjects marked for a fold at the end of the catch-up (recompute.py)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Date, DateTime, Index, Integer, String, Table

from projections.view import metadata

deadline_table = Table(
    "pv_deadline",
    metadata,
    Column("deadline_id", String(36), primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("rule", String(10), nullable=False),
    Column("area", String(40), nullable=False),
    Column("subject_id", String(60), nullable=False, index=True),
    Column("case_id", String(36)),
    Column("case_reference", String(40), index=True),
    Column("subject_ref", String(120), nullable=False),
    Column("basis", Date, nullable=False),
    Column("due_on", Date, nullable=False),
    Column("status", String(10), nullable=False),
    Column("closed_on", Date),
    Column("reason", String(200)),
    Index("ix_pv_deadline_status_due", "status", "due_on"),  # the sweep: open deadlines by due date
)

fact_table = Table(
    "pv_deadline_fact",
    metadata,
    Column("subject_id", String(60), primary_key=True),
    Column("position", BigInteger, primary_key=True),
    Column("occurred_on", Date, nullable=False),
    Column("kind", String(30), nullable=False),
    Column("level", Integer),
    Column("flag", Boolean),
    Column("on_date", Date),
    Column("until", Date),
    Column("ref", String(60)),
    Column("ref2", String(60)),
    Column("flag2", Boolean),
    Column("text", String(60)),
    Column("seq", Integer, primary_key=True),
    Column("recorded_at", DateTime(timezone=True)),
)

subject_table = Table(
    "pv_deadline_subject",
    metadata,
    Column("subject_id", String(60), primary_key=True),
    Column("subject_kind", String(10), nullable=False),
    Column("area", String(40), nullable=False),
    Column("case_id", String(36)),
    Column("case_reference", String(40)),
    Column("ref", String(60), nullable=False),
)

area_table = Table(
    "pv_deadline_area",
    metadata,
    Column("area_id", String(36), primary_key=True),
    Column("code", String(40), nullable=False, unique=True),
    Column("registered_on", Date, nullable=False),
    Column("periodic_through", Date),  # the latest business date the log has reached: periodic deadlines exist up to it
)

closure_table = Table(
    "pv_deadline_closure",
    metadata,
    Column("area", String(40), primary_key=True),
    Column("day", Date, primary_key=True),
)

dirty_table = Table(
    "pv_deadline_dirty",
    metadata,
    Column("subject_id", String(60), primary_key=True),
    Column("position", BigInteger, nullable=False),  # the latest event that marked it
)

compliance_table = Table(
    "pv_compliance",
    metadata,
    Column("subject_id", String(60), nullable=False, index=True),
    Column("indicator", String(10), nullable=False),
    Column("area", String(40), nullable=False),
    Column("case_reference", String(40), nullable=False, index=True),
    Column("on_day", Date, nullable=False),  # the due date, meeting date or release date (the period keys on it)
    Column("meeting_ref", String(40)),
    Column("agency", String(60)),
    Column("status", String(10), nullable=False),
    Column("days_late", Integer),  # fixed days late; or, with late_from, as_of - late_from
    Column("late_from", Date),
    Column("detail", String(300), nullable=False),
    Column("valid_from", Date, nullable=False),  # the row holds for the as-of dates in [valid_from, valid_to)
    Column("valid_to", Date),
    Index("ix_pv_compliance_area_on", "area", "on_day"),
    Index("ix_pv_compliance_on", "on_day"),
)

TABLES = (deadline_table, fact_table, subject_table, area_table, closure_table, dirty_table)
