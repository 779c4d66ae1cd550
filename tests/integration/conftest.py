"""Fixtures shared by the integration tests of the views."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from mappa_flow.projecting import views_engine
from mappa_flow.settings import Settings
from tests.conftest import postgres_url


@pytest.fixture
def fresh_views(store: Settings, tmp_path: Path) -> Iterator[sa.Engine]:
    """An empty views database beside the store's own: a separate SQLite file, or a separate schema."""
    if store.backend == "sqlite":
        engine = views_engine(store.model_copy(update={"views_sqlite_path": tmp_path / "fresh-views.db"}))
        yield engine
        engine.dispose()
        return
    schema = f"{store.postgres_schema}_fresh"
    with psycopg.connect(postgres_url(), autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    engine = sa.create_engine(sa.make_url(postgres_url()).set(drivername="postgresql+psycopg"),
                              connect_args={"options": f"-csearch_path={schema}"})
    yield engine
    engine.dispose()
    with psycopg.connect(postgres_url(), autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")
