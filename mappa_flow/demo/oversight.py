"""The SOG's own duties (R-REM-6) and the reasons recorded for indicator exceptions (R-PI-EXC).

Each quarter, a few weeks after it ends, the co-ordinator records reasons for
the area's exceptions (not for every one: reports must show exceptions with no
reason recorded too) and the SOG holds its quarterly review. Each area
publishes its annual report a few months after the reporting year ends.
"""

from __future__ import annotations

from datetime import date

from mappa_flow.commands.exception import RecordExceptionReason
from mappa_flow.commands.oversight import PublishAnnualReport, RecordSogReview
from mappa_flow.demo.plan import DemoArea
from mappa_flow.demo.world import Flow, World

QUARTER_STARTS = (4, 7, 10, 1)


def oversight_flow(world: World) -> Flow:
    for day, kind, area in _schedule(world):
        yield day, None, None
        if kind == "review":
            yield from _reasons(world, day, area)
            yield day, RecordSogReview, {"recorded_by": f"sog-{area.code}", "area": area.code}
        else:
            year = date.fromordinal(day).year - 1
            yield day, PublishAnnualReport, {
                "recorded_by": f"sog-{area.code}", "area": area.code, "year": f"{year}-{(year + 1) % 100:02d}",
            }


def _schedule(world: World) -> list[tuple[int, str, DemoArea]]:
    """A SOG review 2-5 weeks into each quarter (of the quarter before), an annual report each June-September."""
    plan, first = [], date.fromordinal(world.start)
    for year in range(first.year, date.fromordinal(world.today).year + 1):
        for area in world.areas:
            for month in QUARTER_STARTS:
                plan.append((date(year, month, 1).toordinal() + world.between(14, 35), "review", area))
            plan.append((date(year, 6, 1).toordinal() + world.between(0, 110), "report", area))
    dated = sorted((area.work.on_or_after(day), n, kind, area) for n, (day, kind, area) in enumerate(plan))
    return [(day, kind, area) for day, _, kind, area in dated if world.start + 60 <= day <= world.today]


def _reasons(world: World, day: int, area: DemoArea) -> Flow:
    pending = world.reasons[area.index]
    due = sorted(item for item in pending if item[0] <= day)
    world.reasons[area.index] = [item for item in pending if item[0] > day]
    for _, key, (category, agency, text) in due:
        yield day, RecordExceptionReason, {
            "recorded_by": area.coordinator, "indicator": key.split(":", 1)[0], "exception_key": key,
            "category": category, "agency": agency, "text": text,
        }
