"""One case's state in the demo, and the transitions every part of its life may take.

The generator tracks exactly what the domain checks (level, custody, missing,
archived, orders, the ISP) so that it never emits a command the domain would
refuse (R-CASE-3).
"""

from __future__ import annotations

from typing import Any

from mappa_flow.commands.case import ArchiveCase, ChangeLevel
from mappa_flow.commands.isp import EndIsp
from mappa_flow.demo.plan import DemoArea
from mappa_flow.demo.text import ARCHIVE_REASONS, DTC
from mappa_flow.demo.world import Flow, World

REOPEN_SHARE = 0.08
# How each agency takes part in meetings: cumulative shares of in person, remote and written (the rest sent
# nothing), the share at the agreed seniority among those taking part (R-MTG-2), and its attendance indicator.
Invitee = tuple[str, float, float, float, float, str]
PROFILES: dict[str, Invitee] = {
    "police-scotland": ("police-scotland", 0.68, 0.93, 0.97, 0.95, "R-PI-4"),
    "social-work": ("social-work", 0.70, 0.94, 0.975, 0.95, "R-PI-5"),
    "sps": ("sps", 0.40, 0.85, 0.95, 0.94, ""),
    "health": ("health", 0.35, 0.72, 0.92, 0.93, ""),
}
DTC_PROFILE = (0.30, 0.65, 0.91, 0.92, "R-PI-3")


class IspState:
    """An Intensive Support Package shared by its case and its renewal process."""

    __slots__ = ("active", "ref")

    def __init__(self, ref: str) -> None:
        self.ref = ref
        self.active = True


class CaseState:
    __slots__ = (
        "archived", "area", "base", "by", "category", "chair", "conviction_on", "custody", "decision_on", "granted",
        "initial_due", "invitees", "isp", "isps", "late_due", "level", "locate_on", "meetings", "missing",
        "next_meeting", "now", "offence", "orders", "pending_order", "prerelease_done", "ref", "release_on",
        "released_on", "reopen_on", "restart", "rng", "script", "set_date_on", "showcase", "world",
    )

    def __init__(self, world: World, index: int, day: int, area: DemoArea, showcase: bool) -> None:
        self.world, self.rng, self.area, self.showcase = world, world.rng, area, showcase
        self.ref = world.plan.reference(index)
        self.by = area.coordinator
        self.base: dict[str, Any] = {"recorded_by": self.by, "case_reference": self.ref}
        self.now = self.restart = day
        self.category, self.level, self.custody = (1, 3, True) if showcase else self._draw_profile()
        self.invitees = self._draw_invitees()
        self.chair = self.rng.choice(area.chairs)
        self.release_on: int | None = None  # while in custody with a date
        self.set_date_on: int | None = None  # when a release date will be set (after a recall)
        self.released_on: int | None = None
        self.locate_on: int | None = None
        self.reopen_on: int | None = None
        self.decision_on: int | None = None  # the court's decision on the pending order application
        self.conviction_on: int | None = None  # the conviction following a charge
        self.next_meeting: int | None = None
        self.late_due: int | None = None  # the due date of the review the next meeting is planned to miss
        self.script: list[tuple[int, str]] = []  # the showcase's planned events: (day, method name), in date order
        self.missing = self.archived = self.prerelease_done = False
        self.initial_due = True
        self.orders = self.meetings = self.isps = 0
        self.granted: list[str] = []
        self.pending_order = self.offence = ""
        self.isp: IspState | None = None

    def _draw_profile(self) -> tuple[int, int, bool]:
        """Categories mostly 1, some 3, few 2; levels mostly 1 (R-CASE-1). Category 3 is managed at Level 2/3."""
        r, s = self.rng.random(), self.rng.random()
        if r < 0.87:
            category, level = 1, (1 if s < 0.925 else 2 if s < 0.985 else 3)
        elif r < 0.97:
            category, level = 3, (2 if s < 0.75 else 3)
        else:
            category, level = 2, (1 if s < 0.8 else 2 if s < 0.97 else 3)
        custody_share = {1: 0.3, 2: 0.2, 3: 0.55}[category]
        return category, level, self.world.chance(custody_share)

    def _draw_invitees(self) -> tuple[Invitee, ...]:
        """Who this case's meetings invite: the Responsible Authorities and one to three DTC agencies."""
        health = (PROFILES["health"],) if self.category == 2 or self.world.chance(0.8) else ()
        count = 1 + self.world.chance(0.5) + (self.level == 3)
        dtc = dict.fromkeys(self.world.pick(DTC) for _ in range(count))
        return (PROFILES["police-scotland"], PROFILES["social-work"], *health,
                *((agency, *DTC_PROFILE) for agency in dtc))

    # ---- transitions shared by meetings and incidents ----------------------

    def _plan_meeting(self) -> None:
        raise NotImplementedError

    def _workday(self, day: int) -> int:
        """The area's first working day on or after ``day``: when offices and courts record things."""
        return self.area.work.on_or_after(day)

    def _place(self) -> None:
        self.world.place(self.area, self.ref, self.level, not self.archived)

    def _change_level(self, day: int, level: int) -> Flow:
        if level < self.level:
            yield from self._end_isp(day, "Case no longer at Level 3")
        rising = level > self.level
        yield day, ChangeLevel, {**self.base, "level": level}
        self.level = level
        self.restart = day  # R-PI-1 / R-PI-2: the review clock restarts when the level changes
        self.initial_due = self.initial_due or rising
        self._place()
        self._plan_meeting()

    def _end_isp(self, day: int, reason: str) -> Flow:
        """End the case's ISP, unless its renewal process ended it first (both wake on the day and then decide)."""
        isp = self.isp
        if isp is None:
            return
        yield day, None, None
        self.isp = None
        if isp.active:
            isp.active = False
            yield day, EndIsp, {"recorded_by": self.by, "isp_ref": isp.ref, "reason": reason}

    def _archive(self, day: int) -> Flow:
        yield from self._end_isp(day, "Case archived")
        reason = self.world.pick(ARCHIVE_REASONS)
        yield day, ArchiveCase, {**self.base, "reason": reason}
        self.archived = True
        self._place()
        self.next_meeting = self.set_date_on = self.decision_on = self.conviction_on = None
        self.script = []
        if self.world.chance(REOPEN_SHARE) and not self.showcase:
            self.reopen_on = self._workday(day + self.world.between(60, 540))
