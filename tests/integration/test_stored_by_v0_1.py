"""A store recorded by mappa-flow 0.1 opens with this version: events and snapshots load through the upcasters.

tests/fixtures/store-v0.1.db was written by tests/fixtures/make_store.py with the code before the event
evolution change (commit 9543538): ``Meeting.Held`` then stored its invitations as dicts, and snapshots of a
meeting held them as dicts too, without a ``class_version``. On PostgreSQL the same stored rows are copied
into a fresh schema, byte for byte. The reports over the old store must equal those over a store recording
the same commands with the current code.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner

from domain.meeting import Invitation, Meeting
from mappa_flow.bootstrap import Mappa, bootstrap
from mappa_flow.case_history import case_history
from mappa_flow.cli.context import CliContext
from mappa_flow.cli.main import cli
from mappa_flow.clock import FixedClock
from mappa_flow.settings import Settings
from tests.conftest import sqlite_settings
from tests.fixtures import make_store

OLD_STORE = make_store.STORE
TODAY = datetime(2026, 12, 1, 10, tzinfo=UTC)
EXPECTED_INVITATIONS = [
    Invitation("police-scotland", "in-person", True), Invitation("social-work", "remote", False),
    Invitation("housing", "written", True), Invitation("health", "absent", True),
]


_IN_ORDER = {"stored_events": "rowid", "stored_snapshots": "originator_id, originator_version"}


def _old_rows(table: str) -> list[tuple[Any, ...]]:
    """The rows as stored: events in recording order, snapshots by aggregate (that table has no rowid)."""
    with sqlite3.connect(OLD_STORE) as conn:
        query = f"SELECT originator_id, originator_version, topic, state FROM {table} ORDER BY {_IN_ORDER[table]}"
        return conn.execute(query).fetchall()


def _copy_rows(app: Mappa) -> None:
    """The fixture's stored events and snapshots, as stored, into an empty PostgreSQL store."""
    from eventsourcing.persistence import StoredEvent

    def stored(rows: list[tuple[Any, ...]]) -> list[StoredEvent]:
        return [StoredEvent(UUID(str(i)), v, t, bytes(s)) for i, v, t, s in rows]

    app.recorder.insert_events(stored(_old_rows("stored_events")))
    assert app.snapshots is not None
    app.snapshots.recorder.insert_events(stored(_old_rows("stored_snapshots")))


@pytest.fixture
def old_store(store: Settings, tmp_path: Path) -> Settings:
    """The fixture store on the test's backend (a copy: the committed file never changes)."""
    settings = store.model_copy(update={"snapshot_interval": make_store.SNAPSHOT_INTERVAL})
    if store.backend == "sqlite":
        shutil.copyfile(OLD_STORE, settings.sqlite_path)
        return settings
    app = bootstrap(settings, FixedClock(TODAY))
    try:
        _copy_rows(app)
    finally:
        app.close()
    return settings


@pytest.fixture
def old_app(old_store: Settings) -> Iterator[Mappa]:
    application = bootstrap(old_store, FixedClock(TODAY))
    yield application
    application.close()


@pytest.fixture
def new_store(tmp_path: Path) -> Settings:
    """The same commands recorded by the current code."""
    path = tmp_path / "new" / "store.db"
    path.parent.mkdir()
    make_store.main(path)
    return sqlite_settings(path, snapshot_interval=make_store.SNAPSHOT_INTERVAL)


def _replayed(app: Mappa, aggregate_id: UUID, version: int | None = None) -> Any:
    aggregate = None
    for event in app.events.get(aggregate_id, lte=version):
        aggregate = event.mutate(aggregate)
    return aggregate


def _state(aggregate: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(aggregate).items() if k != "_pending_events"}


def _aggregate_ids(app: Mappa) -> list[UUID]:
    return list(dict.fromkeys(n.originator_id for n in app.recorder.select_notifications(start=1, limit=1000)))


def test_every_old_snapshot_loads_and_equals_replaying_its_events(old_app: Mappa) -> None:
    assert old_app.snapshots is not None
    snapshots = [s for i in _aggregate_ids(old_app) for s in old_app.snapshots.get(i)]
    assert len(snapshots) == len(_old_rows("stored_snapshots")) == 7
    for snapshot in snapshots:
        assert _state(snapshot.mutate(None)) == _state(_replayed(old_app, snapshot.originator_id,
                                                                 snapshot.originator_version))


def test_every_old_aggregate_loads_the_same_from_snapshots_and_from_events(old_app: Mappa) -> None:
    ids = _aggregate_ids(old_app)
    assert len(ids) == 22 + 8  # 22 command receipts; an area, 2 cases, 3 meetings, an ISP, an SCR
    for aggregate_id in ids:
        assert _state(old_app.repository.get(aggregate_id)) == _state(_replayed(old_app, aggregate_id))


def test_old_invitations_come_back_as_invitation_value_objects(old_app: Mappa) -> None:
    meeting_id = old_app.ids.meeting("N-0001-M1")
    held = next(iter(old_app.events.get(meeting_id)))
    assert isinstance(held, Meeting.Held)
    assert held.invitations == EXPECTED_INVITATIONS
    assert "responsible" not in json.dumps([vars(i) for i in held.invitations])
    assert [i.responsible for i in held.invitations] == [True, True, False, True]
    meeting: Meeting = old_app.repository.get(meeting_id)  # from its snapshot at version 4, then one event
    assert meeting.version == 5 and meeting.invitations == EXPECTED_INVITATIONS


def test_an_old_meeting_takes_new_commands_and_its_new_snapshot_is_version_2(old_app: Mappa) -> None:
    from mappa_flow.commands.meeting import RecordContribution

    old_app.handle(RecordContribution(
        command_id="after-upgrade", recorded_by="coord-1", occurred_on=date(2026, 11, 30), meeting_ref="N-0002-M1",
        agency="housing", in_minute=True, in_rmp=True))
    meeting_id = old_app.ids.meeting("N-0002-M1")
    meeting: Meeting = old_app.repository.get(meeting_id)
    assert meeting.contributions == {"housing": [True, True]}
    assert old_app.snapshots is not None
    (snapshot,) = old_app.snapshots.get(meeting_id)
    assert snapshot.state["class_version"] == 2 and snapshot.state["invitations"] == EXPECTED_INVITATIONS[1:]


def _history(settings: Settings) -> list[Any]:
    app = bootstrap(settings, FixedClock(TODAY))
    try:
        return [case_history(app, reference) for reference in ("N-0001", "N-0002")]
    finally:
        app.close()


def _report(settings: Settings, *args: str) -> Any:
    context = CliContext(settings=settings, clock=FixedClock(TODAY))
    try:
        result = CliRunner().invoke(cli, [*args, "--format", "json"], obj=context, env={"MAPPA_USER": "upgrade-test"})
    finally:
        context.close()
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_reports_over_the_old_store_equal_those_over_the_same_commands_recorded_now(
        old_store: Settings, new_store: Settings) -> None:
    old_history = _history(old_store)
    assert old_history == _history(new_store)
    summaries = [entry.summary for entry in old_history[0].entries]
    assert "Meeting N-0001-M1 held (initial, custody, Level 2), 4 agencies invited, 2 attended" in summaries
    for report in (("indicators", "--period", "2026-27"), ("deadlines", "--status", "all"), ("isp",), ("scr",)):
        old = _report(old_store, *report)
        assert old and old == _report(new_store, *report), report


def test_an_old_disclosure_decision_stored_without_considered_reads_and_counts_as_considered_R_MTG_3_R_PI_10(
        old_app: Mappa, old_store: Settings) -> None:
    """0.1 stored the decision alone; the field added since has a default (docs/decisions.md): a decision recorded
    before it existed was considered. R-PI-10 over the old store counts that meeting (its only decision) as met."""
    meeting_id = old_app.ids.meeting("N-0001-M1")
    (stored,) = [e for e in old_app.recorder.select_events(meeting_id) if e.topic == Meeting.DisclosureDecided.TOPIC]
    assert "considered" not in old_app.mapper.transcoder.decode(stored.state)
    (decided,) = [e for e in old_app.events.get(meeting_id) if isinstance(e, Meeting.DisclosureDecided)]
    assert (decided.decision, decided.considered) == ("defer", True)
    (disclosure,) = [line for line in _report(old_store, "indicators", "--period", "2026-27")
                     if line["indicator"] == "R-PI-10"]
    assert (disclosure["numerator"], disclosure["denominator"]) == (1, 3)
