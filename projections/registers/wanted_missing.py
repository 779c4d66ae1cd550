"""Wanted or missing individuals: each spell, how long it lasted, and whether they were located (RULES §5).

A spell runs from the declaration to the day the individual was located. If a
case is archived while still wanted or missing, the spell ends with the archive
(the individual left MAPPA) and counts as not located. Pure: no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

from projections.registers.case_fold import CaseInfo, CaseState, Change, Step, by_case, steps


@dataclass(frozen=True)
class Episode:
    status: str  # "wanted" or "missing"
    since: date
    state: CaseState  # the case just after the declaration (its category and level)
    located_on: date | None = None
    archived_on: date | None = None

    @property
    def ended_on(self) -> date | None:
        return self.located_on or self.archived_on


class SpellRow(NamedTuple):
    """One wanted or missing spell of a case, and how long it lasted."""

    case_reference: str
    area: str
    category: int
    level: int
    status: str
    since: date
    located_on: date | None
    archived_on: date | None
    days: int
    still_wanted_or_missing: bool
    located_in_period: bool


def missing_episodes(folded: Sequence[Step]) -> list[Episode]:
    """The spells of one case, from its timeline folded in business-date order."""
    episodes: list[Episode] = []
    for step in folded:
        kind, on = step.change.kind, step.change.occurred_on
        still_open = bool(episodes) and episodes[-1].ended_on is None
        if kind == "missing":
            episodes.append(Episode(str(step.change.value), on, step.after))
        elif kind == "located" and still_open:
            episodes[-1] = replace(episodes[-1], located_on=on)
        elif kind == "archived" and still_open:
            episodes[-1] = replace(episodes[-1], archived_on=on)
    return episodes


def wanted_missing_list(cases: Mapping[str, CaseInfo], changes: Iterable[Change], start: date,
                        end: date) -> list[SpellRow]:
    """Every spell that overlaps ``start``..``end``, with its length in days (to its end, or to ``end``)."""
    rows = []
    for case_id, timeline in by_case(c for c in changes if c.occurred_on <= end).items():
        info = cases.get(case_id)
        if info is None:
            continue
        for episode in missing_episodes(list(steps(timeline))):
            if episode.ended_on is None or episode.ended_on >= start:
                rows.append(_row(info, episode, start, end))
    return sorted(rows, key=lambda row: (row.since, row.case_reference))


def _row(info: CaseInfo, episode: Episode, start: date, end: date) -> SpellRow:
    until = episode.ended_on or end
    return SpellRow(
        case_reference=info.reference, area=info.area, category=episode.state.category,
        level=episode.state.level, status=episode.status, since=episode.since,
        located_on=episode.located_on, archived_on=episode.archived_on, days=(until - episode.since).days,
        still_wanted_or_missing=episode.ended_on is None,
        located_in_period=episode.located_on is not None and start <= episode.located_on <= end,
    )
