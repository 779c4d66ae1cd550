"""Seals: a hash chain over the stored event log, so that later changes made in the database show.

Each stored notification gets a leaf digest: SHA-256 over its originator id,
version, topic and stored state bytes (the encrypted bytes when encryption at
rest is on, so sealing never needs the key). Its position (notification id) is
kept beside the digest, not inside it, so that an event moved to another
position is recognised where it went.

A seal covers the notifications recorded since the previous seal. Its chain
hash is SHA-256 over the previous seal's chain hash and every (position, leaf
digest) it covers, in order. Positions missing when sealing (PostgreSQL leaves
gaps when a transaction rolls back) are simply not sealed, so they are never
reported as deletions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import IntegrityError

from mappa_flow.application import MappaApplication
from mappa_flow.audit.index import utc_naive
from mappa_flow.audit.tables import seal, seal_leaf

GENESIS = bytes(32)
_CHAIN_LABEL = b"mappa-flow seal v1"
READ_BATCH = 5000
SEAL_BLOCK = 50_000  # events per seal at most: one seal, one short transaction


def leaf_digest(notification: Any) -> bytes:
    """SHA-256 of one stored event: each part length-prefixed, so no two events can run into each other."""
    originator_id = notification.originator_id
    originator = (originator_id if isinstance(originator_id, UUID) else UUID(str(originator_id))).hex.encode()
    parts = (originator, str(notification.originator_version).encode(), notification.topic.encode(),
             bytes(notification.state))
    return hashlib.sha256(b"".join(len(part).to_bytes(8, "big") + part for part in parts)).digest()


class Chain:
    """The running chain hash of one seal, fed leaf by leaf."""

    def __init__(self, previous: bytes):
        self._hash = hashlib.sha256(previous)
        self._hash.update(_CHAIN_LABEL)

    def add(self, position: int, digest: bytes) -> None:
        self._hash.update(position.to_bytes(8, "big"))
        self._hash.update(digest)

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


@dataclass(frozen=True)
class SealRecord:
    seal_no: int
    first_position: int
    last_position: int
    events: int
    chain_hash: str
    sealed_at: datetime
    sealed_by: str


@dataclass(frozen=True)
class SealOutcome:
    latest: SealRecord | None  # the newest seal after sealing (None: nothing has ever been recorded)
    sealed_now: int  # events covered by the seal just made (0: nothing new to seal)


def read_notifications(app: MappaApplication, start: int, stop: int, batch: int = READ_BATCH) -> Iterator[Any]:
    """Every stored notification with start <= id <= stop, oldest first, read in batches."""
    while start <= stop:
        found = app.recorder.select_notifications(start, batch, stop=stop)
        if not found:
            return
        yield from found
        start = found[-1].id + 1


def seals(conn: Connection) -> list[SealRecord]:
    return [SealRecord(**row) for row in conn.execute(select(seal).order_by(seal.c.seal_no)).mappings()]


def latest_seal(conn: Connection) -> SealRecord | None:
    row = conn.execute(select(seal).order_by(seal.c.seal_no.desc()).limit(1)).mappings().first()
    return SealRecord(**row) if row else None


class Sealer:
    def __init__(self, app: MappaApplication, engine: Engine):
        self.app = app
        self.engine = engine

    def seal(self, sealed_by: str, now: datetime) -> SealOutcome:
        """Seal every notification recorded since the last seal.

        A long unsealed stretch is sealed in blocks of at most ``SEAL_BLOCK`` events, each in its own short
        transaction, so that sealing never holds the store's writers up for long.
        """
        head = self.app.max_notification_id()
        total, latest = 0, None
        while True:
            latest, sealed = self._seal_with_retries(sealed_by, now, head)
            total += sealed
            if not sealed:
                return SealOutcome(latest, total)

    def _seal_with_retries(self, sealed_by: str, now: datetime, head: int) -> tuple[SealRecord | None, int]:
        for _attempt in range(3):
            try:
                return self._seal_block(sealed_by, now, head)
            except IntegrityError:  # another process sealed the same events at the same moment
                continue
        return self._seal_block(sealed_by, now, head)

    def _seal_block(self, sealed_by: str, now: datetime, head: int) -> tuple[SealRecord | None, int]:
        with self.engine.begin() as conn:
            last = latest_seal(conn)
            start = last.last_position + 1 if last else 1
            chain = Chain(bytes.fromhex(last.chain_hash) if last else GENESIS)
            count, first, final = self._write_leaves(conn, chain, start, head)
            if not count:
                return last, 0
            record = SealRecord(
                seal_no=(last.seal_no if last else 0) + 1, first_position=first, last_position=final, events=count,
                chain_hash=chain.hexdigest(), sealed_at=utc_naive(now), sealed_by=sealed_by,
            )
            conn.execute(seal.insert().values(**record.__dict__))
        return record, count

    def _write_leaves(self, conn: Connection, chain: Chain, start: int, head: int) -> tuple[int, int, int]:
        count, first, final = 0, 0, 0
        rows: list[dict[str, Any]] = []
        for notification in read_notifications(self.app, start, head):
            if count >= SEAL_BLOCK:
                break
            digest = leaf_digest(notification)
            chain.add(notification.id, digest)
            rows.append({"position": notification.id, "digest": digest})
            first, final, count = first or notification.id, notification.id, count + 1
            if len(rows) >= READ_BATCH:
                conn.execute(seal_leaf.insert(), rows)
                rows = []
        if rows:
            conn.execute(seal_leaf.insert(), rows)
        return count, first, final
