"""The areas of a demo run, registered on its first day with closure days and contacts (R-CAL-3, R-REM-7).

One area also adds a closure day that it cancels a few weeks later, well
before the day comes, so no deadline ever depended on it.
"""

from __future__ import annotations

from datetime import date

from mappa_flow.commands.area import AddClosureDay, RegisterArea, RemoveClosureDay, SetContact
from mappa_flow.demo.world import Flow, World

CANCELLED_AFTER = 200  # days after the start: the closure day that is later cancelled
CANCELLED_ON = 60  # days after the start: when it is cancelled


def area_commands(world: World) -> Flow:
    day = world.start
    for area in world.areas:
        by = {"recorded_by": "mappa-admin", "area": area.code}
        yield day, RegisterArea, {**by, "name": area.name}
        for role, mailbox in (("coordinator", "coordinator"), ("sog-chair", "sog-chair")):
            yield day, SetContact, {**by, "role": role, "email": f"{mailbox}.{area.code}@example.org"}
        for closed_on, label in area.closures:
            yield day, AddClosureDay, {**by, "day": closed_on, "label": label}
    yield day, AddClosureDay, {**_cancelled(world), "label": "Local gala day"}


def cancelled_closure_flow(world: World) -> Flow:
    yield world.start + CANCELLED_ON, RemoveClosureDay, _cancelled(world)


def _cancelled(world: World) -> dict[str, object]:
    area = world.areas[0]
    taken = {closed_on for closed_on, _ in area.closures}
    day = area.work.on_or_after(world.start + CANCELLED_AFTER)
    while date.fromordinal(day) in taken:
        day = area.work.on_or_after(day + 1)
    return {"recorded_by": "mappa-admin", "area": area.code, "day": date.fromordinal(day)}
