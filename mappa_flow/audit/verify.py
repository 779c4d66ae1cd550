"""Verification: recompute the seals from the stored events and name every difference by its position.

One pass merges the stored notifications with the sealed leaves, both in
position order, and rechecks each seal's chain hash as it goes. Differences are
then explained (see ``mappa_flow.audit.findings``): an event changed, deleted
or inserted, two events swapped, events shifted along, the tail truncated, or
the seals themselves altered. Events recorded after the last seal are counted
as the unsealed tail: information, not tampering, unless sealing is overdue
(``seal-overdue``): the tail holds an event recorded more than the seal interval
ago while no seal was made for longer than the interval (plus a grace). Seals
are made daily by the scheduler, so a store whose seals were emptied, or whose
newest seals were deleted, shows that way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, select

from mappa_flow.application import MappaApplication
from mappa_flow.audit.findings import Anomalies, Finding, explain
from mappa_flow.audit.index import utc_naive
from mappa_flow.audit.seal import (
    GENESIS,
    Chain,
    SealRecord,
    leaf_digest,
    previous_hash,
    read_notifications,
    seal_hash,
    seals,
)
from mappa_flow.audit.tables import seal_leaf

LEAF_BATCH = 5000
SEAL_GRACE = timedelta(hours=1)  # a daily seal may come this late (the scheduler looks every sweep interval)


@dataclass(frozen=True)
class Overdue:
    """When sealing is due: the clock's now, and how often the store is sealed (MAPPA_SEAL_INTERVAL_HOURS)."""

    now: datetime
    interval: timedelta


@dataclass
class Verification:
    checked: int = 0  # sealed events found intact at their position
    unsealed: int = 0  # events recorded after the last seal
    seals: list[SealRecord] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    anchor: str | None = None  # the externally kept seal hash checked, if any

    @property
    def tampered(self) -> bool:
        return bool(self.findings)

    @property
    def latest(self) -> SealRecord | None:
        return self.seals[-1] if self.seals else None


class Verifier:
    def __init__(self, app: MappaApplication, engine: Engine):
        self.app = app
        self.engine = engine

    def verify(self, anchor: str | None = None, overdue: Overdue | None = None) -> Verification:
        head = self.app.max_notification_id()
        with self.engine.connect() as conn:
            result = Verification(seals=seals(conn), anchor=anchor)
            sealed_last = result.latest.last_position if result.latest else 0
            anomalies = Anomalies(sealed_last)
            checker = SealChecker(result.seals)
            self._merge(conn, head, sealed_last, anomalies, checker, result)
        result.findings = explain(anomalies) + checker.findings + _anchor_findings(result.seals, anchor, checker)
        result.unsealed -= anomalies.moved_into_unsealed()
        result.findings += self._unreadable(anomalies.unsealed_sample)
        if overdue is not None and result.unsealed:
            result.findings += self._overdue(result.latest, anomalies.unsealed_sample, overdue)
        return result

    def _overdue(self, latest: SealRecord | None, sample: dict[int, bytes], overdue: Overdue) -> list[Finding]:
        """An unsealed event older than the seal interval, when no seal was made within the interval."""
        if latest is not None and latest.sealed_at >= utc_naive(overdue.now - overdue.interval - SEAL_GRACE):
            return []
        first = min(sample)
        recorded_at = self._recorded_at(first)
        if recorded_at is None or recorded_at > overdue.now - overdue.interval:
            return []
        since = "no seal was ever made" if latest is None else f"the latest seal is #{latest.seal_no} of " \
            f"{latest.sealed_at:%Y-%m-%d %H:%M} UTC"
        return [Finding("seal-overdue", first, f"the event at position {first}, recorded "
                        f"{recorded_at:%Y-%m-%d %H:%M %Z}, is older than the seal interval "
                        f"({overdue.interval}) and unsealed, and {since}: the seals were removed, or sealing "
                        "has stopped")]

    def _recorded_at(self, position: int) -> datetime | None:
        for notification in self.app.recorder.select_notifications(position, 1, stop=position):
            try:
                event: Any = self.app.mapper.to_domain_event(notification)
            except Exception:  # reported as unreadable
                return None
            moment: datetime = event.timestamp
            return moment
        return None

    def _merge(self, conn: Connection, head: int, sealed_last: int, anomalies: Anomalies, checker: SealChecker,
               result: Verification) -> None:
        stored = _stored(self.app, max(head, sealed_last))
        leaves = _leaves(conn)
        (position, digest), (sealed_position, sealed_digest) = next(stored, _END), next(leaves, _END)
        while min(position, sealed_position) < _END[0]:
            if sealed_position < position:  # sealed, no longer stored
                checker.add(sealed_position, sealed_digest)
                anomalies.missing(sealed_position, sealed_digest)
                sealed_position, sealed_digest = next(leaves, _END)
                continue
            if position < sealed_position:  # stored, never sealed
                if position > sealed_last:
                    result.unsealed += 1
                    anomalies.unsealed(position, digest)
                else:
                    anomalies.extra(position, digest)
                position, digest = next(stored, _END)
                continue
            checker.add(sealed_position, sealed_digest)
            anomalies.present(position)
            if digest == sealed_digest:
                result.checked += 1
            else:
                anomalies.mismatch(position, digest, sealed_digest)
            (position, digest), (sealed_position, sealed_digest) = next(stored, _END), next(leaves, _END)
        checker.finish()

    def _unreadable(self, sample: dict[int, bytes]) -> list[Finding]:
        """Unsealed events the store cannot read back: with encryption on, forged rows fail to decrypt."""
        findings = []
        for position in sorted(sample)[:1000]:
            for notification in self.app.recorder.select_notifications(position, 1, stop=position):
                try:
                    self.app.mapper.to_domain_event(notification)
                except Exception:  # any failure to decode means the row was not written by this store
                    findings.append(Finding("unreadable", position, "the event after the last seal cannot be read "
                                            "back (with encryption on: it was not written with the store's key)"))
        return findings


_END = (2**63, b"")


def _stored(app: MappaApplication, stop: int) -> Iterator[tuple[int, bytes]]:
    for notification in read_notifications(app, 1, stop):
        yield notification.id, leaf_digest(notification)


def _leaves(conn: Connection) -> Iterator[tuple[int, bytes]]:
    """Sealed leaves in position order, read in keyset-paginated batches."""
    after = 0
    while True:
        query = (select(seal_leaf.c.position, seal_leaf.c.digest).where(seal_leaf.c.position > after)
                 .order_by(seal_leaf.c.position).limit(LEAF_BATCH))
        rows = [(int(p), bytes(d)) for p, d in conn.execute(query)]
        if not rows:
            return
        yield from rows
        after = rows[-1][0]


class SealChecker:
    """Rechecks each seal's chain hash from the sealed leaves, as they stream past in position order."""

    def __init__(self, records: list[SealRecord]):
        self.records = records
        self.findings: list[Finding] = []
        self.intact: set[int] = set()  # seal numbers whose chain hash matched
        self._index = 0
        self._count = 0
        self._chain = Chain(GENESIS)
        self._previous: SealRecord | None = None

    def add(self, position: int, digest: bytes) -> None:
        while self._index < len(self.records) and position > self.records[self._index].last_position:
            self._close()
        if self._index >= len(self.records) or position < self.records[self._index].first_position:
            self.findings.append(Finding("seal-altered", position, "a sealed digest lies outside every seal: "
                                         "the seal records were altered"))
            return
        self._chain.add(position, digest)
        self._count += 1

    def finish(self) -> None:
        while self._index < len(self.records):
            self._close()

    def _close(self) -> None:
        record = self.records[self._index]
        numbered = record.seal_no == (self._previous.seal_no + 1 if self._previous else 1)
        if seal_hash(record, self._chain) != record.chain_hash or self._count != record.events or not numbered:
            self.findings.append(Finding(
                "seal-altered", record.first_position,
                f"seal #{record.seal_no} (positions {record.first_position} to {record.last_position}) does not "
                "match its sealed digests, the seal before it, or its own record (number, positions, count, "
                "when and by whom): the seal records were altered"))
        else:
            self.intact.add(record.seal_no)
        self._chain = Chain(previous_hash(record))
        self._previous = record
        self._count = 0
        self._index += 1


def _anchor_findings(records: list[SealRecord], anchor: str | None, checker: SealChecker) -> list[Finding]:
    """An anchored hash (kept outside the database) must be a seal whose chain, from the first seal, is intact."""
    if not anchor:
        return []
    anchored = next((r for r in records if r.chain_hash == anchor.strip().lower()), None)
    if anchored is None:
        return [Finding("anchor-missing", 0, f"no seal has the anchored hash {anchor}: the store and its seals "
                        "were rewritten, or the hash was copied wrongly")]
    broken = [r.seal_no for r in records if r.seal_no <= anchored.seal_no and r.seal_no not in checker.intact]
    if broken:
        return [Finding("anchor-broken", anchored.first_position, f"the chain up to the anchored seal "
                        f"#{anchored.seal_no} is broken at seal #{broken[0]}")]
    return []
