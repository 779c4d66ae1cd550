"""What follows a meeting: contributions recorded, a late disclosure decision, the minute and the RMP (R-MTG-2..4).

Most minutes are issued, ratified and the RMP updated within 10 working days
of the meeting (R-PI-9); about one in ten is late, and a few are never
finished. Dates come from the area's own working days (R-CAL-3).
"""

from __future__ import annotations

from typing import Any

from mappa_flow.commands.base import Command
from mappa_flow.commands.meeting import DecideDisclosure, IssueMinute, RatifyMinute, RecordContribution, UpdateRmp
from mappa_flow.demo.plan import DemoArea
from mappa_flow.demo.text import LATE_MINUTE_REASONS
from mappa_flow.demo.world import Flow, World

ON_TIME = 0.9
EXPLAINED = 0.35
NEVER = 1 << 30
NEVER_FINISHED = 0.01
DEADLINE_WORKING_DAYS = 10


def minute_flow(
    world: World, area: DemoArea, key: str, day: int, written: list[str], disclosure: str | None
) -> Flow:
    """``key`` is "<case reference>:<meeting ref>"; ``disclosure`` a decision recorded after the meeting, if any."""
    base = {"recorded_by": area.coordinator, "meeting_ref": key.split(":")[1]}
    deadline = area.work.after(day, DEADLINE_WORKING_DAYS)
    issued, ratified, rmp = _minute_days(world, area, day, deadline)
    _explain_late(world, area, key, deadline, ratified, rmp)
    steps: list[tuple[int, int, type[Command], dict[str, Any]]] = [(issued, 1, IssueMinute, base)]
    if ratified is not None:
        steps.append((ratified, 2, RatifyMinute, base))
    if rmp is not None:
        steps.append((rmp, 2, UpdateRmp, base))
    for agency in written:
        recorded = _contribution(world)
        if recorded is not None:
            steps.append((issued, 0, RecordContribution, {**base, "agency": agency, **recorded}))
    if disclosure is not None:
        steps.append((area.work.after(day, world.between(1, 4)), 0, DecideDisclosure,
                      {**base, "decision": disclosure, "considered": True}))
    steps.sort(key=_day_and_order)
    return iter([(when, model, fields) for when, _, model, fields in steps])


def _day_and_order(step: tuple[int, int, type[Command], dict[str, Any]]) -> tuple[int, int]:
    return step[0], step[1]


def _explain_late(
    world: World, area: DemoArea, key: str, deadline: int, ratified: int | None, rmp: int | None
) -> None:
    """Queue a reason for some of the late minutes (R-PI-9, R-PI-EXC)."""
    done = max(ratified or NEVER, rmp or NEVER)
    if done > deadline and world.chance(EXPLAINED):
        world.explain(area, deadline + 1 if done == NEVER else done, f"R-PI-9:{key}", world.pick(LATE_MINUTE_REASONS))


def _minute_days(world: World, area: DemoArea, day: int, deadline: int) -> tuple[int, int | None, int | None]:
    work, between = area.work, world.between
    if world.chance(ON_TIME):
        issued = work.after(day, between(1, 6))
        return issued, min(deadline, work.after(issued, between(1, 4))), work.after(day, between(1, 10))
    issued = work.after(day, between(3, 12))
    late = work.on_or_after(deadline + between(1, 25))
    ratified, rmp = max(issued, late), work.after(day, between(1, 10))
    if world.chance(0.4):
        ratified, rmp = work.after(issued, between(1, 3)), late
    if world.chance(NEVER_FINISHED / (1 - ON_TIME)):
        return issued, None, (rmp if world.chance(0.5) else None)
    return issued, ratified, rmp


def _contribution(world: World) -> dict[str, bool] | None:
    """A written contribution is mostly recorded in both the minute and the RMP (R-MTG-2, R-PI-6/7)."""
    r = world.rng.random()
    if r < 0.9:
        return {"in_minute": True, "in_rmp": True}
    if r < 0.95:
        return {"in_minute": True, "in_rmp": False}
    return None if r < 0.98 else {"in_minute": False, "in_rmp": False}
