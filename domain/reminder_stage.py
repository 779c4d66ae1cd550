"""When a deadline's reminders come: stages as lead times, per kind of deadline (RULES.md section 9).

A stage is a number of days from the due date: negative before it, zero on
it, positive after it (overdue). An escalation stage (R-REM-7) also goes to
the SOG chair. Stages are configured as text, one list per kind of deadline::

    default=-14,-7,0,+1,+7!;minute-and-rmp=-5,0,+1,+5!

``!`` marks an escalation. Kinds not named use ``default``. A kind the
deadlines do not have is refused when the caller says which kinds exist (the
domain does not know them: the deadlines view does), so a misspelt kind is not
silently ignored.

Only the latest stage that has come is ever raised: a deadline first seen when
it is already overdue gets one overdue reminder, not a burst of "14 days
before", "7 days before" and "due today" at once. A stage before (or on) the due
date that falls on a non-working day comes on the working day before it, so the
co-ordinator hears in good time; overdue and escalation stages are not
postponed (guidance 19.8: urgent issues go to the SOG chair without delay).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from domain.calendar import WorkingDayCalendar
from domain.errors import DomainError

COORDINATOR = "coordinator"
SOG_CHAIR = "sog-chair"
ROLES = (COORDINATOR, SOG_CHAIR)
DEFAULT_KIND = "default"
DEFAULT_STAGES = "default=-14,-7,0,+1,+7!"
MAX_OFFSET_DAYS = 366

_KIND = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
_OFFSET = re.compile(r"([+-]?\d{1,3})(!?)")
_FIELD = "reminder_stages"


@dataclass(frozen=True, order=True)
class Stage:
    """One lead time of a deadline's reminders."""

    offset_days: int
    escalate: bool = False

    @property
    def name(self) -> str:
        """A stable name: part of the reminder's id, so it never changes for a given offset."""
        if self.escalate:
            return f"escalation-{self.offset_days}d"
        if self.offset_days < 0:
            return f"before-{-self.offset_days}d"
        return "due" if self.offset_days == 0 else f"overdue-{self.offset_days}d"

    @property
    def recipients(self) -> tuple[str, ...]:
        """Who is reminded: the area's co-ordinator, and the SOG chair for an escalation (R-REM-7)."""
        return (COORDINATOR, SOG_CHAIR) if self.escalate else (COORDINATOR,)

    def comes_on(self, due_on: date, calendar: WorkingDayCalendar) -> date:
        """The day this stage comes for a deadline due on ``due_on``."""
        day = due_on + timedelta(days=self.offset_days)
        if self.offset_days > 0:
            return day
        while not calendar.is_working_day(day):
            day -= timedelta(days=1)
        return day


def offset_of(name: str) -> int:
    """The day offset a stage name stands for (the inverse of ``Stage.name``): before-14d -> -14, due -> 0."""
    if name == "due":
        return 0
    kind, _, days = name.rpartition("-")
    number = int(days.removesuffix("d"))
    return -number if kind == "before" else number


@dataclass(frozen=True)
class StagePlan:
    """The stages of each kind of deadline."""

    by_kind: dict[str, tuple[Stage, ...]]

    def stages_for(self, kind: str) -> tuple[Stage, ...]:
        return self.by_kind.get(kind, self.by_kind[DEFAULT_KIND])

    @property
    def longest_lead_days(self) -> int:
        """How far ahead of a due date the earliest stage can come (before any working-day move)."""
        return max(0, *(-stage.offset_days for stages in self.by_kind.values() for stage in stages))

    def current_stage(self, kind: str, due_on: date, today: date, calendar: WorkingDayCalendar) -> Stage | None:
        """The latest stage of this deadline that has come by ``today``, or None if none has."""
        came = [stage for stage in self.stages_for(kind) if stage.comes_on(due_on, calendar) <= today]
        return max(came) if came else None

    @classmethod
    def parse(cls, text: str, known_kinds: Collection[str] | None = None) -> StagePlan:
        """Read ``kind=offset,offset!,...;kind=...``; a mistake names the part and what is expected.

        With ``known_kinds``, a kind other than those (and ``default``) is refused too.
        """
        by_kind: dict[str, tuple[Stage, ...]] = {}
        for part in (p.strip() for p in text.split(";")):
            if not part:
                continue
            kind, stages = _parse_part(part)
            if kind in by_kind:
                raise _error(f"kind {kind} is listed twice", part)
            if known_kinds is not None and kind != DEFAULT_KIND and kind not in known_kinds:
                raise _error(f"there is no kind of deadline called {kind}; the kinds are "
                             f"{', '.join([DEFAULT_KIND, *sorted(known_kinds)])}", part)
            by_kind[kind] = stages
        if DEFAULT_KIND not in by_kind:
            by_kind[DEFAULT_KIND] = cls.parse(DEFAULT_STAGES).by_kind[DEFAULT_KIND]
        return cls(by_kind)


def _parse_part(part: str) -> tuple[str, tuple[Stage, ...]]:
    kind, sep, offsets = part.partition("=")
    kind = kind.strip()
    if not sep or not _KIND.fullmatch(kind):
        raise _error("each part is kind=offsets, the kind in lower-case letters, digits and '-'", part)
    stages = sorted(_parse_offset(token.strip(), part) for token in offsets.split(","))
    if len({stage.offset_days for stage in stages}) != len(stages):
        raise _error("an offset is listed twice", part)
    return kind, tuple(stages)


def _parse_offset(token: str, part: str) -> Stage:
    match = _OFFSET.fullmatch(token)
    if not match:
        raise _error(f"{token!r} is not a day offset like -14, 0, +1 or +7! (! marks an escalation)", part)
    days, escalate = int(match.group(1)), bool(match.group(2))
    if abs(days) > MAX_OFFSET_DAYS:
        raise _error(f"offset {days} is more than {MAX_OFFSET_DAYS} days from the due date", part)
    if escalate and days <= 0:
        raise _error(f"escalation {token} must come after the due date (+1! or later)", part, "R-REM-7")
    return Stage(days, escalate)


def _error(message: str, value: str, rule: str = "R-REM") -> DomainError:
    """R-REM: section 9 of RULES.md, "lead times are configurable"."""
    return DomainError(f"reminder stages: {message}", field=_FIELD, value=value, rule=rule)


def stage_names(stages: Iterable[Stage]) -> list[str]:
    return [stage.name for stage in stages]
