"""The deadlines view's tables: the deadlines themselves, and the facts and subjects they are folded from."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Date, Index, Integer, String, Table, Text

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
    Column("position", BigInteger, nullable=False),
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
    Index("ix_pv_deadline_fact_position", "position"),  # the facts after the last flush (book.py)
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
    # A case's or meeting's fold state and the fold key of the last fact in it (checkpoint.py); NULL for
    # the other subjects, which are folded from their stored facts every time.
    Column("last_on", Date),
    Column("last_rank", Integer),
    Column("last_position", BigInteger),
    Column("state", Text),
)

area_table = Table(
    "pv_deadline_area",
    metadata,
    Column("area_id", String(36), primary_key=True),
    Column("code", String(40), nullable=False, unique=True),
    Column("registered_on", Date, nullable=False),
    Column("periodic_through", Date),  # periodic deadlines exist up to this date (ensure_periodic)
)

closure_table = Table(
    "pv_deadline_closure",
    metadata,
    Column("area", String(40), primary_key=True),
    Column("day", Date, primary_key=True),
)

flush_table = Table(
    "pv_deadline_flush",
    metadata,
    Column("view", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),  # the saved fold states are current as of this position
)

TABLES = (deadline_table, fact_table, subject_table, area_table, closure_table, flush_table)
