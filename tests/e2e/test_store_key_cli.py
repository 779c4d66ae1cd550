"""The real CLI on a store opened with a key that does not fit it: one line, exit 8, nothing written (issue 11).

An encrypted store opened with no key or another key, or a plaintext store opened with a key, stops every
command (a report, a write, ``audit verify``) before it reads or writes, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eventsourcing.cipher import AESCipher

from mappa_flow.cli.context import EXIT_SETTINGS
from tests.conftest import postgres_settings, sqlite_settings
from tests.e2e.test_cli import mappa
from tests.integration.test_store_key import _written

KEY = AESCipher.create_key(num_bytes=16)
OTHER_KEY = AESCipher.create_key(num_bytes=16)

def _area(code: str) -> tuple[str, ...]:
    body = {"command_id": f"area-{code}", "recorded_by": "coord", "occurred_on": "2026-04-01", "area": code,
            "name": code.title()}
    return "record", "register_area", "--json", json.dumps(body)


COMMANDS = {"a report": ("summary",), "a write": _area("south"), "audit verify": ("audit", "verify")}
MISFITS = {
    "encrypted store, no key": (KEY, None, "is encrypted and every command needs its key: set MAPPA_CIPHER_KEY"),
    "encrypted store, another key": (KEY, OTHER_KEY, "MAPPA_CIPHER_KEY is not the key the event store"),
    "plaintext store, a key": (None, KEY, "was made without encryption: unset MAPPA_CIPHER_KEY"),
}


@pytest.fixture
def env(any_env: dict[str, str]) -> dict[str, str]:
    return any_env


def _keyed(env: dict[str, str], key: str | None) -> dict[str, str]:
    return {**env, "MAPPA_CIPHER_KEY": key} if key else env


def _store(env: dict[str, str]) -> tuple[int, object]:
    settings = (postgres_settings(env["MAPPA_POSTGRES_SCHEMA"]) if "MAPPA_DATABASE_URL" in env
                else sqlite_settings(Path(env["MAPPA_SQLITE_PATH"])))
    return _written(settings)


@pytest.mark.parametrize(("made_with", "opened_with", "says"), MISFITS.values(), ids=MISFITS.keys())
def test_every_command_on_a_store_with_a_key_that_does_not_fit_stops_in_one_line_with_exit_8(
    env: dict[str, str], made_with: str | None, opened_with: str | None, says: str,
) -> None:
    made = _keyed(env, made_with)
    assert mappa(made, "init").returncode == 0
    assert mappa(made, *_area("north")).returncode == 0
    before = _store(env)
    for name, command in COMMANDS.items():
        done = mappa(_keyed(env, opened_with), *command)
        assert done.returncode == EXIT_SETTINGS, (name, done.stderr)
        assert done.stderr.splitlines() == [done.stderr.strip()] and says in done.stderr, (name, done.stderr)
        assert done.stderr.startswith("mappa-flow: invalid setting: MAPPA_CIPHER_KEY") and done.stdout == ""
        assert KEY not in done.stderr and OTHER_KEY not in done.stderr
        assert _store(env) == before, f"{name} wrote to the store"
    verified = mappa(made, "audit", "verify")
    assert verified.returncode == 0 and "TAMPERED" not in verified.stdout.upper(), verified.stdout
