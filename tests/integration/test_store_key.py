"""The cipher key is checked against the store before anything is read or written (issue 11, defect 3).

A store records at its first open whether it is encrypted and a fingerprint of its key
(mappa_flow/store_identity.py). Opening it with no key, another key, or a key for a store made
without one stops with a ``StoreKeyError`` naming MAPPA_CIPHER_KEY, never the key, and writes nothing.
"""

from __future__ import annotations

import hashlib
import hmac
from base64 import b64decode
from datetime import date
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa
from eventsourcing.cipher import AESCipher
from psycopg import sql
from pydantic import SecretStr

from mappa_flow.bootstrap import bootstrap
from mappa_flow.clock import FixedClock
from mappa_flow.commands.area import RegisterArea
from mappa_flow.commands.case import ReferCase
from mappa_flow.settings import Settings
from mappa_flow.store_identity import StoreKeyError
from tests.conftest import postgres_url
from tests.integration.test_encryption import stored_bytes

KEY = AESCipher.create_key(num_bytes=32)
OTHER_KEY = AESCipher.create_key(num_bytes=32)
DAY = date(2026, 4, 1)


def _keyed(store: Settings, key: str | None) -> Settings:
    return store.model_copy(update={"cipher_key": SecretStr(key) if key else None})


def _fill(settings: Settings, clock: FixedClock, reference: str) -> None:
    app = bootstrap(settings, clock)
    app.handle(RegisterArea(command_id=f"area-{reference}", recorded_by="coord", occurred_on=DAY,
                            area=f"area-{reference}".lower(), name="North"))
    app.handle(ReferCase(command_id=f"ref-{reference}", recorded_by="coord", occurred_on=DAY,
                         area=f"area-{reference}".lower(), case_reference=reference, category=1, level=1,
                         referring_agency="police", in_custody=False))
    app.close()


def _query(settings: Settings, statement: str) -> list[tuple[Any, ...]]:
    """Rows read straight from the store's database, with no application in between."""
    if settings.backend == "sqlite":
        with sa.create_engine(f"sqlite:///{settings.sqlite_path}").connect() as conn:
            return [tuple(row) for row in conn.exec_driver_sql(statement)]
    with psycopg.connect(postgres_url()) as conn:
        conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(settings.postgres_schema)))
        return [tuple(row) for row in conn.execute(statement.encode())]


def _written(settings: Settings) -> tuple[int, list[tuple[Any, ...]]]:
    """How many events the store holds, and its store row."""
    events = "stored_events" if settings.backend == "sqlite" else "mappa_events"
    count = _query(settings, f"SELECT count(*) FROM {events}")[0][0]
    return int(count), _store_rows(settings)


def _store_rows(settings: Settings) -> list[tuple[Any, ...]]:
    try:
        return _query(settings, "SELECT store_id, encrypted, key_fingerprint FROM mappa_store")
    except (sa.exc.OperationalError, psycopg.errors.UndefinedTable):
        return []


MISFITS = {
    "encrypted store, no key": (KEY, None, "is not set, but the event store"),
    "encrypted store, another key": (KEY, OTHER_KEY, "is not the key the event store"),
    "plaintext store, a key": (None, KEY, "was made without encryption"),
}


@pytest.mark.parametrize(("made_with", "opened_with", "says"), MISFITS.values(), ids=MISFITS.keys())
def test_a_key_that_does_not_fit_the_store_stops_the_open_and_writes_nothing(
    store: Settings, clock: FixedClock, made_with: str | None, opened_with: str | None, says: str,
) -> None:
    made = _keyed(store, made_with)
    _fill(made, clock, "ZQX-0001")
    before = _written(made)
    with pytest.raises(StoreKeyError) as refused:
        bootstrap(_keyed(store, opened_with), clock)
    message = str(refused.value)
    assert says in message and "MAPPA_CIPHER_KEY" in message and "\n" not in message
    assert KEY not in message and OTHER_KEY not in message
    assert _written(made) == before
    _fill(made, clock, "ZQX-0002")  # the right key (or none, for a plaintext store) still works
    assert _written(made)[0] > before[0]


@pytest.mark.parametrize("key", [KEY, None], ids=["encrypted", "plaintext"])
def test_the_store_records_its_encryption_and_key_fingerprint_once_at_its_first_open(
    store: Settings, clock: FixedClock, key: str | None,
) -> None:
    settings = _keyed(store, key)
    app = bootstrap(settings, clock)
    facts = app.store
    app.close()
    _fill(settings, clock, "ZQX-0003")
    label = b"mappa-flow key fingerprint v1"
    fingerprint = hmac.new(b64decode(key), label, hashlib.sha256).hexdigest() if key else None
    assert facts is not None and len(facts.store_id) == 32
    assert _store_rows(settings) == [(facts.store_id, key is not None, fingerprint)]


def test_the_store_holds_no_key_material(store: Settings, clock: FixedClock) -> None:
    settings = _keyed(store, KEY)
    _fill(settings, clock, "ZQX-0004")
    raw = stored_bytes(settings)
    assert b"mappa:Case.Referred" in raw and _store_rows(settings)  # the inspection sees the store and its row
    for material in (KEY.encode(), b64decode(KEY), b64decode(KEY).hex().encode()):
        assert material not in raw


ADOPTION = {
    "encrypted, right key": (KEY, KEY, None),
    "encrypted, no key": (KEY, None, "is not set, but the event store"),
    "encrypted, another key": (KEY, OTHER_KEY, "does not decrypt the events"),
    "plaintext, no key": (None, None, None),
    "plaintext, a key": (None, KEY, "was made without encryption"),
}


@pytest.mark.parametrize(("made_with", "opened_with", "says"), ADOPTION.values(), ids=ADOPTION.keys())
def test_a_store_made_before_the_store_row_is_adopted_only_with_the_key_its_events_need(
    store: Settings, clock: FixedClock, made_with: str | None, opened_with: str | None, says: str | None,
) -> None:
    made = _keyed(store, made_with)
    _fill(made, clock, "ZQX-0005")
    if made.backend == "sqlite":
        with sa.create_engine(f"sqlite:///{made.sqlite_path}").begin() as conn:
            conn.exec_driver_sql("DROP TABLE mappa_store")
    else:
        with psycopg.connect(postgres_url(), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP TABLE {}.mappa_store").format(sql.Identifier(made.postgres_schema)))
    events = _written(made)[0]
    if says is not None:
        with pytest.raises(StoreKeyError, match=says):
            bootstrap(_keyed(store, opened_with), clock)
        assert _written(made) == (events, [])  # refused: nothing recorded
        return
    app = bootstrap(_keyed(store, opened_with), clock)
    assert app.store is not None and app.store.encrypted is (made_with is not None)
    app.close()
    assert _written(made) == (events, [(app.store.store_id, app.store.encrypted, app.store.key_fingerprint)])
