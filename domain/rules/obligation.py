"""An obligation: what a rule says must be done by a date, and how it ended (RULES §4, §9, §10).

A rule of the rulebook turns one subject's facts into obligations. An obligation does not depend on the date it
is looked at from: it says when it arose, when it is due, and how it ended, met on a date or stopped on a date
and why. ``judge`` then classifies it as of a date, and everything that reports an obligation (the indicators,
the deadlines, the reminders) reads the same verdict.

R-PI-1 / R-PI-2 (refined, RULES §10): "withdrawn" applies only while an obligation is still pending. Once its
due date has passed unmet it is late, and it stays late when it is stopped later (the case changes level, goes
into custody or is archived); the days late then end on the day it stopped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import NamedTuple


class Verdict(StrEnum):
    MET = "met"
    NOT_MET = "not-met"
    PENDING = "pending"
    WITHDRAWN = "withdrawn"


class Judgement(NamedTuple):
    verdict: Verdict
    days_late: int | None = None  # set only for NOT_MET


@dataclass(frozen=True, slots=True)
class Obligation:
    rule: str  # the rule id, e.g. R-PI-1
    arose_on: date  # the date its due date is computed from (a review clock's restart)
    due_on: date
    met_on: date | None = None
    met_by: str | None = None  # what met it, e.g. a meeting's reference
    stopped_on: date | None = None  # no longer applies from this date (unmet)
    why_stopped: str = ""

    def met(self, on: date, by: str | None = None) -> Obligation:
        return replace(self, met_on=on, met_by=by)

    def stopped(self, on: date, why: str) -> Obligation:
        return replace(self, stopped_on=on, why_stopped=why)

    @property
    def void(self) -> bool:
        """Stopped on the day it arose: it was never due, so no indicator judges it."""
        return self.met_on is None and self.stopped_on == self.arose_on

    def judge(self, as_of: date) -> Judgement:
        """Met, not met (days late), pending or withdrawn, as far as was decided by the end of ``as_of``."""
        if self.met_on is not None and self.met_on <= as_of:
            return _done_by(self.met_on, self.due_on, Verdict.MET)
        if self.stopped_on is not None and self.stopped_on <= as_of:
            return _done_by(self.stopped_on, self.due_on, Verdict.WITHDRAWN)
        if as_of <= self.due_on:
            return Judgement(Verdict.PENDING)
        return Judgement(Verdict.NOT_MET, (as_of - self.due_on).days)


def _done_by(on: date, due_on: date, in_time: Verdict) -> Judgement:
    """``in_time`` when ``on`` is on or before the due date, else late by the days between."""
    if on <= due_on:
        return Judgement(in_time)
    return Judgement(Verdict.NOT_MET, (on - due_on).days)
