"""Anchors as an auditor uses them, through the real CLI: the hash printed by an import and in every export
proves a later rewrite of the store and its seals; ``audit seal`` refuses to seal over a changed history."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import psycopg
import pytest

from mappa_flow.cli.audit import EXIT_TAMPERED
from tests.conftest import postgres_url
from tests.e2e.test_audit_cli import EXAMPLE, _env, mappa


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def imported(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    env = _env(tmp_path)
    if request.param == "postgres":
        env.update(MAPPA_DATABASE_URL=postgres_url(), MAPPA_POSTGRES_SCHEMA=request.getfixturevalue("pg_schema"))
    done = mappa(env, "import", str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    assert re.search(r"Sealed \d+ new event\(s\): seal #1, hash [0-9a-f]{64}\.", done.stdout), done.stdout
    return env


def _sql(env: dict[str, str], statement: str) -> None:
    """Run SQL on the event store as someone with write access to the database would."""
    if "MAPPA_DATABASE_URL" in env:
        with psycopg.connect(postgres_url(), autocommit=True) as conn:
            conn.execute(f"SET search_path TO {env['MAPPA_POSTGRES_SCHEMA']}")
            conn.execute(statement.replace("{table}", "mappa_events").replace("{id}", "notification_id"))
        return
    import sqlite3

    with sqlite3.connect(env["MAPPA_SQLITE_PATH"]) as conn:
        conn.execute(statement.replace("{table}", "stored_events").replace("{id}", "rowid"))


def _exported_anchor(env: dict[str, str], page: Path) -> str:
    done = mappa(env, "audit", "history", "EX-0001", "--as", "auditor-1", "--export", str(page))
    assert done.returncode == 0, done.stderr
    found: Any = re.search(r'Seal anchor:</strong> seal #1, .*?<span class="hash">([0-9a-f]{64})</span>',
                           page.read_text(encoding="utf-8"))
    assert found, "the export carries no anchor"
    return str(found.group(1))


def test_an_anchor_from_an_export_catches_a_rewrite_of_the_store_and_its_seals(
    imported: dict[str, str], tmp_path: Path
) -> None:
    anchor = _exported_anchor(imported, tmp_path / "EX-0001.html")
    kept = mappa(imported, "audit", "verify", "--anchor", anchor)
    assert kept.returncode == 0 and "chain up to it is intact" in kept.stdout, kept.stdout + kept.stderr

    _sql(imported, "UPDATE {table} SET topic = topic || 'x' WHERE {id} = 3")
    refused = mappa(imported, "audit", "seal", "--as", "auditor-1")
    assert refused.returncode == EXIT_TAMPERED and refused.stdout == ""
    assert refused.stderr.count("\n") == 1 and "not sealed: the events sealed by seal #1" in refused.stderr

    _sql(imported, "DELETE FROM audit_seal_leaf")
    _sql(imported, "DELETE FROM audit_seal")
    resealed = mappa(imported, "audit", "seal", "--as", "auditor-1")
    assert resealed.returncode == 0, resealed.stderr
    assert mappa(imported, "audit", "verify").returncode == 0  # consistent in itself
    caught = mappa(imported, "audit", "verify", "--anchor", anchor)
    assert caught.returncode == EXIT_TAMPERED
    assert f"anchor-missing: no seal has the anchored hash {anchor}" in caught.stdout


def test_a_bad_anchor_or_sealer_name_is_refused_and_nothing_is_sealed(imported: dict[str, str]) -> None:
    bad = mappa(imported, "audit", "verify", "--anchor", "not-a-hash")
    assert bad.returncode == 2 and "not a seal hash (64 hexadecimal characters)" in bad.stderr
    _sql(imported, "DELETE FROM audit_seal_leaf")
    _sql(imported, "DELETE FROM audit_seal")
    name = mappa(imported, "audit", "seal", "--as", "auditor\n1")
    assert name.returncode == 3 and "no control characters" in name.stderr and "nothing was sealed" in name.stderr
    assert "No seal yet" in mappa(imported, "audit", "verify").stdout
