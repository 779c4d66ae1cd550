"""Fixtures of the end-to-end tests: a process environment for the real CLI, on each backend."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import postgres_url


def cli_env(tmp_path: Path) -> dict[str, str]:
    """The process environment without any MAPPA_ variable, with an SQLite store under ``tmp_path``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAPPA_")}
    env["MAPPA_SQLITE_PATH"] = str(tmp_path / "var" / "mappa.db")
    Path(env["MAPPA_SQLITE_PATH"]).parent.mkdir(exist_ok=True)  # as `init` would: no other command creates it
    return env


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    """A CLI environment on SQLite and on PostgreSQL (a fresh schema)."""
    env = cli_env(tmp_path)
    if request.param == "postgres":
        env.update(MAPPA_DATABASE_URL=postgres_url(), MAPPA_POSTGRES_SCHEMA=request.getfixturevalue("pg_schema"))
    return env
