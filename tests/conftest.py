"""Fixtures shared by every test: the clock, and one parametrized fixture per event store.

``store`` runs a test on SQLite and on PostgreSQL. PostgreSQL is found through
``MAPPA_TEST_POSTGRES_URL`` (default ``postgresql://postgres@127.0.0.1:5432/test``).
Each test gets its own schema, dropped afterwards. Without a server, the
PostgreSQL runs are skipped with the reason, unless ``MAPPA_REQUIRE_POSTGRES=1``
(as in CI), when they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from mappa_flow.bootstrap import Mappa, bootstrap
from mappa_flow.clock import FixedClock
from mappa_flow.settings import Settings

DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


def postgres_url() -> str:
    return os.environ.get("MAPPA_TEST_POSTGRES_URL", DEFAULT_PG_URL)


def _postgres_unavailable() -> str | None:
    try:
        with psycopg.connect(postgres_url(), connect_timeout=3):
            return None
    except psycopg.Error as error:
        return f"PostgreSQL not reachable at {postgres_url()} ({type(error).__name__}); set MAPPA_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def postgres_problem() -> str | None:
    return _postgres_unavailable()


@pytest.fixture
def pg_schema(postgres_problem: str | None) -> Iterator[str]:
    """A fresh PostgreSQL schema for one test."""
    if postgres_problem:
        if os.environ.get("MAPPA_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL tests are mandatory here: {postgres_problem}")
        pytest.skip(postgres_problem)
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(postgres_url(), autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield schema
    with psycopg.connect(postgres_url(), autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


def sqlite_settings(path: Path, **overrides: object) -> Settings:
    return Settings(sqlite_path=path, postgres_dbname=None, database_url=None, **overrides)  # type: ignore[arg-type]


def postgres_settings(schema: str, **overrides: object) -> Settings:
    return Settings(database_url=postgres_url(), postgres_schema=schema, **overrides)  # type: ignore[arg-type]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    """Settings for a fresh, empty event store on each backend."""
    if backend == "sqlite":
        return sqlite_settings(tmp_path / "mappa.db")
    return postgres_settings(request.getfixturevalue("pg_schema"))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 20, 10, 0, tzinfo=UTC))


@pytest.fixture
def app(store: Settings, clock: FixedClock) -> Iterator[Mappa]:
    application = bootstrap(store, clock)
    yield application
    application.close()


@pytest.fixture
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id with small costs, so tests that register accounts and sign in do not spend 0.25 s a hash.
    Still argon2id: the hashes are checked the same way."""
    from argon2 import PasswordHasher, Type

    from mappa_flow import credential

    monkeypatch.setattr(credential, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1,
                                                              type=Type.ID))
