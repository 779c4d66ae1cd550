"""Counts of what a store holds: areas, cases by level, custody or community, meetings, events.

Read from the event log in one pass, decoding only the events that change a case's level, status
or custody. This never lags behind the record; a read model can take over when stores grow large.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from domain.area import Area
from domain.case import Case
from domain.meeting import Meeting
from domain.receipt import CommandReceipt
from mappa_flow.application import MappaApplication

PAGE = 2000
_CASE_TOPICS = frozenset(c.TOPIC for c in (
    Case.Referred, Case.LevelChanged, Case.Released, Case.Recalled, Case.Archived, Case.Reopened,
))


@dataclass
class _Case:
    level: int
    in_custody: bool
    archived: bool = False


@dataclass
class Summary:
    areas: int = 0
    cases: dict[str, _Case] = field(default_factory=dict)
    meetings: int = 0
    events: int = 0  # every event in the log, command receipts included
    commands: int = 0  # commands applied (one receipt each)

    def as_dict(self) -> dict[str, Any]:
        open_cases = [c for c in self.cases.values() if not c.archived]
        levels = Counter(c.level for c in open_cases)
        return {
            "areas": self.areas,
            "cases": len(self.cases),
            "open_cases": len(open_cases),
            "archived_cases": len(self.cases) - len(open_cases),
            "open_by_level": {f"level_{level}": levels.get(level, 0) for level in (1, 2, 3)},
            "open_in_custody": sum(c.in_custody for c in open_cases),
            "open_in_community": sum(not c.in_custody for c in open_cases),
            "meetings": self.meetings,
            "commands": self.commands,
            "events": self.events,
        }


def summarise(app: MappaApplication) -> Summary:
    summary = Summary()
    start = 1
    while page := app.recorder.select_notifications(start, PAGE):
        for notification in page:
            _count(summary, notification, app)
        start = page[-1].id + 1
    return summary


def _count(summary: Summary, notification: Any, app: MappaApplication) -> None:
    summary.events += 1
    topic = notification.topic
    if topic == CommandReceipt.Accepted.TOPIC:
        summary.commands += 1
    elif topic == Area.Registered.TOPIC:
        summary.areas += 1
    elif topic == Meeting.Held.TOPIC:
        summary.meetings += 1
    elif topic in _CASE_TOPICS:
        _apply(summary.cases, app.mapper.to_domain_event(notification))


def _apply(cases: dict[str, _Case], event: Any) -> None:
    key = str(event.originator_id)
    if isinstance(event, Case.Referred):
        cases[key] = _Case(event.level, event.in_custody)
        return
    case = cases[key]
    if isinstance(event, Case.LevelChanged):
        case.level = event.level
    elif isinstance(event, Case.Released):
        case.in_custody = False
    elif isinstance(event, Case.Recalled):
        case.in_custody = case.in_custody or event.recalled_to_prison
    elif isinstance(event, Case.Archived):
        case.archived = True
    elif isinstance(event, Case.Reopened):
        case.archived, case.level, case.in_custody = False, event.level, event.in_custody
