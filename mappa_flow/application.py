"""The event-sourced application core: how one command becomes saved events.

Every command runs as a unit of work: load the aggregates it needs, call their
command methods, then save every changed aggregate together with a receipt for
the command id, in one transaction. So a command is applied completely or not
at all, and applying the same command id twice applies nothing the second time.
An optimistic-concurrency conflict reloads and retries; when retries run out it
is reported as a ConcurrencyError, never lost. A command id applied before with a
different body (``body_hash``) is refused, never skipped (docs/decisions.md).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, Snapshot
from eventsourcing.persistence import IntegrityError, JSONTranscoder
from eventsourcing.utils import Environment, EnvType
from pydantic import BaseModel

from domain.errors import ConcurrencyError, DomainError
from domain.event import Stamp
from domain.receipt import CommandReceipt
from mappa_flow.clock import Clock, FixedClock, today_in_london
from mappa_flow.handlers import work_of
from mappa_flow.ids import Ids
from mappa_flow.transcoding import DateAsIso, InvitationAsDict

if TYPE_CHECKING:
    from mappa_flow.commands.base import Command
    from mappa_flow.handlers.exception import ExceptionLookup
    from mappa_flow.store_identity import StoreFacts

log = logging.getLogger(__name__)

A = TypeVar("A", bound=Aggregate)


@dataclass(frozen=True)
class Outcome:
    """What happened to one command."""

    command_id: str
    applied: bool  # False when this command id had been applied before
    notification_id: int | None = None  # position of its last event in the log


class Unit:
    """One command's work: the aggregates it loaded and the ones it changed."""

    def __init__(self, app: MappaApplication, stamp: Stamp):
        self.app = app
        self.stamp = stamp
        self.changed: dict[UUID, Aggregate] = {}

    def load(self, aggregate_id: UUID, not_found: Callable[[], DomainError]) -> Any:
        if aggregate_id in self.changed:
            return self.changed[aggregate_id]
        try:
            aggregate: Aggregate = self.app.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise not_found() from None
        return self.track(aggregate)

    def track(self, aggregate: A) -> A:
        """Keep an aggregate in this unit, so that whatever the command changes in it is saved."""
        self.changed[aggregate.id] = aggregate
        return aggregate

    @property
    def subjects(self) -> list[UUID]:
        """The aggregates this command changed."""
        return [a.id for a in self.changed.values() if a.pending_events]

    def create(self, aggregate: A, already_exists: Callable[[], DomainError]) -> A:
        if aggregate.id in self.app.repository:
            raise already_exists()
        return self.track(aggregate)

    def require_absent(self, aggregate_id: UUID, already_exists: Callable[[], DomainError]) -> None:
        if aggregate_id in self.app.repository:
            raise already_exists()


class MappaApplication(Application[UUID]):
    """The event store and the command runner: ``handle(cmd)`` runs a command's handler (mappa_flow/handlers)."""

    name = "mappa"
    is_snapshotting_enabled = True

    def __init__(self, env: dict[str, str], clock: Clock, ids: Ids, *, retries: int = 5, snapshot_interval: int = 50):
        super().__init__(env)
        self.snapshot_interval = snapshot_interval
        self.clock = clock
        self.ids = ids
        self.retries = retries
        self.store: StoreFacts | None = None  # set by bootstrap once the key is checked (store_identity.py)
        self.os_user = ""  # the operating-system account running this process, for the access log (bootstrap)
        self.exception_lookup: ExceptionLookup | None = None  # finds indicator exceptions in the views (bootstrap)

    def close(self) -> None:
        if self.exception_lookup is not None:
            self.exception_lookup.close()
        super().close()

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        """The store's configuration comes from the settings alone (``storage.event_store_env``).

        The library would also read the process environment, where ``MAPPA_<KEY>`` outranks ``<KEY>``
        (e.g. a stray ``MAPPA_PERSISTENCE_MODULE`` would swap the store for an in-memory one while the CLI
        still names the SQLite file). Settings read the environment once, validated; nothing else does.
        """
        configured = {"IS_SNAPSHOTTING_ENABLED": "y"} if self.is_snapshotting_enabled else {}
        return Environment(name, {**configured, **(env or {})})

    def _take_snapshots(self, processing_event: Any) -> None:
        """Snapshot, from memory, each saved aggregate whose version reached a multiple of the interval."""
        for event in processing_event.events:
            if self.snapshots is None or event.originator_version % self.snapshot_interval:
                continue
            aggregate = processing_event.aggregates.get(event.originator_id)
            if aggregate is not None and aggregate.version == event.originator_version:
                self.snapshots.put([Snapshot.take(aggregate)])

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsIso())
        transcoder.register(InvitationAsDict())

    # ---- running commands ------------------------------------------------

    def handle(self, command: Command, at: datetime | None = None) -> Outcome:
        """Apply ``command`` once, through its handler (``HANDLERS[type(command)]``); ``at``: when entered."""
        return self.run_command(command, work_of(command), at)

    def run_command(self, command: Any, work: Callable[[Unit], None], at: datetime | None = None) -> Outcome:
        """Apply ``work`` once for a command model, keeping the hash of its body on the receipt."""
        return self.run(command.command_id, command.recorded_by, command.command, work, body_hash(command), at)

    def run(self, command_id: str, recorded_by: str, command_type: str, work: Callable[[Unit], None],
            body_hash: str = "", at: datetime | None = None) -> Outcome:
        """Apply ``work`` once for ``command_id``, saving its changes and a receipt atomically.

        Applied before: nothing is done if ``body_hash`` matches the receipt's, and it is refused
        (CommandIdReusedError) if it does not. ``at``: when it was entered, if not now (the demo's history,
        entered over the years).
        """
        receipt_id = self.ids.receipt(command_id)
        for attempt in range(self.retries + 1):
            if self._applied(receipt_id, command_id, body_hash):
                return Outcome(command_id, applied=False)
            unit = Unit(self, self._stamp(recorded_by, command_id, at))
            work(unit)
            receipt = CommandReceipt.accept(
                receipt_id, unit.stamp, unit.stamp.today, command_type, list(unit.subjects), body_hash
            )
            try:
                recordings = self.save(*unit.changed.values(), receipt)
            except IntegrityError:
                log.info("command %s met a concurrent change (attempt %d); retrying", command_type, attempt + 1)
                continue
            return Outcome(command_id, applied=True, notification_id=recordings[-1].notification.id)
        if self._applied(receipt_id, command_id, body_hash):
            return Outcome(command_id, applied=False)
        raise ConcurrencyError(
            f"command {command_id} ({command_type}) kept meeting concurrent changes; nothing was written, "
            "run it again",
            field="command_id", value=command_id,
        )

    def _applied(self, receipt_id: UUID, command_id: str, body_hash: str) -> bool:
        """Whether this command id was applied before; refused if it was, with another body."""
        try:
            receipt: CommandReceipt = self.repository.get(receipt_id)
        except AggregateNotFoundError:
            return False
        receipt.confirm_same(command_id, body_hash)
        return True

    def _stamp(self, recorded_by: str, command_id: str, at: datetime | None = None) -> Stamp:
        clock = self.clock if at is None else FixedClock(at)
        return Stamp(recorded_by=recorded_by, command_id=command_id, recorded_at=clock.now(),
                     today=today_in_london(clock))

    def is_applied(self, command_id: str) -> bool:
        return self.ids.receipt(command_id) in self.repository

    def max_notification_id(self) -> int:
        return self.recorder.max_notification_id() or 0


def body_hash(command: BaseModel) -> str:
    """A hash of what a command asks for: its validated fields in canonical JSON (docs/decisions.md).

    Left out: ``command_id`` (the key itself), ``recorded_by`` (who asks, not what is asked) and fields
    at their default value (so a field added later with a default does not change an old command's hash).
    """
    fields = command.model_dump(mode="json", exclude={"command_id", "recorded_by"}, exclude_defaults=True)
    body = {**fields, "command": getattr(command, "command", type(command).__name__)}  # a default, yet always kept
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
