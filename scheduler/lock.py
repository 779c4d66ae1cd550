"""One sweeping scheduler at a time on PostgreSQL: a session advisory lock, taken without waiting.

Correctness never depends on it: a reminder's id makes a second recording
impossible, and delivery is at least once anyway. The lock only spares the
store from several schedulers doing the same work at once (and co-ordinators
from duplicate e-mails when two schedulers deliver the same reminder at once).
SQLite serialises writers itself, so there the lock is always granted.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, text

# One lock per schema, so two mappa-flow installations sharing a database do not block each other.
_KEY = "hashtext('mappa-flow-scheduler:' || current_schema())"


@contextmanager
def sweep_lock(engine: Engine, enabled: bool = True) -> Iterator[bool]:
    """Yield True if this process may sweep now; False if another scheduler holds the lock."""
    if not enabled or engine.dialect.name != "postgresql":
        yield True
        return
    with engine.connect() as raw:
        conn = raw.execution_options(isolation_level="AUTOCOMMIT")
        held = bool(conn.execute(text(f"SELECT pg_try_advisory_lock({_KEY})")).scalar())
        try:
            yield held
        finally:
            if held:
                conn.execute(text(f"SELECT pg_advisory_unlock({_KEY})"))
