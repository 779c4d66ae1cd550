"""Each view's own tracking position, in a table we own (one row per view)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Connection, String, Table, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from projections.view import metadata

tracking = Table(
    "mappa_view_tracking",
    metadata,
    Column("view", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
)


def positions(conn: Connection) -> dict[str, int]:
    return {row.view: int(row.position) for row in conn.execute(select(tracking))}


def position_of(conn: Connection, view: str) -> int:
    found = conn.execute(select(tracking.c.position).where(tracking.c.view == view)).scalar()
    return int(found or 0)


def set_position(conn: Connection, view: str, position: int) -> None:
    """Move a view's position; it must be called in the transaction that wrote the view's rows."""
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    statement = insert(tracking).values(view=view, position=position)
    conn.execute(statement.on_conflict_do_update(index_elements=["view"], set_={"position": position}))


def reset_position(conn: Connection, view: str) -> None:
    conn.execute(update(tracking).where(tracking.c.view == view).values(position=0))
