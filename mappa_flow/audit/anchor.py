"""Keeping the store sealed without anyone remembering to: seals made on a schedule, anchors sent out of the database.

The scheduler calls a ``SealKeeper`` at the end of each cycle (scheduler/cycle.py). It seals the events recorded
since the last seal once that seal is older than the seal interval (``MAPPA_SEAL_INTERVAL_HOURS``, daily by
default), and the ``import`` command seals at its end. Then the latest seal's hash, its *anchor*, is e-mailed to
each area's SOG chair, so a copy lives where the database's administrators cannot change it.

Each (seal, area) e-mail is recorded in ``audit_anchor_mail``. A sender claims the row first (an update that only
one process can win), sends, then records the delivery, or the failure and when to try again. So concurrent
schedulers and retries send each anchor once; only a sender that dies between sending and recording leaves a claim
that is taken again after ``CLAIM_LEASE`` (the same Message-ID then goes a second time). Only the latest seal is
mailed: its hash covers every seal before it.

An automatic seal is never the first seal over events older than the seal interval: with no seal at all, such
events cannot be vouched for (the seals may have been emptied to hide a change), so ``audit verify`` reports them
and only a person sealing by hand (``audit seal``, which records who) can start the chain again.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from mappa_flow.application import MappaApplication
from mappa_flow.audit.index import utc_naive
from mappa_flow.audit.seal import Sealer, SealRecord, SealRefusedError, latest_seal
from mappa_flow.audit.tables import anchor_mail, audit_engine, create_tables
from mappa_flow.settings import Settings
from projections.views.area import AreaContacts, area_contacts, area_table
from scheduler.delivery import Outbox
from scheduler.message import compose_anchor
from scheduler.port import SealReport
from scheduler.smtp import MailError

log = logging.getLogger(__name__)

CLAIM_LEASE = timedelta(minutes=15)  # a claim older than this was left by a sender that died: take it again
SCHEDULER = "mappa-flow scheduler"  # who the seals made here are recorded as made by
IMPORT = "mappa-flow import"


class SealKeeper:
    def __init__(self, app: MappaApplication, engine: Engine, views: Engine | None, outbox: Outbox | None,
                 interval: timedelta, sealed_by: str = SCHEDULER):
        self.app, self.engine, self.views, self.outbox = app, engine, views, outbox
        self.interval, self.sealed_by = interval, sealed_by

    def __call__(self, now: datetime) -> SealReport:
        """Seal if due, then e-mail the latest seal's anchor to every SOG chair it has not reached."""
        sealed, refused = self.seal(now, due_only=True)
        with self.engine.connect() as conn:
            latest = latest_seal(conn)
        mailing = latest is not None and self.outbox is not None and self.views is not None
        mailed, failed = self._mail(latest, now) if mailing and latest is not None else (0, 0)
        return SealReport(sealed, latest.seal_no if latest else None, mailed, failed, refused)

    def seal(self, now: datetime, due_only: bool = False) -> tuple[int, str | None]:
        """Seal what is unsealed (with ``due_only``: only once the last seal is older than the interval).
        Returns the events sealed and, when a seal was refused, why."""
        with self.engine.connect() as conn:
            last = latest_seal(conn)
        head = self.app.max_notification_id()
        if head <= (last.last_position if last else 0):
            return 0, None
        if due_only and last is not None and last.sealed_at > utc_naive(now - self.interval):
            return 0, None
        refused = self._old_history(now) if last is None else None
        if refused is None:
            try:
                return Sealer(self.app, self.engine).seal(self.sealed_by, now).sealed_now, None
            except SealRefusedError as error:
                refused = str(error)
        log.warning("the event store was not sealed: %s", refused)
        return 0, refused

    def _old_history(self, now: datetime) -> str | None:
        for notification in self.app.recorder.select_notifications(1, 1):
            try:
                event: Any = self.app.mapper.to_domain_event(notification)
            except Exception:  # an event this store cannot read: certainly not for an automatic seal
                return f"the event at position {notification.id} cannot be read back; run 'mappa-flow audit verify'"
            if event.timestamp <= now - self.interval:
                return (f"there is no seal, and events older than the seal interval exist (from position "
                        f"{notification.id}): run 'mappa-flow audit verify', then seal by hand with "
                        "'mappa-flow audit seal'")
        return None

    def _mail(self, latest: SealRecord, now: datetime) -> tuple[int, int]:
        assert self.outbox is not None and self.views is not None
        with self.views.connect() as conn:
            codes = sorted(conn.execute(select(area_table.c.code)).scalars())
            chairs = {code: _chair(area_contacts(conn, code)) for code in codes}
        mailed = failed = 0
        for area, chair in chairs.items():
            if not chair or not self._claim(latest.seal_no, area, now):
                continue
            if self._send(latest, area, str(chair), now):
                mailed += 1
            else:
                failed += 1
        return mailed, failed

    def _claim(self, seal_no: int, area: str, now: datetime) -> bool:
        """Take the (seal, area) e-mail for this process; False when it went already, is in another's hands, or
        waits for its next attempt."""
        moment = utc_naive(now)
        with self.engine.begin() as conn:
            _insert_missing(conn, seal_no, area)
            row = anchor_mail.c
            claimed = conn.execute(update(anchor_mail).where(
                row.seal_no == seal_no, row.area == area, row.delivered_at.is_(None),
                or_(row.claimed_at.is_(None), row.claimed_at < utc_naive(now - CLAIM_LEASE)),
                or_(row.next_attempt_at.is_(None), row.next_attempt_at <= moment),
            ).values(claimed_at=moment, attempts=row.attempts + 1))
            return claimed.rowcount == 1

    def _send(self, latest: SealRecord, area: str, chair: str, now: datetime) -> bool:
        assert self.outbox is not None
        where = (anchor_mail.c.seal_no == latest.seal_no) & (anchor_mail.c.area == area)
        message = compose_anchor(area, latest.seal_no, latest.last_position, latest.chain_hash,
                                 latest.sealed_at.replace(tzinfo=UTC), self.outbox.sender, [chair])
        try:
            self.outbox.mailer.send(message)
        except MailError as error:
            with self.engine.begin() as conn:
                attempts = conn.execute(select(anchor_mail.c.attempts).where(where)).scalar_one()
                conn.execute(update(anchor_mail).where(where).values(
                    claimed_at=None, last_failure=str(error).split(":", 1)[0][:300],  # its kind: no address
                    next_attempt_at=utc_naive(self.outbox.policy.next_attempt_at(now, attempts))))
            log.warning("seal #%d: the anchor e-mail to area %s's SOG chair failed", latest.seal_no, area)
            return False
        with self.engine.begin() as conn:
            conn.execute(update(anchor_mail).where(where).values(
                claimed_at=None, delivered_at=utc_naive(now)))
        return True


def _chair(contacts: AreaContacts | None) -> str | None:
    return contacts.sog_chair_email if contacts else None


def _insert_missing(conn: Connection, seal_no: int, area: str) -> None:
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    conn.execute(insert(anchor_mail).values(seal_no=seal_no, area=area, attempts=0)
                 .on_conflict_do_nothing(index_elements=["seal_no", "area"]))


def seal_after_import(settings: Settings, app: MappaApplication) -> str:
    """Seal what an import applied, at once; one line saying what was sealed, or why not."""
    engine = audit_engine(settings)
    try:
        create_tables(engine)
        keeper = SealKeeper(app, engine, None, None, timedelta(hours=settings.seal_interval_hours), IMPORT)
        sealed, refused = keeper.seal(app.clock.now())
        with engine.connect() as conn:
            latest = latest_seal(conn)
    finally:
        engine.dispose()
    if refused or latest is None:
        return f"Not sealed: {refused or 'nothing to seal'}."
    return f"Sealed {sealed} new event(s): seal #{latest.seal_no}, hash {latest.chain_hash}."
