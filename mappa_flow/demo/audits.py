"""Audits (R-AUD-1, guidance 19.18-19.21).

Every reporting year each area draws a random, reproducible sample of its open
Level 2 / 3 cases (``draw_audit_sample``, whose selection this module computes
the same way, from the same eligible cases) and audits each case drawn; every
quarter it audits a meeting of each chair; twice a year a few Level 1 cases.
"""

from __future__ import annotations

from collections.abc import Generator
from datetime import date

from domain.audit import REQUIRED_ITEMS
from domain.audit_sample import select_sample
from domain.calendar import reporting_year_of
from mappa_flow.commands.audit import RecordAudit
from mappa_flow.commands.audit_sample import DrawAuditSample
from mappa_flow.demo.plan import DemoArea
from mappa_flow.demo.text import AUDIT_ANSWERS
from mappa_flow.demo.world import Flow, Step, World

QUARTER_ENDS = ((6, 30), (9, 30), (12, 31), (3, 31))  # Q1..Q4 of a reporting year (R-CAL-2)
LEVEL1_SAMPLE = 3
SETTLING_DAYS = 45  # no audit in the history's first weeks


class Auditor:
    def __init__(self, world: World) -> None:
        self.world = world
        self.counts = [0] * len(world.areas)

    def run(self) -> Flow:
        for day, kind, area in self._schedule():
            yield day, None, None
            yield from self._audits(day, kind, area)

    def _schedule(self) -> list[tuple[int, str, DemoArea]]:
        world, plan = self.world, []
        first = date.fromordinal(world.start)
        for year in range(first.year - (first.month < 4), date.fromordinal(world.today).year + 1):
            for area in world.areas:
                plan.append((date(year, 10, 1).toordinal() + world.between(0, 75), "case", area))
                for number, (month, day) in enumerate(QUARTER_ENDS):
                    end = date(year + (number == 3), month, day).toordinal()
                    plan.append((end - world.between(0, 20), "meeting", area))
                for month_start in (date(year, 8, 1), date(year + 1, 2, 1)):
                    plan.append((month_start.toordinal() + world.between(0, 25), "level1", area))
        low = world.start + SETTLING_DAYS
        dated = [(area.work.on_or_before(day), n, kind, area) for n, (day, kind, area) in enumerate(plan)]
        return [(day, kind, area) for day, _, kind, area in sorted(dated) if low <= day <= world.today]

    def _audits(self, day: int, kind: str, area: DemoArea) -> Flow:
        sample_ref = None
        if kind == "meeting":
            subjects = self._meetings(day, area)
        elif kind == "level1":
            candidates = sorted(self.world.level1[area.index])
            subjects = self.world.rng.sample(candidates, min(LEVEL1_SAMPLE, len(candidates)))
        else:
            subjects, sample_ref = yield from self._draw(day, area)
        for subject in subjects:
            self.counts[area.index] += 1
            audit_ref = f"AUD-{area.prefix}-{date.fromordinal(day).year}-{self.counts[area.index]:04d}"
            yield day, RecordAudit, {
                "recorded_by": area.coordinator, "audit_ref": audit_ref, "kind": kind, "area": area.code,
                "case_reference": None if kind == "meeting" else subject,
                "meeting_ref": subject if kind == "meeting" else None,
                "findings": {item: self.world.rng.choice(AUDIT_ANSWERS) for item in REQUIRED_ITEMS[kind]},
                "sample_ref": sample_ref,
            }

    def _draw(self, day: int, area: DemoArea) -> Generator[Step, None, tuple[list[str], str | None]]:
        """R-AUD-1: the recorded random draw of the area's open Level 2 / 3 cases, and the cases it selects."""
        eligible = sorted(self.world.level23[area.index])
        if not eligible:
            return [], None
        year = reporting_year_of(date.fromordinal(day)).label
        size = max(2, min(10, len(eligible) // 20))
        seed = self.world.rng.randrange(1, 2**31)
        sample_ref = f"{area.code}-{year}"
        yield day, DrawAuditSample, {
            "recorded_by": area.coordinator, "area": area.code, "reporting_year": year, "sample_size": size,
            "seed": seed, "sample_ref": sample_ref,
        }
        return select_sample(eligible, seed, size), sample_ref

    def _meetings(self, day: int, area: DemoArea) -> list[str]:
        """One meeting of each chair held in the last quarter."""
        by_chair: dict[str, list[str]] = {}
        for held_on, meeting_ref, chair in self.world.meetings[area.index]:
            if day - 91 <= held_on < day:
                by_chair.setdefault(chair, []).append(meeting_ref)
        return [self.world.rng.choice(by_chair[chair]) for chair in sorted(by_chair)]
