"""Encryption at rest: with a cipher key, a case reference never appears in the stored bytes, on either store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import psycopg
import pytest
from eventsourcing.cipher import AESCipher
from psycopg import sql
from pydantic import SecretStr

from mappa_flow.bootstrap import Mappa, bootstrap
from mappa_flow.clock import FixedClock
from mappa_flow.commands.area import RegisterArea
from mappa_flow.commands.case import ReferCase
from mappa_flow.ids import Ids
from mappa_flow.settings import Settings
from tests.conftest import postgres_url

REFERENCE = "ZQX-7731-ENC"


@pytest.fixture(params=[True, False], ids=["with-key", "without-key"])
def encrypted(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture
def settings(store: Settings, encrypted: bool) -> Settings:
    key = SecretStr(AESCipher.create_key(num_bytes=32)) if encrypted else None
    return store.model_copy(update={"cipher_key": key})


@pytest.fixture
def app(settings: Settings, clock: FixedClock) -> Iterator[Mappa]:
    application = bootstrap(settings, clock)
    yield application
    application.close()


def _refer(app: Mappa) -> None:
    app.handle(RegisterArea(command_id="area-1", recorded_by="coord", occurred_on=date(2026, 4, 1),
                            area="north", name="North"))
    app.handle(ReferCase(command_id="ref-1", recorded_by="coord", occurred_on=date(2026, 4, 2), area="north",
                         case_reference=REFERENCE, category=3, level=2, referring_agency="social-work",
                         in_custody=False))


def stored_bytes(settings: Settings) -> bytes:
    """Everything the store holds, as raw bytes: the SQLite file and its write-ahead log, or every PostgreSQL row."""
    if settings.backend == "sqlite":
        files = [settings.sqlite_path, settings.sqlite_path.with_name(settings.sqlite_path.name + "-wal")]
        return b"".join(f.read_bytes() for f in files if f.exists())
    chunks: list[bytes] = []
    with psycopg.connect(postgres_url()) as conn:
        tables = conn.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                              (settings.postgres_schema,)).fetchall()
        assert tables, "the store has no tables to inspect"
        for (table,) in tables:
            query = sql.SQL("SELECT * FROM {}.{}").format(sql.Identifier(settings.postgres_schema),
                                                         sql.Identifier(table))
            for row in conn.execute(query):
                chunks.extend(value if isinstance(value, bytes) else str(value).encode() for value in row)
    return b"".join(chunks)


def test_a_case_reference_is_stored_only_encrypted_when_a_cipher_key_is_set(
    app: Mappa, settings: Settings, encrypted: bool
) -> None:
    _refer(app)
    raw = stored_bytes(settings)
    assert b"mappa:Case.Referred" in raw  # the inspection does see the stored events
    assert (REFERENCE.encode() in raw) is not encrypted
    # With a key, the aggregate id (derived from the reference) cannot be recomputed from the reference alone.
    unkeyed_id = Ids().case(REFERENCE)
    assert (str(unkeyed_id).encode() in raw or unkeyed_id.hex.encode() in raw or unkeyed_id.bytes in raw) is not (
        encrypted)
    assert app.repository.get(app.ids.case(REFERENCE)).reference == REFERENCE
