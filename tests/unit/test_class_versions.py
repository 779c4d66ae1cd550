"""Every aggregate states the version of its snapshot state, and every version above 1 can be upcast.

Snapshots store an aggregate's attributes; events store their fields. A change of either shape bumps the
class's ``class_version`` and adds ``upcast_vN_vN+1`` (docs/decisions.md, "Event and snapshot evolution").
These checks keep that policy true by themselves: a new aggregate without a version, or a version bumped
without its upcaster, fails here. tests/integration/test_stored_by_v0_1.py reads a real old store.
"""

from __future__ import annotations

from eventsourcing.domain import Aggregate

from domain.meeting import Invitation, Meeting
from tests.unit.test_event_topics import _domain_classes

VERSIONED = {Meeting: 2, Meeting.Held: 2}  # every class whose stored shape changed, and its version now


def _aggregates() -> list[type[Aggregate]]:
    return [cls for cls in _domain_classes() if issubclass(cls, Aggregate)]


def test_every_aggregate_declares_the_version_of_its_snapshot_state() -> None:
    missing = [cls.__qualname__ for cls in _aggregates() if "class_version" not in vars(cls)]
    assert _aggregates() and missing == []


def test_each_class_above_version_1_has_an_upcaster_from_every_older_version() -> None:
    versioned = {cls: vars(cls)["class_version"] for cls in _domain_classes() if "class_version" in vars(cls)}
    assert {cls: v for cls, v in versioned.items() if v > 1} == VERSIONED
    for cls, version in versioned.items():
        names = [f"upcast_v{n}_v{n + 1}" for n in range(1, version)]
        missing = [name for name in names if not callable(getattr(cls, name, None))]
        assert missing == [], cls.__qualname__


def test_a_version_1_meeting_event_and_snapshot_state_upcast_to_invitations_R_MTG_2() -> None:
    stored = [{"agency": "sps", "outcome": "written", "at_seniority": False, "responsible": True}]
    for upcast in (Meeting.Held.upcast_v1_v2, Meeting.upcast_v1_v2):
        state = {"invitations": [dict(i) for i in stored]}
        upcast(state)
        assert state == {"invitations": [Invitation(agency="sps", outcome="written", at_seniority=False)]}
