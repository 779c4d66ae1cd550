"""Snapshots: a long case stream is snapshotted every N events, and loading from a snapshot gives the same case."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from domain.case import Case
from mappa_flow.bootstrap import Mappa, bootstrap
from mappa_flow.clock import FixedClock
from mappa_flow.commands import case as c
from mappa_flow.commands.area import RegisterArea
from mappa_flow.settings import Settings

INTERVAL = 5


@pytest.fixture
def snapshotting_app(store: Settings, clock: FixedClock) -> Iterator[Mappa]:
    application = bootstrap(store.model_copy(update={"snapshot_interval": INTERVAL}), clock)
    yield application
    application.close()


def _command(model: type[c.CaseCommand], n: int, on: date, **fields: Any) -> Any:
    return model(command_id=f"c-{n}", recorded_by="coord", occurred_on=on, case_reference="N-0001", **fields)


def _long_case(app: Mappa) -> None:
    """Twelve events: referral, six release dates, a release, a level change, missing, located, an order."""
    start = date(2026, 4, 1)
    app.handle(RegisterArea(command_id="area", recorded_by="coord", occurred_on=start, area="north",
                            name="North"))
    app.handle(_command(c.ReferCase, 0, start, area="north", category=1, level=2,
                        referring_agency="police-scotland", in_custody=True, expected_release_on=date(2026, 9, 1)))
    for n in range(1, 7):
        app.handle(_command(c.SetReleaseDate, n, start + timedelta(days=n),
                            release_on=date(2026, 9, 1) + timedelta(days=n)))
    app.handle(_command(c.RecordRelease, 7, date(2026, 5, 1)))
    app.handle(_command(c.ChangeLevel, 8, date(2026, 5, 2), level=3))
    app.handle(_command(c.DeclareMissing, 9, date(2026, 5, 3), status="wanted"))
    app.handle(_command(c.RecordLocated, 10, date(2026, 5, 4)))
    app.handle(_command(c.ApplyForOrder, 11, date(2026, 5, 5), order_ref="O-1", order_type="SHPO",
                        route="civil"))


def _state(case: Case) -> dict[str, Any]:
    return {k: v for k, v in vars(case).items() if k != "_pending_events"}


def test_a_case_with_many_events_is_snapshotted_every_n_events(snapshotting_app: Mappa) -> None:
    _long_case(snapshotting_app)
    case_id = snapshotting_app.ids.case("N-0001")
    assert snapshotting_app.snapshots is not None
    assert [s.originator_version for s in snapshotting_app.snapshots.get(case_id)] == [5, 10]


def test_loading_from_a_snapshot_gives_the_same_case_as_replaying_every_event(snapshotting_app: Mappa) -> None:
    _long_case(snapshotting_app)
    case_id = snapshotting_app.ids.case("N-0001")
    replayed = None
    for event in snapshotting_app.events.get(case_id):
        replayed = event.mutate(replayed)
        if replayed is not None and replayed.version == 2 * INTERVAL:
            latest_snapshot = list(snapshotting_app.snapshots.get(case_id))[-1]  # type: ignore[union-attr]
            assert _state(latest_snapshot.mutate(None)) == _state(replayed)
    assert isinstance(replayed, Case) and replayed.version == 12
    loaded: Case = snapshotting_app.repository.get(case_id)
    assert _state(loaded) == _state(replayed)
    assert (loaded.level, loaded.in_custody, loaded.orders) == (3, False, {"O-1": "applied"})
    at_seven: Case = snapshotting_app.repository.get(case_id, version=7)
    assert at_seven.expected_release_on == date(2026, 9, 7)
