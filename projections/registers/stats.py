"""The SOG statistics of RULES §5 (guidance 19.14), by category and level, over a period.

Pure: takes the case facts (``pv_case``, ``pv_case_change``, ``pv_case_stat_fact``
rows) and returns flat rows. Stocks ("at the period's end") are read from each
case's timeline folded in business-date order up to the end date; flows ("in
the period") count events whose business date falls in the period, classified
by the case's category and level on that date. docs/statistics.md explains
each figure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from projections.registers.case_fold import GROUPINGS, CaseInfo, CaseState, Change, Step, by_case, steps
from projections.registers.wanted_missing import missing_episodes

ALL = "all"
MISSING_KINDS = ("wanted", "missing")
OFFENCES = ("sexual", "violent")
ROUTES = ("civil", "criminal")


@dataclass(frozen=True)
class CaseFact:
    """A preventative-order event or further offence (a ``pv_case_stat_fact`` row)."""

    case_id: str
    position: int
    kind: str
    occurred_on: date
    route: str | None = None
    offence: str | None = None
    stage: str | None = None


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    details: tuple[str, ...] = ()
    categories: tuple[int, ...] = (1, 2, 3)
    levels: tuple[int, ...] = (1, 2, 3)
    individuals: bool = False  # count each individual once per detail, else count events


MEASURES = (
    Measure("subject", "Individuals subject to MAPPA at the period's end"),
    Measure("community", "Of whom managed in the community"),
    Measure("cat1-community", "Category 1 (registered sex offenders) in the community, all levels", categories=(1,)),
    Measure("cat3-l23-community", "Category 3 (other risk of serious harm) at Levels 2/3 in the community",
            categories=(3,), levels=(2, 3)),
    Measure("new", "New cases referred in the period"),
    Measure("new-community", "New cases referred while in the community"),
    Measure("reopened", "Archived cases re-opened in the period"),
    Measure("archived", "Cases archived in the period (level when archived)"),
    Measure("wanted-missing", "Individuals wanted or missing at some time in the period", MISSING_KINDS,
            individuals=True),
    Measure("wanted-missing-at-end", "Individuals still wanted or missing at the period's end", MISSING_KINDS),
    Measure("located", "Wanted or missing individuals located in the period", MISSING_KINDS),
    Measure("further-offence", "Individuals with a further offence recorded (charged or convicted)", OFFENCES,
            individuals=True),
    Measure("further-offence-convicted", "Individuals convicted of a further offence", OFFENCES, individuals=True),
    Measure("orders-applied", "Preventative orders applied for", ROUTES),
    Measure("orders-granted", "Preventative orders granted", ROUTES),
    Measure("orders-refused", "Preventative orders refused", ROUTES),
    Measure("orders-made-at-conviction", "Preventative orders made by the court at conviction"),
    Measure("order-breaches", "Breaches of preventative orders", ROUTES),
    Measure("recalled-to-prison", "Breaches of licence or order where the individual was recalled to prison",
            ("licence", "order")),
)
_BY_KEY = {measure.key: measure for measure in MEASURES}
_FACT_MEASURES = {
    "order-applied": "orders-applied", "order-granted": "orders-granted", "order-refused": "orders-refused",
    "order-made-at-conviction": "orders-made-at-conviction", "order-breached": "order-breaches",
}

class StatRow(NamedTuple):
    """One figure of a measure, for one detail, group and category, by level (None where the level is not counted).

    ``group`` is the value of the attribute the figures are split by (None when they are not split); the output
    names it after that attribute."""

    measure: str
    label: str
    detail: str
    group: str | None
    category: str
    level_1: int | None
    level_2: int | None
    level_3: int | None
    total: int


Key = tuple[str, str, str | None, int, int]  # measure, detail, group, category, level


class Tally:
    """Counts per measure, detail, group, category and level; an individual counts once where required."""

    def __init__(self) -> None:
        self.counts: Counter[Key] = Counter()
        self._seen: set[tuple[str, str, str]] = set()

    def add(self, measure: str, state: CaseState, group: str | None, case_id: str, detail: str | None = None) -> None:
        for each in (detail, ALL) if detail else (ALL,):
            if _BY_KEY[measure].individuals:
                if (measure, each, case_id) in self._seen:
                    continue
                self._seen.add((measure, each, case_id))
            self.counts[(measure, each, group, state.category, state.level)] += 1


def statistics(cases: Mapping[str, CaseInfo], changes: Iterable[Change], facts: Iterable[CaseFact],
               start: date, end: date, by: str | None = None) -> list[StatRow]:
    """RULES §5 for the cases given, over ``start``..``end`` (both included), optionally grouped ``by``."""
    if by is not None and by not in GROUPINGS:
        raise ValueError(f"statistics can be grouped by {', '.join(GROUPINGS)}, not {by!r}")
    tally = Tally()
    facts_by_case = _facts_by_case(facts)
    for case_id, timeline in by_case(c for c in changes if c.occurred_on <= end).items():
        if case_id in cases:
            _count_case(tally, cases[case_id], timeline, facts_by_case.get(case_id, []), start, end, by)
    groups: list[str | None] = sorted({info.group(by) for info in cases.values()}, key=str) if by else [None]
    return [row for measure in MEASURES for row in _rows(tally, measure, groups)]


def _count_case(tally: Tally, info: CaseInfo, timeline: list[Change], facts: list[CaseFact],
                start: date, end: date, by: str | None) -> None:
    folded = list(steps(timeline))
    if not folded:
        return
    group = info.group(by)
    _count_stock(tally, folded[-1].after, group, info.case_id)
    for step in folded:
        if start <= step.change.occurred_on:
            _count_flow(tally, step, group, info.case_id)
    _count_missing_episodes(tally, folded, group, info.case_id, start)
    by_position = {step.change.position: step for step in folded}
    for fact in facts:
        found = by_position.get(fact.position)
        if found is not None and start <= fact.occurred_on <= end:
            _count_fact(tally, fact, found.after, group)


def _count_stock(tally: Tally, state: CaseState, group: str | None, case_id: str) -> None:
    if state.archived:
        return
    tally.add("subject", state, group, case_id)
    if state.missing:
        tally.add("wanted-missing-at-end", state, group, case_id, state.missing)
    if not state.in_community:
        return
    tally.add("community", state, group, case_id)
    if state.category == 1:
        tally.add("cat1-community", state, group, case_id)
    if state.category == 3 and state.level in (2, 3):
        tally.add("cat3-l23-community", state, group, case_id)


def _count_flow(tally: Tally, step: Step, group: str | None, case_id: str) -> None:
    change, before, after = step.change, step.before, step.after
    if change.kind == "referred":
        tally.add("new", after, group, case_id)
        if after.in_community:
            tally.add("new-community", after, group, case_id)
    elif change.kind == "reopened":
        tally.add("reopened", after, group, case_id)
    elif change.kind == "archived" and before is not None:
        tally.add("archived", before, group, case_id)
    elif change.kind == "located" and before is not None:
        tally.add("located", before, group, case_id, before.missing)
    elif change.kind == "recalled" and change.flag and before is not None:
        tally.add("recalled-to-prison", before, group, case_id, change.value)


def _count_missing_episodes(tally: Tally, folded: Sequence[Step], group: str | None, case_id: str,
                            start: date) -> None:
    """An individual wanted or missing at any moment of the period: declared by its end, not located before it."""
    for episode in missing_episodes(folded):
        if episode.ended_on is None or episode.ended_on >= start:
            tally.add("wanted-missing", episode.state, group, case_id, episode.status)


def _count_fact(tally: Tally, fact: CaseFact, state: CaseState, group: str | None) -> None:
    if fact.kind == "further-offence":
        tally.add("further-offence", state, group, fact.case_id, fact.offence)
        if fact.stage == "convicted":
            tally.add("further-offence-convicted", state, group, fact.case_id, fact.offence)
    elif fact.kind in _FACT_MEASURES:
        measure = _FACT_MEASURES[fact.kind]
        tally.add(measure, state, group, fact.case_id, fact.route if _BY_KEY[measure].details else None)


def _facts_by_case(facts: Iterable[CaseFact]) -> dict[str, list[CaseFact]]:
    """Facts per case in business-date order, so an individual is classified by their first in the period."""
    grouped: dict[str, list[CaseFact]] = {}
    for fact in sorted(facts, key=lambda f: (f.occurred_on, f.position)):
        grouped.setdefault(fact.case_id, []).append(fact)
    return grouped


def _rows(tally: Tally, measure: Measure, groups: list[str | None]) -> list[StatRow]:
    rows = []
    categories: list[int | None] = [*measure.categories, *([None] if len(measure.categories) > 1 else [])]
    for detail in (*measure.details, ALL):
        for group in groups:
            for category in categories:
                rows.append(_row(tally, measure, detail, group, category))
    return rows


def _row(tally: Tally, measure: Measure, detail: str, group: str | None, category: int | None) -> StatRow:
    cats = measure.categories if category is None else (category,)
    level_1, level_2, level_3 = (
        sum(tally.counts[(measure.key, detail, group, c, level)] for c in cats) if level in measure.levels else None
        for level in (1, 2, 3)
    )
    return StatRow(measure.key, measure.label, detail, group, ALL if category is None else str(category),
                   level_1, level_2, level_3, (level_1 or 0) + (level_2 or 0) + (level_3 or 0))
