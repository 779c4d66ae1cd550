"""A command id names one command: given again with the same body it is "already applied", with another it is refused.

On every event store, for a single command (``record``) and for an import, and for receipts stored before
receipts kept a hash of the command's body.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from eventsourcing.persistence import StoredEvent

from domain.errors import CommandIdReusedError
from mappa_flow.application import body_hash
from mappa_flow.bootstrap import Mappa
from mappa_flow.commands.area import RegisterArea
from mappa_flow.commands.case import ChangeLevel, ReferCase
from mappa_flow.importing import Checked, Line, apply_checked


def _area(app: Mappa) -> None:
    app.handle(RegisterArea(command_id="area-1", recorded_by="coord-1", occurred_on=date(2026, 4, 1),
                            area="north", name="North"))


def _refer(command_id: str, reference: str = "N-0001", level: int = 3, recorded_by: str = "coord-1") -> ReferCase:
    return ReferCase(command_id=command_id, recorded_by=recorded_by, occurred_on=date(2026, 4, 2), area="north",
                     case_reference=reference, category=1, level=level, referring_agency="police-scotland",
                     in_custody=False)


def _file(*commands: Any) -> Checked:
    """A checked file of these commands, line 1 first (the check pass itself is tested with the CLI, e2e)."""
    return Checked(lines=[Line(number, command) for number, command in enumerate(commands, start=1)])


def test_the_same_command_id_with_the_same_body_is_already_applied_and_writes_nothing(app: Mappa) -> None:
    _area(app)
    assert app.handle(_refer("c-1")).applied
    before = app.max_notification_id()

    again = app.handle(_refer("c-1"))

    assert not again.applied
    assert app.max_notification_id() == before


def test_a_command_id_reused_for_another_command_is_refused_naming_when_the_first_was_recorded(app: Mappa) -> None:
    _area(app)
    app.handle(_refer("c-1"))
    before = app.max_notification_id()

    with pytest.raises(CommandIdReusedError) as refused:
        app.handle(ChangeLevel(command_id="c-1", recorded_by="coord-1", occurred_on=date(2026, 5, 1),
                               case_reference="N-0001", level=1))

    message = str(refused.value)
    assert "command id 'c-1' was already used for a different command (refer_case" in message
    assert "recorded at 2026-11-20 10:00:00 UTC" in message  # the clock's time when c-1 was applied
    assert "field=command_id" in message
    assert app.max_notification_id() == before
    assert app.repository.get(app.ids.case("N-0001")).level == 3


def test_a_command_id_reused_with_one_field_changed_is_refused(app: Mappa) -> None:
    _area(app)
    app.handle(_refer("c-1", level=3))
    before = app.max_notification_id()

    with pytest.raises(CommandIdReusedError):
        app.handle(_refer("c-1", level=2))

    assert app.max_notification_id() == before


def test_who_records_a_command_is_not_part_of_its_body(app: Mappa) -> None:
    _area(app)
    app.handle(_refer("c-1", recorded_by="coord-1"))

    again = app.handle(_refer("c-1", recorded_by="coord-2"))

    assert not again.applied


def test_a_field_left_at_its_default_hashes_as_if_it_were_not_given() -> None:
    given = ReferCase.model_validate({**_refer("c-1").model_dump(), "expected_release_on": None})
    assert body_hash(given) == body_hash(_refer("c-1"))
    assert body_hash(_refer("c-1", level=2)) != body_hash(_refer("c-1"))


def test_an_import_stops_at_a_reused_command_id_keeping_the_lines_before_it(app: Mappa) -> None:
    _area(app)
    first = apply_checked(app, _file(_refer("c-1"), _refer("c-2", reference="N-0002")))
    assert (first.applied, first.refused_line) == (2, None)
    edited = _refer("c-2", reference="N-0002", level=1)  # line 3 edits an applied line in place
    lines = _file(_refer("c-1"), _refer("c-3", reference="N-0003"), edited, _refer("c-4", reference="N-0004"))

    result = apply_checked(app, lines)

    assert (result.skipped, result.applied, result.refused_line) == (1, 1, 3)
    assert isinstance(result.refusal, CommandIdReusedError)
    assert "command id 'c-2' was already used" in str(result.refusal)
    assert app.repository.get(app.ids.case("N-0002")).level == 3
    assert app.ids.case("N-0003") in app.repository
    assert app.ids.case("N-0004") not in app.repository


def test_an_import_whose_first_line_reuses_an_id_writes_nothing(app: Mappa) -> None:
    _area(app)
    apply_checked(app, _file(_refer("c-1")))
    before = app.max_notification_id()

    result = apply_checked(app, _file(_refer("c-1", level=1), _refer("c-2", "N-0002")))

    assert (result.applied, result.skipped, result.refused_line) == (0, 0, 1)
    assert isinstance(result.refusal, CommandIdReusedError)
    assert app.max_notification_id() == before


def test_a_receipt_stored_before_body_hashes_were_kept_still_reads_and_matches_any_body(app: Mappa) -> None:
    _area(app)
    receipt_id = app.ids.receipt("old-1")
    state = {"timestamp": app.clock.now(), "originator_topic": "mappa:CommandReceipt", "occurred_on": "2026-04-02",
             "recorded_by": "coord-1", "command_id": "old-1", "command_type": "refer_case", "subject_ids": []}
    app.recorder.insert_events([StoredEvent(originator_id=receipt_id, originator_version=1,
                                            topic="mappa:CommandReceipt.Accepted",
                                            state=_encoded(app, state))])
    receipt = app.repository.get(receipt_id)
    assert receipt.body_hash == ""
    before = app.max_notification_id()

    assert not app.handle(_refer("old-1")).applied
    assert not apply_checked(app, _file(_refer("old-1", level=1))).applied
    assert app.max_notification_id() == before


def _encoded(app: Mappa, state: dict[str, Any]) -> bytes:
    """The state as the store keeps it (encrypted and compressed when the store is)."""
    stored = app.mapper.transcoder.encode(state)
    if app.mapper.compressor:
        stored = app.mapper.compressor.compress(stored)
    if app.mapper.cipher:
        stored = app.mapper.cipher.encrypt(stored)
    return stored
