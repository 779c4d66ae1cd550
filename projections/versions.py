"""Each view's schema version, so that an upgrade which changes a view's tables rebuilds that view by itself.

A view declares ``version`` (projections/view.py); ``mappa_view_version`` keeps the version its tables
were made for. When ``Projector.setup()`` finds a view whose stored version differs, it drops that view's
tables, makes them again from the code's definition and moves the view back to position 0, all in
setup's transaction: the next catch-up rebuilds it from the events. Other views are left as they are.

A database from before versions were kept has no rows here; its views are taken to be at version 1,
the version every view had then.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy import Column, Connection, Integer, String, Table, select

from projections import tracking
from projections.bulk import upsert_rows
from projections.view import View, metadata

log = logging.getLogger(__name__)

FIRST = 1

versions = Table(
    "mappa_view_version",
    metadata,
    Column("view", String(64), primary_key=True),
    Column("version", Integer, nullable=False),
)


def upgrade(conn: Connection, views: Sequence[View]) -> list[str]:
    """Remake the tables of each view whose stored version is not its own. Returns the views remade.

    Runs in setup's transaction, after the tables and tracking rows exist; the caller holds the setup lock.
    """
    stored = {row.view: int(row.version) for row in conn.execute(select(versions))}
    stale = [view for view in views if stored.get(view.name, FIRST) != view.version]
    for view in stale:
        log.info("view %s: schema version %d -> %d; its tables are made again and rebuilt from the events",
                 view.name, stored.get(view.name, FIRST), view.version)
    remake(conn, stale)
    upsert_rows(conn, versions, "view", [{"view": view.name, "version": view.version}
                                         for view in views if stored.get(view.name) != view.version])
    return [view.name for view in stale]


def remake(conn: Connection, views: Sequence[View]) -> None:
    """Drop the tables of ``views``, make them again from the code's definition and move the views back to
    position 0, so that the next catch-up rebuilds them from the events. The caller holds the setup lock."""
    if not views:
        return
    tracking.lock(conn, [view.name for view in views])  # as a batch does: rows first, then tables
    for view in views:
        metadata.drop_all(conn, tables=list(view.tables))
        metadata.create_all(conn, tables=list(view.tables))
        tracking.reset_position(conn, view.name)
