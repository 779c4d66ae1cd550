"""Tamper evidence: changes made directly in the real SQLite file and the real PostgreSQL table are named.

Each test tells a short story through the application, seals it, then alters
the stored events with plain SQL, as someone with database access could, and
checks that verification names what was done and where.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import Any, Protocol
from uuid import uuid4

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import update

from mappa_flow.audit.auditor import Auditor
from mappa_flow.audit.seal import leaf_digest
from mappa_flow.audit.tables import seal, seal_leaf
from mappa_flow.bootstrap import Mappa, bootstrap
from mappa_flow.clock import FixedClock
from mappa_flow.settings import Settings
from tests.conftest import postgres_settings, postgres_url
from tests.integration.audit_story import do, tell_story, with_key


class Tamper(Protocol):
    def run(self, statement: str, *params: Any) -> None: ...
    def read(self, statement: str, *params: Any) -> list[tuple[Any, ...]]: ...


class SqliteTamper:
    table, position = "stored_events", "rowid"

    def __init__(self, settings: Settings):
        self.path = settings.sqlite_path

    def run(self, statement: str, *params: Any) -> None:
        with sqlite3.connect(self.path) as conn:
            conn.execute(statement.format(table=self.table, id=self.position), params)

    def read(self, statement: str, *params: Any) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.path) as conn:
            return list(conn.execute(statement.format(table=self.table, id=self.position), params))


class PostgresTamper:
    position = "notification_id"

    def __init__(self, settings: Settings):
        self.table = f"{settings.postgres_schema}.mappa_events"

    def run(self, statement: str, *params: Any) -> None:
        query = sql.SQL(statement.replace("?", "%s").format(table=self.table, id=self.position))  # type: ignore[arg-type]
        with psycopg.connect(postgres_url(), autocommit=True) as conn:
            conn.execute(query, params)

    def read(self, statement: str, *params: Any) -> list[tuple[Any, ...]]:
        query = sql.SQL(statement.replace("?", "%s").format(table=self.table, id=self.position))  # type: ignore[arg-type]
        with psycopg.connect(postgres_url()) as conn:
            return list(conn.execute(query, params))


# ---- the five kinds of tampering, as plain SQL --------------------------------------------


def change(db: Tamper, p: int) -> None:
    (state,) = db.read("SELECT state FROM {table} WHERE {id} = ?", p)[0]
    altered = bytes(state[:20]) + bytes([state[20] ^ 1]) + bytes(state[21:])
    db.run("UPDATE {table} SET state = ? WHERE {id} = ?", altered, p)


def delete(db: Tamper, p: int) -> None:
    db.run("DELETE FROM {table} WHERE {id} = ?", p)


def insert(db: Tamper, p: int) -> None:
    """Insert a forged event between two others, renumbering the later ones to make room."""
    (last,) = db.read("SELECT MAX({id}) FROM {table}")[0]
    for position in range(last, p - 1, -1):
        db.run("UPDATE {table} SET {id} = ? WHERE {id} = ?", position + 1, position)
    topic, state = db.read("SELECT topic, state FROM {table} WHERE {id} = ?", p + 1)[0]
    forged = uuid4()
    originator = forged.hex if isinstance(db, SqliteTamper) else forged
    db.run("INSERT INTO {table} ({id}, originator_id, originator_version, topic, state) VALUES (?, ?, 1, ?, ?)",
           p, originator, topic, bytes(state))


def swap(db: Tamper, p: int, q: int) -> None:
    db.run("UPDATE {table} SET {id} = -1 WHERE {id} = ?", p)
    db.run("UPDATE {table} SET {id} = ? WHERE {id} = ?", p, q)
    db.run("UPDATE {table} SET {id} = ? WHERE {id} = -1", q)


def truncate(db: Tamper, after: int) -> None:
    db.run("DELETE FROM {table} WHERE {id} > ?", after)


# ---- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(params=[False, True], ids=["plain", "encrypted"])
def settings(request: pytest.FixtureRequest, store: Settings) -> Settings:
    return with_key(store) if request.param else store


@pytest.fixture
def sealed(settings: Settings, clock: FixedClock) -> Iterator[tuple[Mappa, Auditor]]:
    """The story, sealed: 14 events at positions 1 to 14."""
    app = bootstrap(settings, clock)
    auditor = Auditor.open(settings, app)
    tell_story(app, clock)
    auditor.seal("auditor-1")
    yield app, auditor
    auditor.close()
    app.close()


@pytest.fixture
def db(settings: Settings) -> Tamper:
    return PostgresTamper(settings) if settings.postgres_dbname else SqliteTamper(settings)


def _kinds(auditor: Auditor) -> list[tuple[str, int]]:
    return [(f.kind, f.position) for f in auditor.verify().findings]


# ---- tests ---------------------------------------------------------------------------------------


def test_an_untouched_store_verifies_with_every_event_checked(sealed: tuple[Mappa, Auditor]) -> None:
    app, auditor = sealed
    result = auditor.verify()
    assert not result.tampered
    assert result.checked == app.max_notification_id() == 14 and result.unsealed == 0


def test_a_changed_event_is_named_by_its_position(sealed: tuple[Mappa, Auditor], db: Tamper) -> None:
    change(db, 5)
    assert _kinds(sealed[1]) == [("changed", 5)]


def test_a_deleted_event_is_named_by_its_position(sealed: tuple[Mappa, Auditor], db: Tamper) -> None:
    delete(db, 5)
    assert _kinds(sealed[1]) == [("deleted", 5)]


def test_an_inserted_event_is_named_and_the_renumbered_events_after_it_recognised(
    sealed: tuple[Mappa, Auditor], db: Tamper
) -> None:
    insert(db, 5)
    result = sealed[1].verify()
    assert [(f.kind, f.position) for f in result.findings] == [("inserted", 5), ("moved", 5)]
    assert "positions 5 to 14 now sit 1 place(s) later" in result.findings[1].detail
    assert result.unsealed == 0


def test_two_swapped_events_are_named_by_both_positions(sealed: tuple[Mappa, Auditor], db: Tamper) -> None:
    swap(db, 4, 7)
    findings = sealed[1].verify().findings
    assert [(f.kind, f.position) for f in findings] == [("swapped", 4)]
    assert "positions 4 and 7" in findings[0].detail


def test_a_truncated_tail_is_named_from_its_first_missing_position(
    sealed: tuple[Mappa, Auditor], db: Tamper
) -> None:
    truncate(db, 10)
    findings = sealed[1].verify().findings
    assert [(f.kind, f.position) for f in findings] == [("truncated", 11)]
    assert "last 4 sealed event(s), positions 11 to 14" in findings[0].detail


def test_events_after_the_last_seal_are_information_not_tampering(sealed: tuple[Mappa, Auditor]) -> None:
    app, auditor = sealed
    do(app, "change_level", occurred_on=date(2026, 9, 2), case_reference="N-0001", level=2)
    result = auditor.verify()
    assert not result.tampered and result.unsealed == 2
    assert auditor.seal("auditor-1").sealed_now == 2
    assert auditor.verify().unsealed == 0


def test_a_seal_record_altered_in_the_database_is_named(sealed: tuple[Mappa, Auditor]) -> None:
    auditor = sealed[1]
    with auditor.engine.begin() as conn:
        conn.execute(update(seal).values(chain_hash="0" * 64))
    assert _kinds(auditor) == [("seal-altered", 1)]


def test_an_event_changed_together_with_its_sealed_digest_still_breaks_the_seal(
    sealed: tuple[Mappa, Auditor], db: Tamper
) -> None:
    app, auditor = sealed
    change(db, 5)
    forged = leaf_digest(app.recorder.select_notifications(5, 1)[0])
    with auditor.engine.begin() as conn:
        conn.execute(update(seal_leaf).where(seal_leaf.c.position == 5).values(digest=forged))
    assert _kinds(auditor) == [("seal-altered", 1)]


def test_a_rewrite_of_the_store_with_its_seals_is_caught_only_by_a_hash_kept_outside(
    sealed: tuple[Mappa, Auditor], db: Tamper
) -> None:
    auditor = sealed[1]
    anchored = auditor.verify().latest
    assert anchored is not None and not auditor.verify(anchored.chain_hash).tampered
    change(db, 5)
    with auditor.engine.begin() as conn:
        conn.execute(seal_leaf.delete())
        conn.execute(seal.delete())
    auditor.seal("someone-else")
    assert not auditor.verify().tampered  # what the docs say it cannot detect on its own
    assert [f.kind for f in auditor.verify(anchored.chain_hash).findings] == ["anchor-missing"]


def test_a_row_forged_after_the_last_seal_cannot_be_read_back_with_encryption_on(
    store: Settings, clock: FixedClock
) -> None:
    settings = with_key(store)
    app = bootstrap(settings, clock)
    auditor = Auditor.open(settings, app)
    db = PostgresTamper(settings) if settings.postgres_dbname else SqliteTamper(settings)
    try:
        tell_story(app, clock)
        auditor.seal("auditor-1")
        topic, state = db.read("SELECT topic, state FROM {table} WHERE {id} = ?", 14)[0]
        forged = bytes(state[:-1]) + bytes([state[-1] ^ 1])
        originator = uuid4().hex if isinstance(db, SqliteTamper) else uuid4()
        db.run("INSERT INTO {table} (originator_id, originator_version, topic, state) VALUES (?, 1, ?, ?)",
               originator, topic, forged)
        assert _kinds(auditor) == [("unreadable", 15)]
    finally:
        auditor.close()
        app.close()


@pytest.mark.postgres
def test_a_gap_left_by_a_rolled_back_transaction_is_not_a_deletion_but_an_insertion_into_it_is(
    clock: FixedClock, pg_schema: str
) -> None:
    settings = postgres_settings(pg_schema)
    app = bootstrap(settings, clock)
    auditor = Auditor.open(settings, app)
    db = PostgresTamper(settings)
    try:
        tell_story(app, clock)
        db.run(f"SELECT nextval(pg_get_serial_sequence('{db.table}', 'notification_id'))")  # a rolled-back insert
        do(app, "change_level", occurred_on=date(2026, 9, 2), case_reference="N-0001", level=2)
        auditor.seal("auditor-1")
        assert not auditor.verify().tampered
        topic, state = db.read("SELECT topic, state FROM {table} WHERE {id} = ?", 14)[0]
        db.run("INSERT INTO {table} ({id}, originator_id, originator_version, topic, state) VALUES (15, ?, 1, ?, ?)",
               uuid4(), topic, bytes(state))
        assert _kinds(auditor) == [("inserted", 15)]
    finally:
        auditor.close()
        app.close()
