"""Turns settings into the eventsourcing library's own recorder configuration."""

from __future__ import annotations

from eventsourcing.cipher import AESCipher
from eventsourcing.utils import Environment

from mappa_flow.settings import Settings

# Every key the library reads that we decide, each set explicitly. The application does not let the
# library read the process environment at all (MappaApplication.construct_env), so a stray variable
# cannot switch the store or the cipher.
_CONTROLLED_KEYS = ("CIPHER_TOPIC", "CIPHER_KEY", "COMPRESSOR_TOPIC", "POSTGRES_SCHEMA")


def event_store_env(settings: Settings) -> dict[str, str]:
    env = dict.fromkeys(_CONTROLLED_KEYS, "")
    if settings.postgres_dbname:
        env.update(
            PERSISTENCE_MODULE="mappa_flow.pgstore:SerialisedSetupPostgresFactory",
            POSTGRES_DBNAME=settings.postgres_dbname,
            POSTGRES_HOST=settings.postgres_host,
            POSTGRES_PORT=str(settings.postgres_port),
            POSTGRES_USER=settings.postgres_user,
            POSTGRES_PASSWORD=settings.postgres_password.get_secret_value(),
            POSTGRES_SCHEMA=settings.postgres_schema,
            POSTGRES_CONNECT_TIMEOUT=str(settings.postgres_connect_timeout),
        )
    else:
        settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        env.update(
            PERSISTENCE_MODULE="eventsourcing.sqlite",
            SQLITE_DBNAME=str(settings.sqlite_path),
            SQLITE_LOCK_TIMEOUT="30",
        )
    if settings.cipher_key is not None:
        env.update(CIPHER_TOPIC="eventsourcing.cipher:AESCipher", CIPHER_KEY=settings.cipher_key.get_secret_value())
    return env


def store_cipher(settings: Settings) -> AESCipher | None:
    """The cipher the library encrypts events with (the same key), for what we store beside them; None without
    a key. The views' private text (projections/private.py) and the audit seals' names use it."""
    if settings.cipher_key is None:
        return None
    return AESCipher(Environment(env={AESCipher.CIPHER_KEY: settings.cipher_key.get_secret_value()}))
