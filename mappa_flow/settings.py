"""Settings: one pydantic-settings class, prefix ``MAPPA_``, built by a function, never at import."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from domain.errors import DomainError
from domain.reminder_stage import StagePlan


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
    cipher_key: SecretStr | None = Field(
        None, description="Base64 AES key (16, 24 or 32 bytes): encrypts events at rest when set."
    )
    snapshot_interval: int = Field(50, ge=2, description="Snapshot an aggregate every N events.")
    command_retries: int = Field(5, ge=0, le=50, description="Retries after a concurrent change.")

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

    @model_validator(mode="after")
    def _apply_database_url(self) -> Settings:
        if not self.database_url:
            return self
        url = urlsplit(self.database_url)
        if url.scheme not in ("postgresql", "postgres") or not url.path.strip("/"):
            raise ValueError(
                f"database_url must look like postgresql://user@host:5432/dbname, got scheme {url.scheme!r}"
            )
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

    def describe_store(self) -> str:
        """Where events live, without secrets."""
        if self.postgres_dbname:
            schema = f" schema {self.postgres_schema}" if self.postgres_schema else ""
            where = f"{self.postgres_host}:{self.postgres_port}/{self.postgres_dbname}"
            return f"PostgreSQL {self.postgres_user}@{where}{schema}"
        return f"SQLite {self.sqlite_path}"


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment (``MAPPA_*``), with explicit overrides on top."""
    return Settings(**overrides)  # type: ignore[arg-type]
