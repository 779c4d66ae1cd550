"""Seals: a hash chain over the stored event log, so that later changes made in the database show.

Each stored notification gets a leaf digest: SHA-256 over its originator id,
version, topic and stored state bytes (the encrypted bytes when encryption at
rest is on, so sealing never needs the key). Its position (notification id) is
kept beside the digest, not inside it, so that an event moved to another
position is recognised where it went.

A seal covers the notifications recorded since the previous seal. Its chain
hash covers the previous seal's chain hash, every (position, leaf digest) it
covers, in order, and (from version 2) its own record: number, first and last
position, event count, when and by whom it was sealed. So no seal can be
renumbered, re-dated, re-attributed, removed from the middle of the chain or
remade without every later chain hash changing. Seals made before version 2
(``version`` 1) covered the leaves only and are checked by that rule.
Positions missing when sealing (PostgreSQL leaves gaps when a transaction rolls
back) are simply not sealed, so they are never reported as deletions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
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
_SEAL_LABEL = b"mappa-flow seal v2"
VERSION = 2  # the rule new seals are made by
MAX_SEALED_BY = 200
READ_BATCH = 5000
SEAL_BLOCK = 50_000  # events per seal at most: one seal, one short transaction


class SealRefusedError(Exception):
    """Sealing was refused: the stored history no longer matches the last seal. Nothing was written."""


class InvalidSealerError(ValueError):
    """Who seals is not a valid name. Nothing was written."""


def leaf_digest(notification: Any) -> bytes:
    """SHA-256 of one stored event: each part length-prefixed, so no two events can run into each other."""
    originator_id = notification.originator_id
    originator = (originator_id if isinstance(originator_id, UUID) else UUID(str(originator_id))).hex.encode()
    parts = (originator, str(notification.originator_version).encode(), notification.topic.encode(),
             bytes(notification.state))
    return hashlib.sha256(_joined(parts)).digest()


def _joined(parts: tuple[bytes, ...]) -> bytes:
    return b"".join(len(part).to_bytes(8, "big") + part for part in parts)


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
    sealed_at: datetime  # UTC, without zone
    sealed_by: str
    version: int = 1


def seal_hash(record: SealRecord, leaves: Chain) -> str | None:
    """The chain hash ``record`` must carry, given the chain of its leaves; None for an unknown version."""
    if record.version == 1:
        return leaves.hexdigest()
    if record.version != VERSION:
        return None
    parts = (str(record.seal_no), str(record.first_position), str(record.last_position), str(record.events),
             record.sealed_at.isoformat(timespec="microseconds"), record.sealed_by, leaves.hexdigest())
    return hashlib.sha256(_SEAL_LABEL + _joined(tuple(part.encode() for part in parts))).hexdigest()


def previous_hash(record: SealRecord | None) -> bytes:
    """What the next seal's chain starts from. A hash altered into something that is not hex still gives a
    value (the altered seal is reported by its own check)."""
    if record is None:
        return GENESIS
    try:
        return bytes.fromhex(record.chain_hash)
    except ValueError:
        return hashlib.sha256(record.chain_hash.encode()).digest()


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


def last_seal_holds(app: MappaApplication, conn: Connection) -> str | None:
    """Why the stored history no longer matches the last seal, or None when it does (or there is no seal).

    Rechecks the last seal only: its events against its sealed digests, and its chain hash from the seal
    before it. (``audit verify`` checks every seal.)
    """
    records = conn.execute(select(seal).order_by(seal.c.seal_no.desc()).limit(2)).mappings().all()
    if not records:
        return None
    last = SealRecord(**records[0])
    before = SealRecord(**records[1]) if len(records) > 1 else None
    leaves = [(int(p), bytes(d)) for p, d in conn.execute(
        select(seal_leaf.c.position, seal_leaf.c.digest).order_by(seal_leaf.c.position)
        .where(seal_leaf.c.position.between(last.first_position, last.last_position)))]
    stored = [(n.id, leaf_digest(n)) for n in read_notifications(app, last.first_position, last.last_position)]
    if stored != leaves:
        return (f"the events sealed by seal #{last.seal_no} (positions {last.first_position} to "
                f"{last.last_position}) no longer match their sealed digests")
    chain = Chain(previous_hash(before))
    for position, digest in leaves:
        chain.add(position, digest)
    numbered = last.seal_no == (before.seal_no + 1 if before else 1)
    if not numbered or len(leaves) != last.events or seal_hash(last, chain) != last.chain_hash:
        return f"seal #{last.seal_no} no longer matches its own record: the seal records were altered"
    return None


def check_sealer(sealed_by: str) -> str:
    """Who seals, as recorded in the seal: a name of 1 to 200 printable characters."""
    name = sealed_by.strip()
    if not name or len(name) > MAX_SEALED_BY or any(not ch.isprintable() for ch in name):
        raise InvalidSealerError(f"--as {sealed_by[:40]!r} is not a valid name: 1 to {MAX_SEALED_BY} printable "
                               "characters, no control characters")
    return name


class Sealer:
    def __init__(self, app: MappaApplication, engine: Engine):
        self.app = app
        self.engine = engine

    def seal(self, sealed_by: str, now: datetime) -> SealOutcome:
        """Seal every notification recorded since the last seal.

        Refuses (``SealRefusedError``, nothing written) when the stored history no longer matches the last
        seal: a seal made over it would extend a broken chain. A long unsealed stretch is sealed in blocks of
        at most ``SEAL_BLOCK`` events, each in its own short transaction, so that sealing never holds the
        store's writers up for long.
        """
        name = check_sealer(sealed_by)
        head = self.app.max_notification_id()
        with self.engine.connect() as conn:
            broken = last_seal_holds(self.app, conn)
        if broken:
            raise SealRefusedError(f"not sealed: {broken}; run 'mappa-flow audit verify'")
        total, latest = 0, None
        while True:
            latest, sealed = self._seal_with_retries(name, now, head)
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
            chain = Chain(previous_hash(last))
            count, first, final = self._write_leaves(conn, chain, start, head)
            if not count:
                return last, 0
            record = SealRecord(
                seal_no=(last.seal_no if last else 0) + 1, first_position=first, last_position=final, events=count,
                chain_hash="", sealed_at=utc_naive(now), sealed_by=sealed_by, version=VERSION,
            )
            record = replace(record, chain_hash=seal_hash(record, chain) or "")
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
