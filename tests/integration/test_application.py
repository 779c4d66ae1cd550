"""The application on every event store: commands saved once, refusals write nothing."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import CaseAlreadyExistsError, LifecycleError
from mappa_flow.bootstrap import Mappa, bootstrap
from mappa_flow.clock import FixedClock
from mappa_flow.commands.area import RegisterArea
from mappa_flow.commands.case import ChangeLevel, RecordRelease, ReferCase
from mappa_flow.settings import Settings


def _area(app: Mappa) -> None:
    app.handle(RegisterArea(command="register_area", command_id="area-1", recorded_by="coord",
                            occurred_on=date(2026, 4, 1), area="north", name="North"))


def _refer(app: Mappa, command_id: str = "ref-1", reference: str = "N-0001") -> None:
    app.handle(ReferCase(command="refer_case", command_id=command_id, recorded_by="coord",
                         occurred_on=date(2026, 4, 2), area="north", case_reference=reference, category=1,
                         level=2, referring_agency="police-scotland", in_custody=True,
                         expected_release_on=date(2026, 12, 1)))


def test_the_same_command_id_applied_twice_writes_its_events_once(app: Mappa) -> None:
    _area(app)
    _refer(app)
    before = app.max_notification_id()
    _refer(app)
    assert app.max_notification_id() == before


def test_a_refused_command_writes_nothing_R_CASE_3(app: Mappa) -> None:
    _area(app)
    _refer(app)
    app.handle(RecordRelease(command="record_release", command_id="rel-1", recorded_by="coord",
                             occurred_on=date(2026, 5, 1), case_reference="N-0001"))
    before = app.max_notification_id()
    with pytest.raises(LifecycleError, match="in the community"):
        app.handle(RecordRelease(command="record_release", command_id="rel-2", recorded_by="coord",
                                 occurred_on=date(2026, 5, 2), case_reference="N-0001"))
    assert app.max_notification_id() == before
    assert not app.is_applied("rel-2")


def test_a_second_referral_of_one_reference_is_refused_R_CASE_1(app: Mappa) -> None:
    _area(app)
    _refer(app)
    with pytest.raises(CaseAlreadyExistsError, match="N-0001"):
        _refer(app, command_id="ref-2")


def test_every_event_carries_business_date_recorder_command_and_recording_time_R_CAL_1(app: Mappa) -> None:
    _area(app)
    _refer(app)
    app.handle(ChangeLevel(command="change_level", command_id="lvl-1", recorded_by="coord-2",
                           occurred_on=date(2026, 4, 20), case_reference="N-0001", level=3))
    events = list(app.events.get(app.ids.case("N-0001")))
    changed = events[-1]
    assert changed.occurred_on == date(2026, 4, 20)
    assert changed.recorded_by == "coord-2"
    assert changed.command_id == "lvl-1"
    assert changed.timestamp == app.clock.now()


STRAY = {"MAPPA_PERSISTENCE_MODULE": "eventsourcing.popo", "PERSISTENCE_MODULE": "eventsourcing.popo",
         "MAPPA_CIPHER_TOPIC": "eventsourcing.cipher:AESCipher", "MAPPA_POSTGRES_SCHEMA": "elsewhere",
         "MAPPA_SQLITE_DBNAME": ":memory:"}


def test_stray_library_variables_in_the_environment_cannot_switch_the_store(
    store: Settings, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in STRAY.items():
        monkeypatch.setenv(name, value)
    first = bootstrap(store, clock)
    try:
        _area(first)
        assert first.mapper.cipher is None
    finally:
        first.close()
    second = bootstrap(store, clock)  # a new process would find what the first one saved, in the configured store
    try:
        assert second.is_applied("area-1") and second.max_notification_id() == 2  # the area and its receipt
    finally:
        second.close()
