"""No message about a bad setting shows a password, however the URL is mangled; PostgreSQL parts need a database."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from mappa_flow.settings import SettingsError, hide_password, load_settings, redact

PASSWORD = "Pw-7c1e-never-shown"
ODD = "p@ss/w:rd?#x"  # a password with every character that breaks a URL when left unescaped

# (a MAPPA_DATABASE_URL, words its refusal must hold)
MALFORMED = [
    (f"postgresql:/bob:{PASSWORD}@127.0.0.1/db", "no user and host (postgresql:// needs its two slashes)"),
    (f"bob:{PASSWORD}@127.0.0.1/db", "(not shown: not a URL, and it may hold a password): must look like"),
    (f"//bob:{PASSWORD}@127.0.0.1/db", "not a PostgreSQL URL"),
    (f"mysql://bob:{PASSWORD}@db/mappa", "not a PostgreSQL URL"),
    (f"postgresql://bob:{PASSWORD}@127.0.0.1:99999/db", "not a URL (a port that is not a number from 1 to 65535"),
    (f"postgresql://bob:{PASSWORD}@127.0.0.1:abc/db", "not a URL (a port that is not a number from 1 to 65535"),
    (f"postgresql://bob:{PASSWORD}@127.0.0.1:0/db", "port 0"),
    (f"postgresql://bob:{PASSWORD}@127.0.0.1:5432/", "no database name"),
    (f"postgresql://bob:{PASSWORD}@127.0.0.1:5432/a/b", "no database name"),
    (f"postgresql://bob:{PASSWORD}@[::1/db", "not a URL"),
    (f"postgresql://bob:{PASSWORD}", "not a URL"),
    (f"postgresql://bob:{PASSWORD}/x@127.0.0.1/db", "not a URL"),
    (f"postgresql://bob:{ODD}@127.0.0.1/db", "(a ? or # (write @ / : ? # in a password as %40"),
    (f"bob:{PASSWORD}", "not a PostgreSQL URL"),
    (f"{PASSWORD}", "not a PostgreSQL URL"),
]


def _refusal(**settings: object) -> str:
    with pytest.raises(SettingsError) as refused:
        load_settings(**settings)
    return str(refused.value)


@pytest.mark.parametrize(("url", "words"), MALFORMED, ids=[f"url-{n}" for n in range(len(MALFORMED))])
def test_a_malformed_database_url_is_refused_by_name_without_its_password(url: str, words: str) -> None:
    message = _refusal(database_url=url)

    assert message.startswith("MAPPA_DATABASE_URL = ") and words in message
    assert "must look like postgresql://user@host:5432/dbname" in message
    for secret in (PASSWORD, ODD, "ss/w:rd"):
        assert secret not in message


@pytest.mark.parametrize("parts", [
    {"postgres_host": "db.example"},
    {"postgres_password": PASSWORD},
    {"postgres_host": "db", "postgres_user": "bob", "postgres_password": PASSWORD, "postgres_port": 6543},
    {"postgres_schema": "north"},
])
def test_postgresql_parts_without_a_database_are_refused_instead_of_falling_back_to_sqlite(
    parts: dict[str, object]
) -> None:
    message = _refusal(**parts)

    named = ", ".join(f"MAPPA_{name.upper()}" for name in sorted(parts))
    assert message.startswith(f"{named} {'is' if len(parts) == 1 else 'are'} set but MAPPA_POSTGRES_DBNAME is not")
    assert PASSWORD not in message


def test_postgresql_parts_with_a_database_or_a_url_are_accepted() -> None:
    assert load_settings(postgres_host="db", postgres_dbname="mappa").backend == "postgres"
    assert load_settings(postgres_schema="north", database_url="postgresql://bob@db/mappa").backend == "postgres"
    assert load_settings(postgres_host="").backend == "sqlite"  # set but empty: nothing asked of PostgreSQL


def test_a_bad_port_part_is_refused_without_the_password() -> None:
    message = _refusal(postgres_dbname="mappa", postgres_port=99999, postgres_password=PASSWORD)
    assert message.startswith("MAPPA_POSTGRES_PORT = '99999': must be 65535 or less") and PASSWORD not in message


@pytest.mark.parametrize("text", [
    f"connection failed: postgresql://bob:{PASSWORD}@127.0.0.1:9/mappa refused",
    f"invalid dsn: host=h user=bob password={PASSWORD} dbname=x",
    f"invalid dsn: password='{PASSWORD} with spaces' host=h",
    f"FATAL: could not connect as bob:{PASSWORD}@h",
    f"quoted {quote(ODD, safe='')} and raw {ODD}",
])
def test_a_drivers_error_text_is_shown_without_the_password(text: str) -> None:
    shown = redact(text, ODD, PASSWORD)
    assert PASSWORD not in shown and ODD not in shown and quote(ODD, safe="") not in shown
    assert "***" in shown


def test_a_url_without_a_password_is_shown_as_it_is() -> None:
    assert hide_password("postgresql://bob@db:5432/mappa") == "postgresql://bob@db:5432/mappa"
    assert redact("could not reach postgresql://bob@db:5432/mappa") == "could not reach postgresql://bob@db:5432/mappa"
