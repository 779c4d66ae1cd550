"""Running the real ``mappa-flow`` in a subprocess on a fresh store of either backend, for the e2e tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from mappa_flow.bootstrap import bootstrap
from mappa_flow.settings import Settings
from tests.conftest import postgres_settings, postgres_url, sqlite_settings

_SCRIPT = Path(sys.executable).with_name("mappa-flow")
CLI = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "mappa_flow.cli.main"]


def clean_env(home: Path, backend: str = "sqlite", schema: str | None = None) -> dict[str, str]:
    """The process environment without any MAPPA_ variable, with a store under ``home`` (or a PostgreSQL schema)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAPPA_")}
    env["MAPPA_SQLITE_PATH"] = str(home / "var" / "mappa.db")
    if backend == "postgres":
        env.update(MAPPA_DATABASE_URL=postgres_url(), MAPPA_POSTGRES_SCHEMA=schema or "")
    return env


def mappa(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], env=env, input=stdin, capture_output=True, text=True, timeout=600,
                          cwd=Path(env["MAPPA_SQLITE_PATH"]).parents[1])


def settings_of(env: dict[str, str]) -> Settings:
    if "MAPPA_DATABASE_URL" in env:
        return postgres_settings(env["MAPPA_POSTGRES_SCHEMA"])
    return sqlite_settings(Path(env["MAPPA_SQLITE_PATH"]))


def event_count(env: dict[str, str]) -> int:
    """How many events the store the CLI used holds, read directly."""
    app = bootstrap(settings_of(env))
    try:
        return app.max_notification_id()
    finally:
        app.close()
