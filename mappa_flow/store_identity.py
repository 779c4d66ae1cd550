"""The event store's identity and encryption facts, kept in the store itself, and the check of the key against them.

The store's database holds one row of ``mappa_store``, beside the library's tables, written once when
the store is first opened: a random store id (the read models record it, projections/origin.py),
whether its events are encrypted, and a fingerprint of the key, HMAC-SHA256(key, a fixed label): it
tells a wrong key from the right one and says nothing of the key itself.

Every open (``bootstrap``) checks the cipher key it was given against that row before anything reads
or writes an event: an encrypted store opened with no key or another key, or a plaintext store
opened with a key, stops with one ``StoreKeyError`` naming MAPPA_CIPHER_KEY, never the key.

A store made before the row was kept is adopted on first open: its first stored event says whether
it is encrypted (its state is JSON or not) and, when a key is given, whether that key opens it. A
key that contradicts the stored events is refused and nothing is recorded.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from base64 import b64decode
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from mappa_flow.application import MappaApplication
from mappa_flow.settings import SettingsError

TABLE = "mappa_store"
_LABEL = b"mappa-flow key fingerprint v1"
_CREATE_LOCK = 0x6D617070_6964656E  # "mappiden": one creator of the row at a time (PostgreSQL)
KEY = "MAPPA_CIPHER_KEY"


@dataclass(frozen=True)
class StoreFacts:
    store_id: str
    encrypted: bool
    key_fingerprint: str | None  # None when not encrypted


class StoreKeyError(SettingsError):
    """The cipher key (or its absence) does not fit the store. Says so in one line, without the key."""


def key_fingerprint(key: str) -> str:
    """HMAC-SHA256 of a fixed label under the (base64) key, in hex: the same key always gives the same value."""
    return hmac.new(b64decode(key), _LABEL, hashlib.sha256).hexdigest()


def open_store(app: MappaApplication, key: str | None, where: str) -> StoreFacts:
    """The store's facts, recorded now if this is its first open; raises ``StoreKeyError`` if ``key`` does not fit.

    ``where`` names the store (no secret) for the message."""
    table = _Table(app)
    facts = table.read()
    if facts is None:
        check_key(adopted := _adopt(app, key, where), key, where)  # refused before anything is recorded
        facts = table.create(adopted)
    check_key(facts, key, where)  # another process may have recorded its own facts first
    return facts


def check_key(facts: StoreFacts, key: str | None, where: str) -> None:
    if facts.encrypted and key is None:
        raise StoreKeyError(f"{KEY} is not set, but the event store ({where}) is encrypted and every command "
                            f"needs its key: set {KEY}. Nothing was written")
    if not facts.encrypted and key is not None:
        raise StoreKeyError(f"{KEY} is set, but the event store ({where}) was made without encryption: unset "
                            f"{KEY} (a store made without a key cannot take one later). Nothing was written")
    if key is not None and not hmac.compare_digest(key_fingerprint(key), facts.key_fingerprint or ""):
        raise StoreKeyError(f"{KEY} is not the key the event store ({where}) is encrypted with: set {KEY} to that "
                            "key. Nothing was written")


def _adopt(app: MappaApplication, key: str | None, where: str) -> StoreFacts:
    """The facts of a store with no row yet: a new store takes the key it is given; an older store's first
    event says whether it is encrypted, and with which key (a key that does not open it is refused)."""
    first = app.recorder.select_notifications(start=1, limit=1)
    encrypted = key is not None if not first else not _is_json(bytes(first[0].state))
    if first and encrypted and key is not None and not _opens(app, bytes(first[0].state)):
        raise StoreKeyError(f"{KEY} does not decrypt the events of the event store ({where}): set {KEY} to the key "
                            "it is encrypted with. Nothing was written")
    fingerprint = key_fingerprint(key) if encrypted and key is not None else None
    return StoreFacts(uuid.uuid4().hex, encrypted, fingerprint)


def _is_json(state: bytes) -> bool:
    try:
        json.loads(state)
    except ValueError:
        return False
    return True


def _opens(app: MappaApplication, state: bytes) -> bool:
    cipher = app.mapper.cipher
    try:
        return cipher is not None and _is_json(cipher.decrypt(state))
    except ValueError:
        return False


class StoreLog:
    """The application's log, as the read models check where their rows came from (projections/origin.py)."""

    def __init__(self, app: MappaApplication, facts: StoreFacts):
        self.app = app
        self.store_id = facts.store_id

    def max_position(self) -> int:
        return self.app.max_notification_id()

    def event_at(self, position: int) -> str | None:
        found = self.app.recorder.select_notifications(position, 1, stop=position)
        if not found or found[0].id != position:
            return None
        return f"{found[0].originator_id}:{found[0].originator_version}"


class _Table:
    """``mappa_store`` through the library's own connections to the store (SQLite or PostgreSQL)."""

    def __init__(self, app: MappaApplication):
        self.datastore: Any = getattr(app.recorder, "datastore")  # noqa: B009  (not declared by the library's type)
        self.postgres = hasattr(self.datastore, "schema")
        self.name = f'"{self.datastore.schema}".{TABLE}' if self.postgres else TABLE
        self.mark = "%s" if self.postgres else "?"

    def read(self) -> StoreFacts | None:
        with self.datastore.transaction(commit=False) as cursor:
            if not self._exists(cursor):
                return None
            return self._row(cursor)

    def create(self, facts: StoreFacts) -> StoreFacts:
        """Record ``facts`` unless another process recorded its own first; return the facts recorded."""
        with self._writing() as cursor:
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {self.name} (one INTEGER PRIMARY KEY CHECK (one = 1), "
                           "store_id VARCHAR(32) NOT NULL, encrypted BOOLEAN NOT NULL, key_fingerprint VARCHAR(64))")
            marks = ", ".join([self.mark] * 3)
            cursor.execute(f"INSERT INTO {self.name} (one, store_id, encrypted, key_fingerprint) VALUES (1, {marks}) "
                           "ON CONFLICT (one) DO NOTHING", (facts.store_id, facts.encrypted, facts.key_fingerprint))
            recorded = self._row(cursor)
        assert recorded is not None
        return recorded

    @contextmanager
    def _writing(self) -> Iterator[Any]:
        if self.postgres:
            with self.datastore.transaction(commit=True) as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", (_CREATE_LOCK,))
                yield cursor
            return
        with self.datastore.get_connection(commit=True) as conn:  # SQLite: wait for the file's one writer first
            cursor = conn.cursor()
            cursor.execute("BEGIN IMMEDIATE")
            try:
                yield cursor
            except BaseException:
                conn.rollback()
                raise
            conn.commit()

    def _exists(self, cursor: Any) -> bool:
        if self.postgres:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL AS found", (self.name,))
        else:
            cursor.execute("SELECT count(*) AS found FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,))
        return bool(_values(cursor.fetchone())[0])

    def _row(self, cursor: Any) -> StoreFacts | None:
        cursor.execute(f"SELECT store_id, encrypted, key_fingerprint FROM {self.name} WHERE one = 1")
        row = cursor.fetchone()
        if row is None:
            return None
        store_id, encrypted, fingerprint = _values(row)
        return StoreFacts(str(store_id), bool(encrypted), fingerprint)


def _values(row: Any) -> tuple[Any, ...]:
    return tuple(row.values()) if isinstance(row, dict) else tuple(row)
