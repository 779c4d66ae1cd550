"""What every process of one demo run shares: the random source, the areas, and who is where.

Case processes keep the registers up to date right after each of their
commands is emitted, so audits and reviews read the state of the history as
of their own date.
"""

from __future__ import annotations

from bisect import bisect
from collections import deque
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from domain.vocabulary import Attendance
from mappa_flow.commands.base import Command
from mappa_flow.commands.meeting import InvitationInput
from mappa_flow.demo.choice import T, Weighted
from mappa_flow.demo.plan import DemoArea, Plan
from mappa_flow.demo.text import Reason

Step = tuple[int, type[Command] | None, Any]
"""(day ordinal, command class, its fields); or (day, None, a process to start); or (day, None, None) to wake."""
Flow = Iterator[Step]
Action = Callable[[int], Flow]

PendingReason = tuple[int, str, Reason]  # (recorded no earlier than, exception key, the reason)

RECENT_MEETINGS = 400  # per area, for the quarterly meeting audits
SCR_CANDIDATES = 200


class World:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.rng = plan.rng
        self._random = plan.rng.random
        self.today = plan.today
        self.start = plan.start
        self.areas = plan.areas
        count = len(plan.areas)
        self.level1: list[dict[str, None]] = [{} for _ in range(count)]
        self.level23: list[dict[str, None]] = [{} for _ in range(count)]
        self.meetings: list[deque[tuple[int, str, str]]] = [deque(maxlen=RECENT_MEETINGS) for _ in range(count)]
        self.scr_candidates: deque[tuple[DemoArea, str]] = deque(maxlen=SCR_CANDIDATES)
        self._invitations: dict[tuple[str, str, bool], InvitationInput] = {}
        self.reasons: list[list[PendingReason]] = [[] for _ in range(count)]

    def explain(self, area: DemoArea, after: int, key: str, reason: Reason) -> None:
        """Queue a reason for an exception, to be recorded on or after ``after`` (R-PI-EXC)."""
        self.reasons[area.index].append((after, key, reason))

    def place(self, area: DemoArea, reference: str, level: int, open_: bool) -> None:
        """Keep the registers of open cases by area and level in step with one case."""
        self.level1[area.index].pop(reference, None)
        self.level23[area.index].pop(reference, None)
        if open_:
            register = self.level1 if level == 1 else self.level23
            register[area.index][reference] = None

    def note_meeting(self, area: DemoArea, day: int, meeting_ref: str, chair: str) -> None:
        self.meetings[area.index].append((day, meeting_ref, chair))

    def invitation(self, agency: str, outcome: str, at_seniority: bool) -> InvitationInput:
        key = (agency, outcome, at_seniority)
        found = self._invitations.get(key)
        if found is None:
            found = self._invitations[key] = InvitationInput(
                agency=agency, outcome=Attendance(outcome), at_seniority=at_seniority
            )
        return found

    def between(self, low: int, high: int) -> int:
        """A whole number from low to high inclusive (faster than ``randint``, and as deterministic)."""
        return low + int(self._random() * (high - low + 1)) if high > low else low

    def chance(self, p: float) -> bool:
        return self._random() < p

    def pick(self, choices: Weighted[T]) -> T:
        """One of the weighted choices (faster than ``random.choices`` for a fixed table)."""
        items, cumulative = choices
        return items[bisect(cumulative, self._random() * cumulative[-1])]


def as_date(day: int) -> date:
    return date.fromordinal(day)
