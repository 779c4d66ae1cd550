"""Settings: one pydantic-settings class read from MAPPA_* variables, and nothing connects at import."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr

from mappa_flow.settings import Settings, SettingsError, hide_password, load_settings

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("domain", "projections", "scheduler", "mappa_flow")


def test_settings_are_read_from_variables_with_the_prefix_mappa(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAPPA_SNAPSHOT_INTERVAL", "7")
    monkeypatch.setenv("MAPPA_DATABASE_URL", "postgresql://ann:pw@db.example:6543/mappa")
    monkeypatch.setenv("SNAPSHOT_INTERVAL", "9")  # without the prefix: ignored
    settings = load_settings()
    assert settings.snapshot_interval == 7
    assert (settings.backend, settings.postgres_host, settings.postgres_port) == ("postgres", "db.example", 6543)
    assert (settings.postgres_user, settings.postgres_password.get_secret_value()) == ("ann", "pw")
    assert settings.store_variable == "MAPPA_DATABASE_URL"


def test_with_no_settings_the_store_is_the_sqlite_file_in_var(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in __import__("os").environ if n.startswith("MAPPA_")]:
        monkeypatch.delenv(name)
    settings = load_settings()
    assert (settings.backend, settings.sqlite_path, settings.cipher_key) == ("sqlite", Path("var/mappa.db"), None)
    assert settings.store_variable == "MAPPA_SQLITE_PATH"


def test_there_is_one_settings_class_in_the_code() -> None:
    found = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found += [f"{path.relative_to(ROOT)}:{node.name}" for node in ast.walk(tree)
                      if isinstance(node, ast.ClassDef) and any(getattr(b, "id", "") == "BaseSettings"
                                                                for b in node.bases)]
    assert found == ["mappa_flow/settings.py:Settings"]


@pytest.mark.parametrize(("field", "value", "words"), [
    ("snapshot_interval", "abc", "MAPPA_SNAPSHOT_INTERVAL = 'abc': must be a whole number"),
    ("command_retries", "99", "MAPPA_COMMAND_RETRIES = '99': must be 50 or less"),
    ("database_url", "postgresql://u:Secret-1@h:5432/", "MAPPA_DATABASE_URL = 'postgresql://u:***@h:5432/': must"),
    ("cipher_key", "c2hvcnQ=", "MAPPA_CIPHER_KEY = (secret, not shown): must be an AES key"),
    ("postgres_password", 12, "MAPPA_POSTGRES_PASSWORD = (secret, not shown):"),
])
def test_a_bad_setting_names_the_variable_the_value_and_the_rule_but_never_a_secret(
    field: str, value: object, words: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(**{field: value})
    assert str(caught.value).startswith(words)
    assert "Secret-1" not in str(caught.value) and "c2hvcnQ=" not in str(caught.value)


def test_every_problem_is_named_when_several_settings_are_bad() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(snapshot_interval="x", smtp_port=0)
    assert "MAPPA_SNAPSHOT_INTERVAL" in str(caught.value) and "MAPPA_SMTP_PORT = '0': must be 1 or more" in str(
        caught.value)


def test_a_valid_cipher_key_is_accepted_and_an_empty_one_means_no_encryption() -> None:
    key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="  # 32 bytes
    assert load_settings(cipher_key=key).cipher_key == SecretStr(key)
    assert load_settings(cipher_key="").cipher_key is None


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql://bob:hunter2@db:5432/x", "postgresql://bob:***@db:5432/x"),
    ("postgresql://bob:p%40ss@db/x", "postgresql://bob:***@db/x"),
    ("postgresql://bob@db/x", "postgresql://bob@db/x"),
])
def test_a_url_is_shown_without_its_password(url: str, shown: str) -> None:
    assert hide_password(url) == shown


def test_settings_describe_the_store_without_a_password() -> None:
    settings = Settings(database_url="postgresql://bob:hunter2@db:5432/mappa", postgres_schema="north")  # type: ignore[call-arg]
    assert settings.describe_store() == "PostgreSQL bob@db:5432/mappa schema north"


NO_CONNECTIONS = """
import importlib, pkgutil, socket, sqlite3, sys
def refuse(*args, **kwargs):
    raise AssertionError("connected at import")
socket.socket.connect = refuse
socket.create_connection = refuse
sqlite3.connect = refuse
import psycopg
psycopg.connect = refuse
psycopg.Connection.connect = classmethod(refuse)
for package in {packages!r}:
    root = importlib.import_module(package)
    for info in pkgutil.walk_packages(root.__path__, package + "."):
        importlib.import_module(info.name)
print("imported", len([m for m in sys.modules if m.startswith({packages!r})]))
"""


def test_importing_every_module_connects_to_nothing_and_writes_nothing(tmp_path: Path) -> None:
    env = {"PATH": "", "MAPPA_DATABASE_URL": "postgresql://bob:pw@127.0.0.1:9/never",
           "MAPPA_SQLITE_PATH": str(tmp_path / "var" / "never.db")}
    done = subprocess.run([sys.executable, "-c", NO_CONNECTIONS.format(packages=PACKAGES)], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.split()[-1]) > 100
    assert list(tmp_path.iterdir()) == []


def test_no_module_reads_the_environment_except_through_the_settings_class() -> None:
    readers = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if "os.environ" in text or "getenv(" in text:
                readers.append(str(path.relative_to(ROOT)))
    assert readers == []
