"""Where a benchmark's events live: a cached SQLite file, a PostgreSQL schema, or a scratch store thrown away after.

A ``Store`` names one event store (and its views) on one backend. It can be handed to a fresh process
(``as_env`` / ``from_env``) for the measurements that need their own process (peak memory).
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg

from mappa_flow.clock import FixedClock
from mappa_flow.settings import Settings

TODAY = date(2026, 11, 20)  # the demo's "today" and the benchmark clock's day (the same as bench_rebuild's)
CLOCK = FixedClock(datetime(2026, 11, 20, 10, tzinfo=UTC))
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
ENV_KEY = "MAPPA_BENCH_STORE"


def postgres_url() -> str:
    return os.environ.get("MAPPA_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


def postgres_problem() -> str | None:
    """Why PostgreSQL cannot be used, or None when it answers."""
    try:
        with psycopg.connect(postgres_url(), connect_timeout=3):
            return None
    except psycopg.Error as error:
        return f"PostgreSQL not reachable at {postgres_url()} ({type(error).__name__})"


@dataclass(frozen=True)
class Store:
    backend: str  # "sqlite" or "postgres"
    sqlite_path: str | None = None
    views_path: str | None = None
    schema: str | None = None

    @classmethod
    def sqlite(cls, folder: Path) -> Store:
        return cls("sqlite", str(folder / "events.db"), str(folder / "views.db"))

    @classmethod
    def postgres(cls, schema: str) -> Store:
        return cls("postgres", schema=schema)

    def settings(self) -> Settings:
        if self.backend == "sqlite":
            return Settings(sqlite_path=Path(str(self.sqlite_path)), views_sqlite_path=Path(str(self.views_path)),
                            postgres_dbname=None, database_url=None, cipher_key=None)  # type: ignore[call-arg]
        return Settings(database_url=postgres_url(), postgres_schema=str(self.schema),  # type: ignore[call-arg]
                        cipher_key=None)

    def as_env(self) -> dict[str, str]:
        return {**os.environ, ENV_KEY: json.dumps(asdict(self))}

    @classmethod
    def from_env(cls) -> Store:
        return cls(**json.loads(os.environ[ENV_KEY]))


def execute(sql: str) -> None:
    with psycopg.connect(postgres_url(), autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def schema_comment(schema: str) -> str | None:
    """The comment on a schema (where a cached copy keeps its cache key), or None if the schema is missing."""
    with psycopg.connect(postgres_url(), autocommit=True) as conn:
        row = conn.execute("SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = %s",
                           (schema,)).fetchone()
    return None if row is None else (row[0] or "")


@contextmanager
def scratch(backend: str) -> Iterator[Store]:
    """An empty store, removed afterwards: a temporary folder, or a temporary PostgreSQL schema."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="mappa-bench-") as folder:
            yield Store.sqlite(Path(folder))
        return
    schema = f"mappa_bench_tmp_{uuid.uuid4().hex[:12]}"
    execute(f"CREATE SCHEMA {schema}")
    try:
        yield Store.postgres(schema)
    finally:
        execute(f"DROP SCHEMA {schema} CASCADE")
