"""Two application instances on one store, with their steps interleaved deterministically.

Instance A loads what its command needs; before A saves, instance B runs a whole
command. Then A saves. That is the race two co-ordinators can meet, without
threads or timing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from domain.case import Case
from domain.errors import ConcurrencyError
from domain.meeting import Meeting
from mappa_flow.bootstrap import Mappa, bootstrap
from mappa_flow.clock import FixedClock
from mappa_flow.commands.area import RegisterArea
from mappa_flow.commands.case import ChangeLevel, DeclareMissing, ReferCase
from mappa_flow.commands.meeting import HoldMeeting
from mappa_flow.settings import Settings


@pytest.fixture
def open_app(store: Settings, clock: FixedClock) -> Iterator[Callable[..., Mappa]]:
    opened: list[Mappa] = []

    def open_one(**overrides: Any) -> Mappa:
        opened.append(bootstrap(store.model_copy(update=overrides), clock))
        return opened[-1]

    yield open_one
    for application in opened:
        application.close()


def interleave(app: Mappa, during: Callable[[], object]) -> list[int]:
    """Make ``app`` run ``during`` right after its first load of a case, before it saves. Returns the loads made."""
    original = app.repository.get
    loads: list[int] = []

    def get(*args: Any, **kwargs: Any) -> Any:
        aggregate = original(*args, **kwargs)
        if isinstance(aggregate, Case):
            loads.append(aggregate.version)
            if len(loads) == 1:
                during()
        return aggregate

    app.repository.get = get  # type: ignore[method-assign]
    return loads


def _refer(app: Mappa) -> None:
    app.handle(RegisterArea(command_id="area-1", recorded_by="coord", occurred_on=date(2026, 4, 1),
                            area="north", name="North"))
    app.handle(ReferCase(command_id="ref-1", recorded_by="coord", occurred_on=date(2026, 4, 2), area="north",
                         case_reference="N-0001", category=1, level=3, referring_agency="police-scotland",
                         in_custody=False))


def _meeting(command_id: str, meeting_ref: str) -> HoldMeeting:
    return HoldMeeting(command_id=command_id, recorded_by=command_id, occurred_on=date(2026, 5, 4),
                       meeting_ref=meeting_ref, case_reference="N-0001", kind="review", venue="community",
                       chair="chair-1", invitations=[{"agency": "sps", "outcome": "in-person", "at_seniority": True}])


def _level(command_id: str) -> ChangeLevel:
    return ChangeLevel(command_id=command_id, recorded_by="coord-a", occurred_on=date(2026, 6, 1),
                       case_reference="N-0001", level=2)


def _missing(command_id: str) -> DeclareMissing:
    return DeclareMissing(command_id=command_id, recorded_by="coord-b", occurred_on=date(2026, 6, 2),
                          case_reference="N-0001", status="missing")


def test_two_coordinators_recording_different_meetings_of_one_case_do_not_conflict(
    open_app: Callable[..., Mappa],
) -> None:
    first, second = open_app(command_retries=0), open_app(command_retries=0)
    _refer(first)
    loads = interleave(first, lambda: second.handle(_meeting("meet-b", "M-2")))
    first.handle(_meeting("meet-a", "M-1"))  # no retries allowed: it must not have met a conflict
    assert loads == [1]
    for meeting_ref in ("M-1", "M-2"):
        meeting: Meeting = first.repository.get(first.ids.meeting(meeting_ref))
        assert meeting.case_reference == "N-0001"
    assert first.is_applied("meet-a") and first.is_applied("meet-b")


def test_two_changes_to_one_case_at_once_are_retried_and_both_land(open_app: Callable[..., Mappa]) -> None:
    first, second = open_app(command_retries=3), open_app()
    _refer(first)
    loads = interleave(first, lambda: second.handle(_missing("missing-b")))
    first.handle(_level("level-a"))
    assert loads == [1, 2]  # the second attempt reloaded the case with B's change
    case: Case = first.repository.get(first.ids.case("N-0001"))
    assert (case.level, case.missing) == (2, "missing")
    events = [type(e) for e in first.events.get(case.id)]
    assert events == [Case.Referred, Case.WantedOrMissingDeclared, Case.LevelChanged]
    assert first.is_applied("level-a") and first.is_applied("missing-b")


def test_a_conflict_without_retries_is_refused_clearly_and_writes_nothing(open_app: Callable[..., Mappa]) -> None:
    first, second = open_app(command_retries=0), open_app()
    _refer(first)
    interleave(first, lambda: second.handle(_missing("missing-b")))
    with pytest.raises(ConcurrencyError, match="concurrent changes; nothing was written") as caught:
        first.handle(_level("level-a"))
    assert (caught.value.field, caught.value.value) == ("command_id", "level-a")
    after_b = second.max_notification_id()
    assert first.max_notification_id() == after_b
    assert not first.is_applied("level-a")
    assert [type(e) for e in first.events.get(first.ids.case("N-0001"))] == [
        Case.Referred, Case.WantedOrMissingDeclared]
