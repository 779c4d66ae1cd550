"""Importing JSON Lines on every event store: checked before writing, applied once, resumable after a refusal."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from domain.errors import CaseAlreadyExistsError, LifecycleError
from mappa_flow.bootstrap import Mappa, bootstrap
from mappa_flow.clock import FixedClock
from mappa_flow.commands.registry import BY_NAME
from mappa_flow.importing import Checked, apply_checked, check_file, check_lines
from mappa_flow.settings import Settings

TODAY = date(2026, 11, 20)  # the conftest clock's day
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "import-example.jsonl"


def _example_lines() -> list[str]:
    return EXAMPLE.read_text(encoding="utf-8").splitlines()


def _log(app: Mappa) -> list[tuple[Any, ...]]:
    """Every stored event, in log order, as stored (topic, originator, version and the encoded state)."""
    notifications = app.recorder.select_notifications(start=1, limit=1_000_000)
    return [(n.id, n.topic, n.originator_id, n.originator_version, n.state) for n in notifications]


def test_the_example_file_has_every_command_and_imports_cleanly_into_a_fresh_store(app: Mappa) -> None:
    checked = check_file(EXAMPLE, today=TODAY)
    assert checked.ok, [str(p) for p in checked.problems]
    families = {model.__module__ for model in BY_NAME.values()}
    shown = {type(line.command).__module__ for line in checked.lines}
    assert shown == families, f"add a line of each of {families - shown} to {EXAMPLE}"

    result = apply_checked(app, checked)

    assert (result.applied, result.skipped, result.refused_line) == (len(checked.lines), 0, None)
    assert result.notification_id == app.max_notification_id()
    assert all(app.is_applied(line.command.command_id) for line in checked.lines)


def test_importing_the_same_file_twice_applies_nothing_the_second_time(app: Mappa) -> None:
    apply_checked(app, check_file(EXAMPLE, today=TODAY))
    before = app.max_notification_id()

    again = apply_checked(app, check_file(EXAMPLE, today=TODAY))

    assert (again.applied, again.skipped, again.notification_id) == (0, len(_example_lines()), None)
    assert app.max_notification_id() == before


def test_a_file_with_bad_lines_reports_every_one_with_field_and_value_and_is_never_applied(app: Mappa) -> None:
    lines = _example_lines()
    lines[1] = lines[1].replace('"day": "2024-12-27"', '"day": "2024-12-32"')
    lines[6] = lines[6].replace('"level": 2', '"level": 4')
    lines[9] = "{not json"
    lines[12] = lines[12].replace('"ex-013"', '"ex-001"')
    checked = check_lines(lines, today=TODAY)

    found = {(p.line, p.field, p.value, p.kind) for p in checked.problems}
    assert found == {
        (2, "day", '"2024-12-32"', "date_from_datetime_parsing"),
        (7, "level", "4", "literal_error"),
        (10, "(line)", "{not json", "json_invalid"),
        (13, "command_id", '"ex-001"', "duplicate_command_id"),
    }
    with pytest.raises(ValueError, match="4 problem"):
        apply_checked(app, checked)
    assert app.max_notification_id() == 0


def _with_refused_line(at: int) -> list[str]:
    """The example with a release of a case already in the community inserted before line ``at``."""
    lines = _example_lines()
    refused = {"command": "record_release", "command_id": "ex-bad", "recorded_by": "coord-example",
               "occurred_on": "2024-07-02", "case_reference": "EX-0002"}
    return [*lines[: at - 1], json.dumps(refused), *lines[at - 1:]]


@pytest.mark.parametrize("size", [500, 4])
def test_a_refusal_stops_the_import_at_its_line_and_a_corrected_file_carries_on_without_duplicates_R_CASE_3(
    app: Mappa, size: int
) -> None:
    lines = _with_refused_line(at=28)

    result = apply_checked(app, check_lines(lines, today=TODAY), size=size)

    assert (result.refused_line, result.applied, result.skipped) == (28, 27, 0)
    assert isinstance(result.refusal, LifecycleError)
    assert not app.is_applied("ex-bad")
    assert result.notification_id == app.max_notification_id()
    corrected = [line for line in lines if '"ex-bad"' not in line]

    rerun = apply_checked(app, check_lines(corrected, today=TODAY), size=size)

    assert (rerun.refused_line, rerun.applied, rerun.skipped) == (None, len(corrected) - 27, 27)
    receipts = [n for n in _log(app) if n[1] == "mappa:CommandReceipt.Accepted"]
    assert len(receipts) == len(corrected)


@pytest.fixture
def second_store(store: Settings, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Settings]:
    """Another fresh, empty store on the same backend as ``store``."""
    if store.backend == "sqlite":
        yield store.model_copy(update={"sqlite_path": tmp_path / "second.db"})
        return
    import psycopg

    from tests.conftest import postgres_url

    schema = f"{store.postgres_schema}_b"
    with psycopg.connect(postgres_url(), autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield store.model_copy(update={"postgres_schema": schema})
    with psycopg.connect(postgres_url(), autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


def _one_by_one(app: Mappa, checked: Checked) -> None:
    for line in checked.lines:
        app.handle(line.command)


@pytest.mark.parametrize("size", [500, 3])
def test_a_batch_import_stores_exactly_the_events_of_applying_the_commands_one_by_one(
    store: Settings, second_store: Settings, clock: FixedClock, size: int
) -> None:
    checked = check_file(EXAMPLE, today=TODAY)
    batched, single = bootstrap(store, clock), bootstrap(second_store, clock)
    try:
        apply_checked(batched, checked, size=size)
        _one_by_one(single, checked)
        assert _log(batched) == _log(single)
    finally:
        batched.close()
        single.close()


def test_snapshots_taken_during_a_batch_rebuild_the_same_aggregates_as_the_events_alone(
    store: Settings, second_store: Settings, clock: FixedClock
) -> None:
    checked = check_file(EXAMPLE, today=TODAY)
    snapshotting = bootstrap(store.model_copy(update={"snapshot_interval": 2}), clock)
    plain = bootstrap(second_store.model_copy(update={"snapshot_interval": 10_000}), clock)
    try:
        apply_checked(snapshotting, checked, size=5)
        apply_checked(plain, checked, size=5)
        ids = {n[2] for n in _log(plain) if not n[1].startswith("mappa:CommandReceipt")}
        assert snapshotting.snapshots is not None
        assert any(snapshotting.snapshots.get(i) for i in ids)
        for aggregate_id in ids:
            assert vars(snapshotting.repository.get(aggregate_id)) == vars(plain.repository.get(aggregate_id))
    finally:
        snapshotting.close()
        plain.close()


class RacingMappa(Mappa):
    """Lets another writer change a case just before the batch saves, as a concurrent co-ordinator would."""

    name = Mappa.name  # the same tables as the application it races
    rival: Mappa

    def _record(self, processing_event: Any) -> Any:
        if len(processing_event.events) > 2 and not getattr(self, "raced", False):
            self.raced = True
            rival_command = BY_NAME["set_release_date"](
                command_id="rival-1", recorded_by="coord-2", occurred_on=date(2024, 6, 5),
                case_reference="EX-0001", release_on=date(2024, 10, 1))
            self.rival.handle(rival_command)  # type: ignore[arg-type]
        return super()._record(processing_event)


def test_a_batch_that_meets_a_concurrent_writer_applies_its_commands_one_by_one(
    store: Settings, clock: FixedClock
) -> None:
    checked = check_file(EXAMPLE, today=TODAY)
    first, rest = Checked(lines=checked.lines[:7]), Checked(lines=checked.lines[7:45])  # the core commands
    rival = bootstrap(store, clock)
    racing = RacingMappa(env=rival.env, clock=clock, ids=rival.ids)
    racing.rival = rival
    try:
        apply_checked(rival, first)
        result = apply_checked(racing, rest)
        assert racing.raced
        assert (result.applied, result.skipped, result.refused_line) == (len(rest.lines), 0, None)
        case_events = racing.events.get(racing.ids.case("EX-0001"))
        release_dates = [e.command_id for e in case_events if type(e).__name__ == "ReleaseDateSet"]
        assert release_dates == ["rival-1", "ex-008"]
    finally:
        racing.close()
        rival.close()


def test_a_command_id_given_twice_to_one_batch_is_applied_once(app: Mappa) -> None:
    checked = check_file(EXAMPLE, today=TODAY)
    commands = [line.command for line in checked.lines[:6]]

    result = app.run_batch([*commands, commands[0]])

    assert (result.applied, result.skipped) == (6, 1)
    receipts = [n for n in _log(app) if n[1] == "mappa:CommandReceipt.Accepted"]
    assert len(receipts) == 6


def test_a_refusal_met_on_state_another_writer_has_since_changed_is_checked_again_on_the_stored_state(
    store: Settings, clock: FixedClock
) -> None:
    checked = check_file(EXAMPLE, today=TODAY)
    app, rival = bootstrap(store, clock), bootstrap(store, clock)
    step_down = BY_NAME["change_level"](command_id="lvl-2", recorded_by="coord", occurred_on=date(2024, 5, 20),
                                        case_reference="EX-0001", level=2)
    step_up = BY_NAME["change_level"](command_id="rival-3", recorded_by="coord-2", occurred_on=date(2024, 5, 10),
                                      case_reference="EX-0001", level=3)

    def rival_steps_up_after_the_first_batch(done: int) -> None:
        if not rival.is_applied("rival-3"):
            rival.handle(step_up)  # type: ignore[arg-type]

    try:
        commands = [line.command for line in checked.lines[:7]] + [step_down]
        result = app.run_batch(commands, size=7, progress=rival_steps_up_after_the_first_batch)
        assert (result.applied, result.refusal) == (8, None)
        levels = [(e.command_id, e.level) for e in app.events.get(app.ids.case("EX-0001"))
                  if type(e).__name__ == "LevelChanged"]
        assert levels == [("rival-3", 3), ("lvl-2", 2)]
    finally:
        app.close()
        rival.close()


def test_a_second_referral_of_a_reference_in_a_batch_is_refused_at_its_line_as_one_by_one_R_CASE_1(
    app: Mappa
) -> None:
    apply_checked(app, check_file(EXAMPLE, today=TODAY))
    referral = json.loads(_example_lines()[6])
    lines = [
        json.dumps({"command": "register_area", "command_id": "s-1", "recorded_by": "coord",
                    "occurred_on": "2025-01-01", "area": "south", "name": "South"}),
        json.dumps({**referral, "command_id": "s-2"}),
        json.dumps({"command": "set_contact", "command_id": "s-3", "recorded_by": "coord",
                    "occurred_on": "2025-01-02", "area": "south", "role": "coordinator", "email": "c@example.org"}),
    ]

    result = apply_checked(app, check_lines(lines, today=TODAY))

    assert (result.applied, result.skipped, result.refused_line) == (1, 0, 2)
    assert isinstance(result.refusal, CaseAlreadyExistsError)
    assert app.is_applied("s-1") and not app.is_applied("s-2") and not app.is_applied("s-3")
