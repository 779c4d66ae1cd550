"""The audit tables, in the event store's own database, and the engine that reaches them.

With encryption at rest on, nothing here names a case in plain text: seals hold
positions and hashes, and who sealed encrypted with that cipher
(projections/private.py). The case index is a view, in the views' database
(projections/views/case_index.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    inspect,
    text,
)

from mappa_flow.settings import Settings
from mappa_flow.storage import store_cipher
from projections import tracking
from projections.private import PrivateText, with_cipher

metadata = MetaData()

seal_leaf = Table(
    "audit_seal_leaf",
    metadata,
    Column("position", BigInteger, primary_key=True),  # a notification id that existed when sealed
    Column("digest", LargeBinary(32), nullable=False),  # SHA-256 of the stored event, its position aside
)

seal = Table(
    "audit_seal",
    metadata,
    Column("seal_no", Integer, primary_key=True, autoincrement=False),
    Column("first_position", BigInteger, nullable=False),
    Column("last_position", BigInteger, nullable=False),
    Column("events", Integer, nullable=False),
    Column("chain_hash", String(64), nullable=False),
    Column("sealed_at", DateTime, nullable=False),
    Column("sealed_by", PrivateText, nullable=False),  # a person: encrypted when the store is
    Column("version", Integer, nullable=False, server_default="1"),  # the rule the chain hash was made by (seal.py)
)

anchor_mail = Table(  # each seal's hash e-mailed to an area's SOG chair, once (anchor.py)
    "audit_anchor_mail",
    metadata,
    Column("seal_no", Integer, primary_key=True, autoincrement=False),
    Column("area", String(60), primary_key=True),
    Column("claimed_at", DateTime),  # UTC; a sender is at work on it (a claim older than the lease is retaken)
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", DateTime),  # UTC; after a failed attempt
    Column("last_failure", String(300)),  # the kind of failure only (no address: these tables hold none)
    Column("delivered_at", DateTime),  # UTC
)

# What the store's own SQLite file held for the case index before it became a view (in the views' file).
_OLD_INDEX = ("audit_case_snapshot", "audit_case_event", "audit_case_member", "mappa_view_tracking",
              "mappa_view_origin")


def audit_engine(settings: Settings) -> Engine:
    """An engine on the event store's database: the SQLite file itself, or the PostgreSQL schema. With a cipher
    key, it encrypts the ``PrivateText`` columns with it."""
    return with_cipher(_engine(settings), store_cipher(settings))


def _engine(settings: Settings) -> Engine:
    if settings.postgres_dbname:
        password = settings.postgres_password.get_secret_value()
        url = (f"postgresql+psycopg://{settings.postgres_user}:{password}@{settings.postgres_host}:"
               f"{settings.postgres_port}/{settings.postgres_dbname}")
        options = {"options": f"-csearch_path={settings.postgres_schema}"} if settings.postgres_schema else {}
        # short-lived (one command): no ping before each query
        return create_engine(url, connect_args=options, hide_parameters=True)
    # Pooled: a query reuses an open connection (the file's writers are never held: nothing stays in a
    # transaction between calls).
    engine = create_engine(f"sqlite:///{settings.sqlite_path}", connect_args={"timeout": 30}, hide_parameters=True)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # as the event store itself uses
    cursor.close()


def create_tables(engine: Engine) -> None:
    """Safe from several processes at once: the views' setup lock serialises the creators."""
    with engine.begin() as conn:
        tracking.lock_for_setup(conn)
        metadata.create_all(conn)
        if "version" not in {column["name"] for column in inspect(conn).get_columns(seal.name)}:
            conn.execute(text(f"ALTER TABLE {seal.name} ADD COLUMN version INTEGER NOT NULL DEFAULT 1"))


def drop_old_index(engine: Engine) -> None:
    """Drop what an SQLite store's own file held for the case index before it became a view: its tables and
    their tracking and origin rows (nothing else of ours used those two tables there). Only for a store whose
    views have a file of their own: on PostgreSQL, or in one shared file, these are the views' own tables."""
    with engine.begin() as conn:
        tracking.lock_for_setup(conn)
        for name in _OLD_INDEX:
            conn.execute(text(f"DROP TABLE IF EXISTS {name}"))
