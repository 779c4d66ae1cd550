"""Small builders for the pure domain tests: a stamp, and aggregates built through their own commands.

Each builder returns an aggregate whose given events have been collected, so a
test sees only the events of the command under test.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

import pytest

from domain.case import Case
from domain.errors import DomainError, LifecycleError
from domain.event import Stamp
from domain.meeting import Invitation, Meeting

TODAY = date(2026, 11, 20)
REFERRED_ON = date(2026, 4, 1)


def some_id(name: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"test:{name}")


def stamp(command_id: str = "cmd-1", today: date = TODAY) -> Stamp:
    return Stamp(recorded_by="coord-1", command_id=command_id,
                 recorded_at=datetime(today.year, today.month, today.day, 12, tzinfo=UTC), today=today)


def referred_case(*, level: int = 2, in_custody: bool = False, on: date = REFERRED_ON,
                  expected_release_on: date | None = None, reference: str = "N-0001") -> Case:
    case = Case.refer(
        some_id(reference), stamp("refer"), on, reference=reference, area="north", category=1, level=level,
        referring_agency="police-scotland", in_custody=in_custody, expected_release_on=expected_release_on,
        age_band=None, gender=None, ethnicity=None,
    )
    case.collect_events()
    return case


def invitations(*outcomes: tuple[str, str]) -> list[Invitation]:
    return [Invitation(agency, outcome, at_seniority=True) for agency, outcome in outcomes]


def held_meeting(case: Case | None = None, on: date = date(2026, 5, 4), **overrides: Any) -> Meeting:
    details: dict[str, Any] = {
        "meeting_ref": "M-1", "kind": "review", "venue": "community", "chair": "chair-1",
        "invitations": invitations(("police-scotland", "in-person"), ("housing", "written")),
    }
    details.update(overrides)
    meeting = Meeting.hold(some_id(details["meeting_ref"]), case or referred_case(), stamp("hold"), on, **details)
    meeting.collect_events()
    return meeting


def new_events(aggregate: Any) -> list[Any]:
    """The events the command under test recorded (and clears them)."""
    return list(aggregate.collect_events())


def refused(aggregate: Any, command: Callable[[], object], *, field: str, value: object, rule: str,
            error: type[DomainError] = LifecycleError) -> DomainError:
    """Run a command that must be refused: it raises ``error`` naming field, value and rule, and changes nothing."""
    before = _state(aggregate)
    with pytest.raises(error) as caught:
        command()
    assert (caught.value.field, caught.value.value, caught.value.rule) == (field, value, rule), str(caught.value)
    assert new_events(aggregate) == []
    assert _state(aggregate) == before
    return caught.value


def _state(aggregate: Any) -> dict[str, Any]:
    return copy.deepcopy({k: v for k, v in vars(aggregate).items() if k != "_pending_events"})
