"""Each view's own tracking position, in a table we own (one row per view), and the lock on it.

Two processes may catch up the same views at once (the scheduler and a report, two CLI commands).
Each batch's transaction first takes ``lock`` on the views it will move and reads their positions
inside it, so the second writer waits for the first and then sees how far it got: nothing is
applied twice and no rows clash.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import BigInteger, Column, Connection, String, Table, func, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from projections.view import metadata

tracking = Table(
    "mappa_view_tracking",
    metadata,
    Column("view", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

_SETUP_LOCK = 0x6D617070_61766965  # "mappavie": one creator of the views' tables at a time (PostgreSQL)


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


def ensure(conn: Connection, views: Sequence[str]) -> None:
    """Give each of ``views`` a row (position 0) if it has none, so that ``lock`` has a row to lock."""
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    rows = [{"view": view, "position": 0} for view in views]
    if rows:
        conn.execute(insert(tracking).values(rows).on_conflict_do_nothing(index_elements=["view"]))


def lock(conn: Connection, views: Sequence[str]) -> dict[str, int]:
    """Take the write lock on ``views`` for the rest of this transaction; return their positions read under it.

    PostgreSQL: ``SELECT ... FOR UPDATE`` on their tracking rows, in name order (two lockers cannot deadlock).
    SQLite: a write to the tracking table as the transaction's first statement takes the database's one write
    lock (waiting for the current writer, up to the busy timeout) before anything is read.
    """
    names = sorted(views)
    if conn.dialect.name == "postgresql":
        found = _locked_rows(conn, names)
        if len(found) < len(names):
            ensure(conn, [name for name in names if name not in found])
            found = _locked_rows(conn, names)
        return {name: found.get(name, 0) for name in names}
    conn.execute(update(tracking).where(tracking.c.view.in_(names)).values(position=tracking.c.position))
    found = dict(conn.execute(select(tracking.c.view, tracking.c.position).where(tracking.c.view.in_(names))).all())
    return {name: int(found.get(name, 0)) for name in names}


def _locked_rows(conn: Connection, names: list[str]) -> dict[str, int]:
    query = (select(tracking.c.view, tracking.c.position).where(tracking.c.view.in_(names))
             .order_by(tracking.c.view).with_for_update())
    return {view: int(position) for view, position in conn.execute(query).all()}


def lock_for_setup(conn: Connection) -> None:
    """Serialise creating the views' tables: two processes starting at once must not both create one."""
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(_SETUP_LOCK)))
    elif not conn.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        conn.execute(text("BEGIN IMMEDIATE"))  # SQLite: take the write lock before looking for the tables
