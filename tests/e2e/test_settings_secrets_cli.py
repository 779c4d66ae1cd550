"""Through the real CLI: no settings failure shows a password, PostgreSQL parts need a database, and only `init`
creates the SQLite store's folder."""

from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

from mappa_flow.cli.context import EXIT_SETTINGS, EXIT_STORE
from tests.e2e.cli_run import clean_env, mappa
from tests.unit.test_settings_secrets import MALFORMED, ODD, PASSWORD

# Valid settings whose store does not answer or refuses the password: exit 6, naming the store, never the password.
UNREACHABLE = [
    {"MAPPA_DATABASE_URL": f"postgresql://bob:{PASSWORD}@127.0.0.1:9/mappa"},
    {"MAPPA_DATABASE_URL": f"postgresql://bob:{quote(ODD, safe='')}@127.0.0.1:9/mappa"},
    {"MAPPA_DATABASE_URL": f"postgresql://bob:{PASSWORD}@@127.0.0.1:9/mappa"},
    {"MAPPA_DATABASE_URL": f"postgresql://no_such_role_x:{PASSWORD}@127.0.0.1:5432/test"},
    {"MAPPA_POSTGRES_DBNAME": "mappa", "MAPPA_POSTGRES_PORT": "9", "MAPPA_POSTGRES_PASSWORD": PASSWORD},
    {"MAPPA_POSTGRES_DBNAME": "mappa", "MAPPA_POSTGRES_HOST": "no-such-host.invalid", "MAPPA_POSTGRES_PASSWORD": ODD},
]


def _run(tmp_path: Path, settings: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = clean_env(tmp_path)
    Path(env["MAPPA_SQLITE_PATH"]).parent.mkdir(exist_ok=True)
    return mappa({**env, "MAPPA_POSTGRES_CONNECT_TIMEOUT": "2", **settings}, *args)


def _one_line_without_secrets(done: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("mappa-flow: ") and done.stderr.count("\n") == 1, done.stderr
    for secret in (PASSWORD, ODD, quote(ODD, safe=""), "ss/w:rd"):
        assert secret not in done.stderr and secret not in done.stdout
    return done.stderr


@pytest.mark.parametrize(("url", "words"), MALFORMED, ids=[f"url-{n}" for n in range(len(MALFORMED))])
def test_a_malformed_url_stops_the_command_with_exit_8_and_no_password(tmp_path: Path, url: str, words: str) -> None:
    done = _run(tmp_path, {"MAPPA_DATABASE_URL": url}, "summary")

    assert done.returncode == EXIT_SETTINGS
    line = _one_line_without_secrets(done)
    assert line.startswith("mappa-flow: invalid setting: MAPPA_DATABASE_URL = ") and words in line


@pytest.mark.parametrize("settings", UNREACHABLE, ids=[f"store-{n}" for n in range(len(UNREACHABLE))])
def test_a_store_that_does_not_answer_is_exit_6_and_no_password(tmp_path: Path, settings: dict[str, str]) -> None:
    done = _run(tmp_path, settings, "summary")

    assert done.returncode == EXIT_STORE, done.stderr
    assert _one_line_without_secrets(done).startswith("mappa-flow: the event store could not be reached (PostgreSQL ")


def test_postgresql_parts_without_a_database_are_exit_8_naming_them(tmp_path: Path) -> None:
    done = _run(tmp_path, {"MAPPA_POSTGRES_HOST": "db", "MAPPA_POSTGRES_PASSWORD": PASSWORD}, "summary")

    assert done.returncode == EXIT_SETTINGS
    assert _one_line_without_secrets(done) == (
        "mappa-flow: invalid setting: MAPPA_POSTGRES_HOST, MAPPA_POSTGRES_PASSWORD are set but MAPPA_POSTGRES_DBNAME "
        "is not: set MAPPA_POSTGRES_DBNAME (or MAPPA_DATABASE_URL) to use PostgreSQL, or unset them to use SQLite "
        "(MAPPA_SQLITE_PATH)\n")
    assert list(Path(clean_env(tmp_path)["MAPPA_SQLITE_PATH"]).parent.iterdir()) == []


def test_only_init_creates_the_folder_of_the_sqlite_store(tmp_path: Path) -> None:
    env = {**clean_env(tmp_path), "MAPPA_SQLITE_PATH": str(tmp_path / "mistyped" / "mappa.db")}

    for args in (("summary",), ("import", "-"), ("deadlines", "--as", "coord-1")):
        refused = mappa(env, *args, stdin="")
        assert refused.returncode == EXIT_SETTINGS, refused.stderr
        assert _one_line_without_secrets(refused) == (
            f"mappa-flow: invalid setting: MAPPA_SQLITE_PATH = '{tmp_path / 'mistyped' / 'mappa.db'}': the folder "
            f"{tmp_path / 'mistyped'} does not exist; run 'mappa-flow init' to create a store there, or correct the "
            "path\n")
        assert not (tmp_path / "mistyped").exists()

    created = mappa(env, "init")
    assert created.returncode == 0, created.stderr
    assert (tmp_path / "mistyped" / "mappa.db").is_file()
    assert mappa(env, "summary").returncode == 0
