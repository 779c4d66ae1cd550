"""Applying many commands in a few transactions, with the same result as applying them one by one.

``run()`` saves each command in its own transaction. That is right for a co-ordinator recording one
event, and slow for an import or the demo generator. ``run_batch`` applies up to ``size`` commands
as one unit and records their events in ONE transaction: the aggregates they load stay in memory
(across the batches of a run, too), and each command still gets its own receipt, after its events.

The result is the same as calling the commands one at a time, event for event and position for
position (a test compares the two):

- Nothing is asked of the store that saving would not check anyway. A command applied before (its
  receipt exists), a record created twice, or a concurrent writer makes the save fail with an
  IntegrityError; the batch is then applied again one command at a time with ``run()``, which skips
  applied commands, refuses duplicates and retries conflicts.
- A command a domain rule refuses inside a batch: the commands before it are saved, then it is tried
  once more with ``run()`` on the state as stored. Refused again, nothing of it is written and the run
  stops there; accepted (the batch's view was behind the store), the run carries on.

The work of a command is found as ``handle()`` finds it: its handler in ``HANDLERS``, keyed by the
command's type (mappa_flow/handlers). A batch runs that same handler on a ``BatchUnit``.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import ProcessingEvent
from eventsourcing.domain import Aggregate, Snapshot
from eventsourcing.persistence import IntegrityError

from domain.errors import DomainError
from domain.receipt import CommandReceipt, same_body
from mappa_flow.application import MappaApplication, Unit, body_hash
from mappa_flow.commands.audit_sample import DrawAuditSample
from mappa_flow.commands.base import Command
from mappa_flow.commands.exception import RecordExceptionReason
from mappa_flow.handlers import work_of

log = logging.getLogger(__name__)

BATCH_SIZE = 500
POOL_LIMIT = 20_000  # aggregates kept in memory between the batches of one run; cleared when it grows past this

# Commands whose work reads the event store beyond the aggregates of their unit (draw_audit_sample scans the
# log for the area's cases). Inside a batch they would not see the batch's unsaved events, so each is applied
# in a batch of its own, after the commands before it are saved. Add a command here if its handler does so.
SOLO_COMMANDS: frozenset[type[Command]] = frozenset({DrawAuditSample, RecordExceptionReason})


@dataclass(frozen=True)
class Planned:
    """The work of one command, ready to apply: its handler, given the command."""

    command_id: str
    recorded_by: str
    command_type: str
    work: Callable[[Unit], None]
    recorded_at: datetime | None = None  # when it was entered, if not now (``run_batch``'s ``entered_at``)
    body_hash: str = ""


@dataclass(frozen=True)
class Refusal:
    """The command a domain rule refused. Nothing of it was written."""

    index: int  # its position in the commands given to run_batch, from 0
    command_id: str
    error: DomainError


@dataclass
class BatchResult:
    """What a run of commands did. ``done`` commands were applied or skipped, then ``refusal`` (if any)."""

    applied: int = 0
    skipped: int = 0  # applied before (their receipts existed): nothing written
    notification_id: int | None = None  # position of the last event written, to wait for projections
    refusal: Refusal | None = None

    @property
    def done(self) -> int:
        return self.applied + self.skipped

    def add(self, other: BatchResult, offset: int) -> None:
        self.applied += other.applied
        self.skipped += other.skipped
        self.notification_id = other.notification_id or self.notification_id
        if other.refusal is not None:
            refusal = other.refusal
            self.refusal = Refusal(refusal.index + offset, refusal.command_id, refusal.error)


class BatchUnit(Unit):
    """A command's unit inside a batch: aggregates come from, and go to, the batch's shared pool.

    Whether a new aggregate already exists in the store is not asked: if it does, saving the batch fails with
    an IntegrityError and the batch is applied again one command at a time, where ``run()`` refuses it.
    """

    def __init__(self, app: MappaApplication, planned: Planned, pool: dict[UUID, Aggregate]):
        super().__init__(app, app._stamp(planned.recorded_by, planned.command_id, planned.recorded_at))
        self.pool = pool

    def load(self, aggregate_id: UUID, not_found: Callable[[], DomainError]) -> Any:
        if aggregate_id not in self.changed and aggregate_id in self.pool:
            return self.track(self.pool[aggregate_id])
        return super().load(aggregate_id, not_found)

    def track(self, aggregate: Any) -> Any:
        self.pool[aggregate.id] = aggregate
        return super().track(aggregate)

    def create(self, aggregate: Any, already_exists: Callable[[], DomainError]) -> Any:
        self.require_absent(aggregate.id, already_exists)
        return self.track(aggregate)

    def require_absent(self, aggregate_id: UUID, already_exists: Callable[[], DomainError]) -> None:
        if aggregate_id in self.pool:
            raise already_exists()


def plan(command: Command, at: datetime | None = None) -> Planned:
    """The work of ``command``: its handler, found as ``handle()`` finds it; ``at``: when it was entered."""
    return Planned(command.command_id, command.recorded_by, command.command, work_of(command), at,
                   body_hash(command))


def run_batch(
    app: MappaApplication, commands: Iterable[Command], *, size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None, entered_at: Callable[[Command], datetime] | None = None,
) -> BatchResult:
    """Apply ``commands`` in order, ``size`` per transaction; stop at the first domain refusal.

    ``entered_at``: when each command was entered, to record a past history (the demo) instead of the clock's
    now; asked once per command, as it is planned.
    """
    total = BatchResult()
    pool: dict[UUID, Aggregate] = {}  # shared by the batches: each is saved before the next starts
    for offset, chunk in _chunks(commands, size):
        planned = [plan(command, entered_at(command) if entered_at else None) for command in chunk]
        done = 0
        while done < len(planned) and total.refusal is None:
            if len(pool) > POOL_LIMIT:
                pool.clear()
            result = run_planned(app, planned[done:], pool)
            total.add(result, offset + done)
            done += result.done
            if progress is not None:
                progress(result.done)
        if total.refusal is not None:
            break
    return total


def run_planned(
    app: MappaApplication, planned: Sequence[Planned], pool: dict[UUID, Aggregate] | None = None
) -> BatchResult:
    """Apply ``planned`` as one batch, up to the first refusal. ``pool``: aggregates as saved by earlier batches.

    A command refused inside the batch is tried again with ``run()`` once the commands before it are saved,
    on the state as stored (as applying one by one would see it). The result then covers the commands up to
    it, with the refusal if it is refused again; the caller carries on with the rest.
    """
    pool = {} if pool is None else pool
    events: list[Any] = []
    result = BatchResult(skipped=_applied_before(app, planned))
    seen: set[UUID] = set()
    for index, item in enumerate(planned[result.skipped:], start=result.skipped):
        receipt_id = app.ids.receipt(item.command_id)
        if receipt_id in seen:  # given twice in this batch; one applied before is found when saving
            result.skipped += 1
            continue
        try:
            events.extend(_apply_in_batch(app, item, receipt_id, pool))
        except DomainError:
            return _save_then_confirm(app, planned, events, pool, result, index)
        seen.add(receipt_id)
        result.applied += 1
    return _save_then_confirm(app, planned, events, pool, result, None)


def _applied_before(app: MappaApplication, planned: Sequence[Planned]) -> int:
    """How many of the first commands were applied before: a run started again skips them at one read each.

    It stops at a command whose receipt holds another body: ``run()`` refuses that one (CommandIdReusedError).
    """
    count = 0
    for item in planned:
        stored = app.recorder.select_events(app.ids.receipt(item.command_id), limit=1)
        if not stored:
            break
        accepted = cast(CommandReceipt.Accepted, app.mapper.to_domain_event(stored[0]))
        if not same_body(accepted.body_hash, item.body_hash):
            break
        count += 1
    return count


def _save_then_confirm(app: MappaApplication, planned: Sequence[Planned], events: list[Any],
                       pool: dict[UUID, Aggregate], result: BatchResult, refused: int | None) -> BatchResult:
    try:
        _save(app, events, pool, result)
    except IntegrityError:  # a command applied before, a record that exists, or a concurrent writer
        log.info("a batch of %d commands met stored events; applying them one at a time", len(planned))
        pool.clear()  # it holds this batch's unsaved changes, and may be behind the store
        return _run_one_by_one(app, planned)
    if refused is None:
        return result
    pool.clear()  # run() may change aggregates the refused attempt never loaded
    return _run_one_by_one(app, [planned[refused]], offset=refused, result=result)


def _apply_in_batch(
    app: MappaApplication, item: Planned, receipt_id: UUID, pool: dict[UUID, Aggregate]
) -> list[Any]:
    """Run one command's work on the shared pool; return its events, receipt last (as ``run()`` saves)."""
    unit = BatchUnit(app, item, pool)
    try:
        item.work(unit)
    except DomainError:
        for aggregate_id in unit.changed:
            pool.pop(aggregate_id, None)  # it may hold the refused command's changes: never save them
        raise
    receipt = CommandReceipt.accept(receipt_id, unit.stamp, unit.stamp.today, item.command_type, unit.subjects,
                                    item.body_hash)
    events = [event for aggregate in unit.changed.values() for event in aggregate.collect_events()]
    return [*events, *receipt.collect_events()]


def _save(app: MappaApplication, events: list[Any], pool: dict[UUID, Aggregate], result: BatchResult) -> None:
    if events:
        recordings = _store(app, events)
        result.notification_id = recordings[-1].notification.id
        _snapshot_batch(app, events, pool)


def _run_one_by_one(
    app: MappaApplication, planned: Sequence[Planned], *, offset: int = 0, result: BatchResult | None = None
) -> BatchResult:
    """Apply ``planned`` with ``run()``, each in its own transaction, up to the first refusal."""
    result = BatchResult() if result is None else result
    for index, item in enumerate(planned, start=offset):
        try:
            outcome = app.run(item.command_id, item.recorded_by, item.command_type, item.work,
                              item.body_hash, item.recorded_at)
        except DomainError as error:
            result.refusal = Refusal(index, item.command_id, error)
            break
        if outcome.applied:
            result.applied += 1
        else:
            result.skipped += 1
        result.notification_id = outcome.notification_id or result.notification_id
    return result


def _snapshot_batch(app: MappaApplication, events: list[Any], pool: dict[UUID, Aggregate]) -> None:
    """Snapshot, from memory, each aggregate whose version passed a multiple of the interval in this batch."""
    if app.snapshots is None:
        return
    passed = {e.originator_id for e in events if e.originator_version % app.snapshot_interval == 0}
    snapshots = [Snapshot.take(pool[i]) for i in passed if i in pool]
    if snapshots:
        app.snapshots.put(snapshots)


def _store(app: MappaApplication, events: list[Any]) -> list[Any]:
    """Record events in one transaction, in the order given (``save()`` without its per-object checks)."""
    processing: ProcessingEvent[UUID] = ProcessingEvent()
    processing.events.extend(events)
    recordings = app._record(processing)
    app._notify(recordings)
    return recordings


def _chunks(commands: Iterable[Command], size: int) -> Iterator[tuple[int, list[Command]]]:
    """Consecutive batches of at most ``size`` commands, each with the offset of its first; solo commands alone."""
    if size < 1:
        raise ValueError(f"a batch holds at least one command, got size {size}")
    chunk: list[Command] = []
    offset = 0
    for command in commands:
        solo = type(command) in SOLO_COMMANDS
        if chunk and (solo or len(chunk) >= size):
            yield offset, chunk
            offset, chunk = offset + len(chunk), []
        chunk.append(command)
        if solo:
            yield offset, chunk
            offset, chunk = offset + 1, []
    if chunk:
        yield offset, chunk

