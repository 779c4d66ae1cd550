"""A small synthetic MAPPA world for the reminder tests: an area with contacts, cases, meetings, a cycle.

Every reference is synthetic. Commands get fresh ids; business dates are given
explicitly, and the clock decides the recording day.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date
from typing import Any, TypeVar

from domain.reminder_stage import StagePlan
from mappa_flow.bootstrap import Mappa
from mappa_flow.clock import FixedClock
from mappa_flow.commands import meeting as m
from mappa_flow.commands.area import RegisterArea, SetContact
from mappa_flow.commands.base import Command
from mappa_flow.commands.case import ChangeLevel, ReferCase, SetReleaseDate
from mappa_flow.projecting import build_projector
from mappa_flow.settings import Settings
from projections.runner import Projector
from projections.views.area import AreaView
from projections.views.deadline import DeadlineView
from projections.views.reminder import ReminderView
from scheduler.cycle import Cycle
from scheduler.delivery import Outbox

C = TypeVar("C", bound=Command)
_ids: Iterator[int] = itertools.count(1)
COORDINATOR_EMAIL = "coordinator.north@example.org"
CHAIR_EMAIL = "sog.chair.north@example.org"
STAGES = "default=-14,-7,0,+1,+7!"


def cmd(model: type[C], on: date, **fields: Any) -> C:
    return model(command_id=f"test-{next(_ids)}", recorded_by="coord-1", occurred_on=on, **fields)


def area(app: Mappa, code: str = "north", contacts: bool = True, on: date = date(2026, 4, 1)) -> None:
    app.handle(cmd(RegisterArea, on, area=code, name=code.title()))
    if contacts:
        app.handle(cmd(SetContact, on, area=code, role="coordinator", email=COORDINATOR_EMAIL))
        app.handle(cmd(SetContact, on, area=code, role="sog-chair", email=CHAIR_EMAIL))


def refer(app: Mappa, reference: str, on: date, level: int = 3, in_custody: bool = False,
          release_on: date | None = None, code: str = "north") -> None:
    app.handle(cmd(ReferCase, on, area=code, case_reference=reference, category=1, level=level,
                   referring_agency="police-scotland", in_custody=in_custody, expected_release_on=release_on))


def change_level(app: Mappa, reference: str, on: date, level: int) -> None:
    app.handle(cmd(ChangeLevel, on, case_reference=reference, level=level))


def set_release_date(app: Mappa, reference: str, on: date, release_on: date) -> None:
    app.handle(cmd(SetReleaseDate, on, case_reference=reference, release_on=release_on))


def hold_meeting(app: Mappa, meeting_ref: str, reference: str, on: date, kind: str = "review",
                 venue: str = "community") -> None:
    app.handle(cmd(m.HoldMeeting, on, meeting_ref=meeting_ref, case_reference=reference, kind=kind,
                   venue=venue, chair="chair-1",
                   invitations=[{"agency": "police-scotland", "outcome": "in-person", "at_seniority": True}]))


def projector(settings: Settings, app: Mappa) -> Projector:
    return build_projector(settings, app, [AreaView(), DeadlineView(), ReminderView()])


def cycle(app: Mappa, views: Projector, clock: FixedClock, outbox: Outbox | None = None,
          stages: str = STAGES) -> Cycle:
    return Cycle(app=app, projector=views, plan=StagePlan.parse(stages), outbox=outbox, clock=clock.now)


def reminder_events(app: Mappa, name: str = "Raised") -> list[Any]:
    """Every reminder event of one kind in the store, in log order."""
    topic = f"mappa:Reminder.{name}"
    notifications = app.recorder.select_notifications(1, 1_000_000, topics=[topic])
    return [app.mapper.to_domain_event(n) for n in notifications]
