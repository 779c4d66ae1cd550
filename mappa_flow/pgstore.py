"""The library's PostgreSQL event store, with its start-up setup done by one process at a time.

Each time an application opens the store, the library runs its setup statements: ``CREATE TABLE IF
NOT EXISTS`` and ``CREATE OR REPLACE FUNCTION``. Two processes replacing the same function at once
make PostgreSQL refuse one of them ("tuple concurrently updated"), so several schedulers or CLI
commands starting together could fail at random. Here each recorder's setup runs under a session
advisory lock, so starters queue for a few milliseconds instead. A process that dies holding the
lock loses its session, and with it the lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from eventsourcing.persistence import AggregateRecorder, ApplicationRecorder
from eventsourcing.postgres import PostgresFactory

_SETUP_LOCK = 0x6D617070_73746F72  # "mappstor": one process sets up the event store's tables at a time


class SerialisedSetupPostgresFactory(PostgresFactory):
    """Named by ``storage.event_store_env`` as the persistence module on PostgreSQL."""

    def aggregate_recorder(self, purpose: str = "events") -> AggregateRecorder:
        with self._setup_lock():
            return super().aggregate_recorder(purpose)

    def application_recorder(self) -> ApplicationRecorder:
        with self._setup_lock():
            return super().application_recorder()

    @contextmanager
    def _setup_lock(self) -> Iterator[None]:
        if not self.env_create_table():
            yield
            return
        with self.datastore.get_connection() as conn:  # a second pooled connection runs the setup itself
            conn.execute("SELECT pg_advisory_lock(%s)", (_SETUP_LOCK,))
            try:
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (_SETUP_LOCK,))
