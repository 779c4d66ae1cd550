"""Settings: one pydantic-settings class, prefix ``MAPPA_``, built by a function, never at import.

A bad setting becomes one ``SettingsError`` naming the variable, the value (never a secret) and
the rule, so the CLI can say it in one line.
"""

from __future__ import annotations

import binascii
import re
from base64 import b64decode
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from pydantic_settings import SettingsError as SourceError

from domain.errors import DomainError
from domain.reminder_stage import StagePlan

WEB_SECRET_MIN = 32  # characters of MAPPA_WEB_SECRET


class Settings(BaseSettings):
    """Where events are stored and how mappa-flow behaves.

    With no PostgreSQL settings, mappa-flow uses an SQLite file at ``sqlite_path``.
    Give ``postgres_dbname`` (and host, port, user, password as needed) to use PostgreSQL.
    """

    model_config = SettingsConfigDict(env_prefix="MAPPA_", env_file=None, extra="ignore")

    database_url: str | None = Field(
        None, description="postgresql://user:password@host:port/dbname — an alternative to the postgres_* fields."
    )
    sqlite_path: Path = Field(Path("var/mappa.db"), description="SQLite file of the embedded store.")
    views_sqlite_path: Path | None = Field(
        None, description="SQLite file of the read models (default: beside sqlite_path, ending -views.db)."
    )
    postgres_dbname: str | None = Field(None, description="PostgreSQL database; set it to use PostgreSQL.")
    postgres_host: str = "127.0.0.1"
    postgres_port: int = Field(5432, ge=1, le=65535)
    postgres_user: str = "postgres"
    postgres_password: SecretStr = SecretStr("")
    postgres_schema: str = Field("", description="PostgreSQL schema for mappa-flow's tables (default: public).")
    postgres_connect_timeout: int = Field(10, ge=1, le=300, description="Seconds to wait for PostgreSQL to answer.")
    cipher_key: SecretStr | None = Field(
        None, description="Base64 AES key (16, 24 or 32 bytes): encrypts events at rest when set."
    )
    snapshot_interval: int = Field(50, ge=2, description="Snapshot an aggregate every N events.")
    command_retries: int = Field(5, ge=0, le=50, description="Retries after a concurrent change.")

    # The web application (docs/web.md).
    web_secret: SecretStr | None = Field(
        None, description="Signs the session cookies of `mappa-flow serve` (32 characters or more); "
                                         "required except with --dev.")
    web_tls: bool = Field(False, description="The site is served over HTTPS: cookies are marked Secure.")

    # Reminders and their delivery (docs/scheduler.md).
    reminder_stages: str = Field(
        "default=-14,-7,0,+1,+7!",
        description="Reminder lead times in days per kind of deadline: kind=-14,-7,0,+1,+7!;kind=... "
                    "(negative before the due date, ! marks an escalation to the SOG chair).",
    )
    smtp_host: str | None = Field(None, description="SMTP server for reminder e-mails; unset: reminders stay "
                                                    "in the inbox and are not e-mailed.")
    smtp_port: int = Field(25, ge=1, le=65535)
    smtp_starttls: bool = Field(False, description="Upgrade the SMTP connection with STARTTLS.")
    smtp_ca_file: Path | None = Field(None, description="CA certificates to verify the SMTP server with (PEM); "
                                                        "default: the system's.")
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str = Field("mappa-flow@localhost", description="From address of reminder e-mails.")
    smtp_timeout_seconds: float = Field(30.0, gt=0, le=600)
    sweep_interval_seconds: int = Field(300, ge=1, le=86400, description="How often the scheduler sweeps.")
    delivery_retry_base_seconds: int = Field(60, ge=1, description="Wait after a first failed delivery; doubles.")
    delivery_retry_max_seconds: int = Field(6 * 3600, ge=1, description="Longest wait between delivery attempts.")
    delivery_batch_size: int = Field(200, ge=1, le=10000, description="Reminders delivered per sweep, at most.")
    reminder_batch_size: int = Field(200, ge=1, le=10000, description="Reminders recorded per transaction.")
    seal_interval_hours: int = Field(
        24, ge=1, le=24 * 31, description="How often the scheduler seals the event store (docs/auditors.md); "
        "an event left unsealed for longer is an audit finding.")
    scheduler_advisory_lock: bool = Field(
        True, description="On PostgreSQL, let one scheduler sweep at a time (correctness does not depend on it)."
    )

    @field_validator("reminder_stages")
    @classmethod
    def _stages_parse(cls, value: str) -> str:
        try:
            StagePlan.parse(value)
        except DomainError as error:
            raise ValueError(str(error)) from None
        return value

    @field_validator("postgres_schema")
    @classmethod
    def _schema_is_an_identifier(cls, value: str) -> str:
        if value and not value.replace("_", "").isalnum():
            raise ValueError(f"postgres_schema {value!r} must be letters, digits and underscores")
        return value

    @field_validator("database_url")
    @classmethod
    def _url_is_postgresql(cls, value: str | None) -> str | None:
        if not value:
            return None
        problem = url_problem(value)
        if problem:
            raise ValueError(f"must look like postgresql://user@host:5432/dbname ({problem})")
        return value

    @field_validator("web_secret")
    @classmethod
    def _web_secret_is_long(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if len(value.get_secret_value()) < WEB_SECRET_MIN:
            raise ValueError(f"must be {WEB_SECRET_MIN} characters or more, e.g. from "
                             "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'")
        return value

    @field_validator("cipher_key")
    @classmethod
    def _key_is_an_aes_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        try:
            size = len(b64decode(value.get_secret_value(), validate=True))
        except (binascii.Error, ValueError):
            size = -1
        if size not in (16, 24, 32):
            raise ValueError("must be an AES key of 16, 24 or 32 bytes, base64-encoded (docs/cli.md says how to "
                             "make one)")
        return value

    @model_validator(mode="after")
    def _postgres_parts_need_a_database(self) -> Settings:
        """PostgreSQL parts without a database would silently fall back to SQLite: refuse them instead."""
        if self.database_url or self.postgres_dbname:
            return self
        given = [f"MAPPA_{name.upper()}" for name in sorted(self.model_fields_set & _POSTGRES_PARTS)
                 if _given(getattr(self, name))]
        if given:
            raise ValueError(f"{', '.join(given)} {'is' if len(given) == 1 else 'are'} set but MAPPA_POSTGRES_DBNAME "
                             "is not: set MAPPA_POSTGRES_DBNAME (or MAPPA_DATABASE_URL) to use PostgreSQL, or unset "
                             f"{'it' if len(given) == 1 else 'them'} to use SQLite (MAPPA_SQLITE_PATH)")
        return self

    @model_validator(mode="after")
    def _apply_database_url(self) -> Settings:
        if not self.database_url:
            return self
        url = urlsplit(self.database_url)
        self.postgres_dbname = url.path.strip("/")
        self.postgres_host = url.hostname or self.postgres_host
        self.postgres_port = url.port or self.postgres_port
        self.postgres_user = unquote(url.username) if url.username else self.postgres_user
        if url.password:
            self.postgres_password = SecretStr(unquote(url.password))
        return self

    @property
    def views_path(self) -> Path:
        """Read models live in their own SQLite file: derived data, rebuilt from the events at will."""
        return self.views_sqlite_path or self.sqlite_path.with_name(self.sqlite_path.stem + "-views.db")

    @property
    def backend(self) -> str:
        return "postgres" if self.postgres_dbname else "sqlite"

    @property
    def store_variable(self) -> str:
        """The environment variable that chose the store."""
        if self.database_url:
            return "MAPPA_DATABASE_URL"
        return "MAPPA_POSTGRES_DBNAME" if self.postgres_dbname else "MAPPA_SQLITE_PATH"

    def describe_store(self) -> str:
        """Where events live, without secrets."""
        if self.postgres_dbname:
            schema = f" schema {self.postgres_schema}" if self.postgres_schema else ""
            where = f"{self.postgres_host}:{self.postgres_port}/{self.postgres_dbname}"
            return f"PostgreSQL {self.postgres_user}@{where}{schema}"
        return f"SQLite {self.sqlite_path}"


# Where a PostgreSQL store is (not how long to wait for it: MAPPA_POSTGRES_CONNECT_TIMEOUT alone chooses nothing).
_POSTGRES_PARTS = {"postgres_host", "postgres_port", "postgres_user", "postgres_password", "postgres_schema"}


def _given(value: object) -> bool:
    return bool(value.get_secret_value() if isinstance(value, SecretStr) else value)


def url_problem(value: str) -> str | None:
    """What is wrong with a PostgreSQL URL, in words that never repeat it; None if nothing is."""
    try:
        url = urlsplit(value)
        port = url.port
    except ValueError:
        return "not a URL (a port that is not a number from 1 to 65535, or a bracket left open)"
    if url.scheme not in ("postgresql", "postgres"):
        return "not a PostgreSQL URL (it must start postgresql://)"
    if not url.netloc:
        return "no user and host (postgresql:// needs its two slashes)"
    if port == 0:
        return "port 0 (the port is a number from 1 to 65535)"
    dbname = url.path.removeprefix("/")
    if not dbname or "/" in dbname:
        return "no database name (one name after the host: /dbname)"
    if url.query or url.fragment or "?" in value or "#" in value:
        return "a ? or # (write @ / : ? # in a password as %40 %2F %3A %3F %23)"
    return None


class SettingsError(Exception):
    """A setting is invalid. The message names the variable, the value (never a secret) and the rule."""


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment (``MAPPA_*``), with explicit overrides on top."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        raise SettingsError("; ".join(_say(detail) for detail in error.errors(include_url=False))) from None
    except SourceError as error:
        raise SettingsError(f"a MAPPA_ setting could not be read: {str(error).splitlines()[0]}") from None


_SECRET = {name for name, info in Settings.model_fields.items() if "SecretStr" in str(info.annotation)}
_WORDS = {
    "int_parsing": "must be a whole number", "int_type": "must be a whole number",
    "float_parsing": "must be a number", "bool_parsing": "must be true or false",
}


def _say(detail: Any) -> str:
    if not detail["loc"]:  # a rule across settings: its message names them, and no value is shown
        return str(detail["msg"]).removeprefix("Value error, ")
    field = str(detail["loc"][0])
    rule = _WORDS.get(detail["type"]) or _bound(detail) or str(detail["msg"]).removeprefix("Value error, ")
    return f"MAPPA_{field.upper()} = {_shown(field, detail.get('input'))}: {rule}"


def _bound(detail: Any) -> str | None:
    ctx = detail.get("ctx") or {}
    for key, words in (("ge", "must be {} or more"), ("le", "must be {} or less"), ("gt", "must be more than {}")):
        if key in ctx:
            return words.format(ctx[key])
    return None


def _shown(field: str, value: Any) -> str:
    if field in _SECRET:
        return "(secret, not shown)"
    text = str(value.get_secret_value() if isinstance(value, SecretStr) else value)
    if field != "database_url":
        return repr(text)
    return repr(hide_password(text)) if "://" in text else "(not shown: not a URL, and it may hold a password)"


def hide_password(url: str) -> str:
    """A URL, or anything meant as one, with whatever could be a password replaced by ***.

    Everything between the user name and the last ``@`` is hidden, whether or not the text parses as a URL
    (no scheme, one slash, an ``@`` or ``/`` left unescaped in the password); with no ``@``, a port that is
    not a number.
    """
    head, at, rest = url.rpartition("@")
    if not at:
        return _hide_bad_port(url)
    scheme = re.match(r"[A-Za-z][A-Za-z0-9+.-]*:/+", head)
    start = scheme.end() if scheme else 0
    user, colon, _ = head[start:].partition(":")
    return f"{head[:start]}{user}{':***' if colon else ''}@{rest}"


def _hide_bad_port(url: str) -> str:
    """With no ``@``, ``user:password`` reads as ``host:port``: a "port" that is not a number is hidden too."""
    found = re.match(r"([A-Za-z][A-Za-z0-9+.-]*:/+)?[^/:@]*:([^/@]*)", url)
    if found is None or not found.group(2) or found.group(2).isdigit():
        return url
    return f"{url[:found.start(2)]}***{url[found.end(2):]}"


def redact(text: str, *secrets: str) -> str:
    """``text`` (e.g. a driver's error) with every URL password, ``password=...`` and each given secret hidden."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***").replace(quote(secret, safe=""), "***")
    text = re.sub(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", r"\1***", text, flags=re.IGNORECASE)
    return re.sub(r"([A-Za-z][A-Za-z0-9+.-]*:/+)?([^\s/@:'\"]*):(?!/)[^\s'\"]*@", r"\1\2:***@", text)
