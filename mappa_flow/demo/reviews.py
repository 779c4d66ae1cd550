"""Significant Case Reviews (R-SCR-1, R-SCR-2): commissioned after serious further offences, followed to closure."""

from __future__ import annotations

from datetime import date
from typing import Any

from mappa_flow.commands import scr as s
from mappa_flow.commands.base import Command
from mappa_flow.demo.choice import weighted
from mappa_flow.demo.plan import DemoArea
from mappa_flow.demo.text import (
    ACTION_TEXTS,
    CLOSE_EVIDENCE,
    CLOSE_OUTCOMES,
    FINDING_TEXTS,
    PROGRESS_NOTES,
    RECOMMENDATION_TEXTS,
    SCR_REMIT,
    STAGE_COMMENTS,
)
from mappa_flow.demo.world import Flow, World, as_date

CASES_PER_SCR = 2000
MAX_SCRS = 40
OWNERS = ("police-scotland", "social-work", "sps", "health", "housing", "mappa-unit")
EARLY_STAGES = ("remit", "commissioning")
MIDDLE_STAGES = ("resources", "management", "victim-liaison", "staffing")
LATE_STAGES = ("report-handling", "learning")
# Same-day order of an SCR's steps, so each comes after what it depends on.
ORDER = {model: n for n, model in enumerate((
    s.CommissionScr, s.AppointReviewer, s.PublishScrReport, s.RecordScrFinding, s.MakeRecommendation,
    s.AssignAction, s.ProgressAction, s.CloseRecommendation, s.EvaluateScrStage, s.CloseScr,
))}

RATINGS = weighted((1, 2, 3, 4), (5, 20, 45, 30))
ScrStep = tuple[int, int, type[Command], dict[str, Any]]


def review_flow(world: World, cases: int) -> Flow:
    count = max(1, min(MAX_SCRS, cases // CASES_PER_SCR))
    span = world.today - world.start
    low = world.start + span // 6
    days = [world.start + span // 8] + [world.between(low, max(low, world.today - 120)) for _ in range(count - 1)]
    for number, day in enumerate(sorted(days), 1):
        day = world.areas[0].work.on_or_after(day)
        yield day, None, None
        area, case_reference = _subject(world)
        yield day, None, ScrPlanner(world, number, day, area, case_reference, complete=number == 1).run()


def _subject(world: World) -> tuple[DemoArea, str | None]:
    """A case convicted of a further offence at Level 2/3 if any; else an open Level 2/3 case; else none."""
    rng, candidates = world.rng, world.scr_candidates
    if candidates:
        chosen = candidates[rng.randrange(len(candidates))]
        candidates.remove(chosen)
        return chosen
    for register in (world.level23, world.level1):
        areas = [area for area in world.areas if register[area.index]]
        if areas:
            area = rng.choice(areas)
            return area, rng.choice(sorted(register[area.index]))
    return rng.choice(world.areas), None


class ScrPlanner:
    """Plans one SCR's whole course, then emits it in date order."""

    def __init__(
        self, world: World, number: int, day: int, area: DemoArea, case_reference: str | None, complete: bool
    ) -> None:
        """A ``complete`` review closes every action and recommendation, then itself (given time enough)."""
        self.world, self.day, self.area, self.case_reference = world, day, area, case_reference
        self.straggle = 0.0 if complete else 0.15
        self.ref = f"SCR-{area.prefix}-{date.fromordinal(day).year}-{number:02d}"
        self.steps: list[ScrStep] = []

    def run(self) -> Flow:
        self._plan()
        self.steps.sort(key=lambda step: step[:2])
        for day, _, model, fields in self.steps:
            yield day, model, fields

    def add(self, day: int, model: type[Command], **fields: Any) -> None:
        """Plan a step on the first working day on or after ``day`` (a monotonic shift keeps every order)."""
        day = self.area.work.on_or_after(day)
        by = f"sog-{self.area.code}" if model is s.EvaluateScrStage else self.area.coordinator
        self.steps.append((day, ORDER[model], model, {"recorded_by": by, "scr_ref": self.ref, **fields}))

    def _plan(self) -> None:
        between, rng = self.world.between, self.world.rng
        self.add(self.day, s.CommissionScr, area=self.area.code, case_reference=self.case_reference, remit=SCR_REMIT)
        appointed = self.day + between(14, 42)
        team = [f"reviewer-{between(10, 40):02d}", f"analyst-{between(1, 9):02d}"]
        self.add(appointed, s.AppointReviewer, lead_reviewer=f"reviewer-{between(1, 9):02d}", team=team)
        self._evaluate(EARLY_STAGES, appointed + between(0, 14))
        published = appointed + between(90, 240)
        self.add(published, s.PublishScrReport, extent="full" if self.world.chance(0.6) else "part")
        self._evaluate(MIDDLE_STAGES, published + between(0, 14))
        for n, text in enumerate(rng.sample(FINDING_TEXTS, between(2, 4)), 1):
            self.add(published, s.RecordScrFinding, finding_ref=f"F{n}", text=text)
        closes = [self._recommendation(n, text, published + between(0, 14))
                  for n, text in enumerate(rng.sample(RECOMMENDATION_TEXTS, between(2, 5)), 1)]
        self._evaluate(LATE_STAGES, published + between(30, 90))
        if all(closes):
            self.add(max(c for c in closes if c) + between(14, 60), s.CloseScr)

    def _evaluate(self, stages: tuple[str, ...], day: int) -> None:
        for stage in stages:
            rating = self.world.pick(RATINGS)
            self.add(day, s.EvaluateScrStage, stage=stage, rating=rating, comment=self.world.rng.choice(STAGE_COMMENTS))

    def _recommendation(self, n: int, text: str, day: int) -> int | None:
        """Make a recommendation with its actions; return the day it closes, or None while it stays open."""
        self.add(day, s.MakeRecommendation, recommendation_ref=f"R{n}", text=text)
        done = [self._action(f"R{n}", f"R{n}-A{m}", day) for m in range(1, self.world.between(1, 3) + 1)]
        if None in done or self.world.chance(self.straggle):
            return None
        closed = max(d for d in done if d) + self.world.between(7, 45)
        self.add(closed, s.CloseRecommendation, recommendation_ref=f"R{n}",
                 outcome=self.world.rng.choice(CLOSE_OUTCOMES), evidence=CLOSE_EVIDENCE)
        return closed

    def _action(self, recommendation_ref: str, action_ref: str, day: int) -> int | None:
        """Assign an action with progress updates; return the day it completes, or None if it never does."""
        between, rng = self.world.between, self.world.rng
        assigned = day + between(0, 21)
        due = assigned + between(60, 270)
        self.add(assigned, s.AssignAction, recommendation_ref=recommendation_ref, action_ref=action_ref,
                 owner=rng.choice(OWNERS), due_on=as_date(due), text=rng.choice(ACTION_TEXTS))
        latest, progress = assigned, assigned + between(30, 90)
        while progress < due:
            self.add(progress, s.ProgressAction, action_ref=action_ref, note=rng.choice(PROGRESS_NOTES[:3]))
            latest, progress = progress, progress + between(30, 90)
        if self.world.chance(self.straggle):
            return None
        completed = max(latest + 1, due + between(-40, 45))
        self.add(completed, s.ProgressAction, action_ref=action_ref, note=PROGRESS_NOTES[3], completed=True)
        return completed
