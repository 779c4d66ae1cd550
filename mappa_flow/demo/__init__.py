"""Synthetic demo data: a deterministic, realistic history of MAPPA work, as a stream of commands.

``generate_demo(seed, cases, years, today)`` yields command models in the
order they must be applied, covering ``years`` years up to ``today``. The same
arguments give the same stream, command ids included; nothing reads the wall
clock or the global random source. Every command is one the domain accepts.
The history holds no real names: references are synthetic codes and people
appear only as role ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from mappa_flow.commands.base import Command
from mappa_flow.demo.areas import area_commands, cancelled_closure_flow
from mappa_flow.demo.audits import Auditor
from mappa_flow.demo.engine import Engine
from mappa_flow.demo.entry import EntryClock
from mappa_flow.demo.lifecycle import CaseLife
from mappa_flow.demo.oversight import oversight_flow
from mappa_flow.demo.plan import Plan, make_plan
from mappa_flow.demo.reviews import review_flow
from mappa_flow.demo.world import Flow, World

__all__ = ["EntryClock", "demo_case_reference", "estimate_commands", "generate_demo"]

# Fitted on generated runs: commands per case grow with the years of history.
FIXED_COMMANDS = 300  # per year: areas, audits, SOG reviews, SCRs
PER_CASE = 2.2
PER_CASE_YEAR = 2.45


def generate_demo(seed: int, cases: int, years: int, today: date) -> Iterator[Command]:
    """The commands of a synthetic history, in the order to apply them (business dates never after ``today``)."""
    plan = make_plan(seed, cases, years, today)
    world = World(plan)
    engine = Engine(f"demo-{seed}-", plan.start, plan.today)
    processes = (
        _referrals(world, plan), Auditor(world).run(), review_flow(world, cases), oversight_flow(world),
        cancelled_closure_flow(world),
    )
    yield from engine.run(area_commands(world), processes)


def demo_case_reference(seed: int, cases: int, years: int, today: date) -> str:
    """The reference of a Level 3 case of that history worth showing: meetings, a release, an ISP."""
    plan = make_plan(seed, cases, years, today)
    return plan.reference(plan.showcase)


def estimate_commands(cases: int, years: int) -> int:
    """Roughly how many commands ``generate_demo`` yields for this size (for progress bars)."""
    return int(FIXED_COMMANDS * years + cases * (PER_CASE + PER_CASE_YEAR * years))


def _referrals(world: World, plan: Plan) -> Flow:
    """Start each case's process on its referral day."""
    for index, day in enumerate(plan.days):
        area = plan.areas[plan.case_area[index]]
        yield day, None, CaseLife(world, index, day, area, index == plan.showcase).run()
