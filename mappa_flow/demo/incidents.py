"""Incidents in a case's life, at yearly rates that depend on where the case is (R-CASE-2).

Recalls (licence or order, some to prison), wanted/missing episodes later
located, further offences (charged, some later convicted), preventative orders
(applied for, granted or refused, made at conviction, breached), changes of
level and archiving.
"""

from __future__ import annotations

from functools import cache
from itertools import accumulate

from mappa_flow.commands import case as c
from mappa_flow.demo.meetings import CaseMeetings
from mappa_flow.demo.text import ORDER_TYPES_OTHER, ORDER_TYPES_SEXUAL
from mappa_flow.demo.world import Flow, as_date

IncidentTable = tuple[float, tuple[float, ...], tuple[str, ...]]
LICENCE_YEARS = 2  # a recall within this long of release breaches the licence, later ones an order
ARCHIVE_RATE = {1: 0.10, 2: 0.08, 3: 0.25}  # per year, at Level 1 (category 3 at Level 2 and 3)


@cache
def incident_table(
    custody: bool, level: int, category: int, has_order: bool, no_application: bool, has_release_date: bool
) -> IncidentTable:
    """The yearly rate of each incident for a case in this situation: (total, cumulative rates, method names)."""
    if custody:
        rates = {"_offence": 0.01, "_archive": 0.015, "_level_up": 0.02 if level < 3 else 0.0,
                 "_revise_release": 0.25 if has_release_date else 0.0}
    else:
        rates = {"_recall": 0.07, "_declare_missing": 0.03, "_offence": 0.03,
                 "_apply_for_order": 0.05 if category == 1 and no_application else 0.0,
                 "_breach_order": 0.3 if has_order else 0.0,
                 "_level_up": (0.04 if level == 1 else 0.02) if level < 3 else 0.0,
                 "_archive": ARCHIVE_RATE[category] if level == 1 or category == 3 else 0.03}
    names = tuple(name for name, rate in rates.items() if rate)
    cumulative = tuple(accumulate(rates[name] for name in names))
    return cumulative[-1], cumulative, names


class CaseIncidents(CaseMeetings):
    __slots__ = ()

    def _incidents(self) -> IncidentTable | None:
        """The incidents that can happen next and their yearly rates; none while missing (the showcase is scripted)."""
        if self.missing or self.showcase:
            return None
        return incident_table(self.custody, self.level, self.category, bool(self.granted),
                              self.decision_on is None, self.release_on is not None)

    def _revise_release(self, day: int) -> Flow:
        old = self.release_on or day
        release = self._workday(max(day + 7, old + self.world.between(-45, 120)))
        yield day, c.SetReleaseDate, {**self.base, "release_on": as_date(release)}
        self.release_on = release
        self._plan_meeting()

    def _level_up(self, day: int) -> Flow:
        yield from self._change_level(day, self.level + 1)

    def _recall(self, day: int, breach: str | None = None) -> Flow:
        """R-CASE-2: a breach of licence or order; only a recall to prison puts the case in custody."""
        if breach is None:
            on_licence = self.released_on is not None and day - self.released_on < 365 * LICENCE_YEARS
            breach = "licence" if on_licence else "order"
        to_prison = self.world.chance(0.65)
        yield day, c.RecordRecall, {**self.base, "breach": breach, "recalled_to_prison": to_prison}
        if to_prison:
            self.custody, self.release_on, self.prerelease_done = True, None, False
            self.set_date_on = self._workday(day + self.world.between(3, 30))
            yield from self._end_isp(day, "Recalled to custody")
            self._plan_meeting()

    def _declare_missing(self, day: int) -> Flow:
        status = "wanted" if self.world.chance(0.4) else "missing"
        yield day, c.DeclareMissing, {**self.base, "status": status}
        r, between = self.rng.random(), self.world.between
        self.missing = True
        self.locate_on = day + (between(1, 21) if r < 0.8 else between(22, 120) if r < 0.98 else between(121, 400))

    def _locate(self, day: int) -> Flow:
        yield day, c.RecordLocated, self.base
        self.missing, self.locate_on = False, None

    def _offence(self, day: int) -> Flow:
        offence = "sexual" if self.world.chance(0.65 if self.category == 1 else 0.25) else "violent"
        if self.world.chance(0.2):
            yield from self._convicted(day, offence)
            return
        yield day, c.RecordFurtherOffence, {**self.base, "offence": offence, "stage": "charged"}
        if self.world.chance(0.55) and self.conviction_on is None:
            self.conviction_on, self.offence = self._workday(day + self.world.between(60, 300)), offence

    def _convict(self, day: int) -> Flow:
        self.conviction_on = None
        yield from self._convicted(day, self.offence)

    def _convicted(self, day: int, offence: str) -> Flow:
        yield day, c.RecordFurtherOffence, {**self.base, "offence": offence, "stage": "convicted"}
        if self.level >= 2:
            self.world.scr_candidates.append((self.area, self.ref))
        if self.world.chance(0.35):
            order_ref = self._order_ref()
            order_type = self.rng.choice(ORDER_TYPES_SEXUAL if offence == "sexual" else ORDER_TYPES_OTHER)
            yield day, c.RecordOrderAtConviction, {**self.base, "order_ref": order_ref, "order_type": order_type}
            self.granted.append(order_ref)
        if not self.custody and not self.missing and self.world.chance(0.5):
            yield from self._recall(day)
        elif self.level < 3 and self.world.chance(0.3):
            yield from self._change_level(day, self.level + 1)

    def _order_ref(self) -> str:
        self.orders += 1
        return f"{self.ref}-O{self.orders}"

    def _apply_for_order(self, day: int) -> Flow:
        order_ref = self._order_ref()
        route = "civil" if self.world.chance(0.7) else "criminal"
        fields = {"order_ref": order_ref, "order_type": self.rng.choice(ORDER_TYPES_SEXUAL), "route": route}
        yield day, c.ApplyForOrder, {**self.base, **fields}
        self.pending_order, self.decision_on = order_ref, self._workday(day + self.world.between(30, 120))

    def _decide_order(self, day: int) -> Flow:
        granted = self.showcase or self.world.chance(0.75)
        yield day, c.RecordOrderDecision, {**self.base, "order_ref": self.pending_order, "granted": granted}
        self.decision_on = None
        if granted:
            self.granted.append(self.pending_order)

    def _breach_order(self, day: int) -> Flow:
        yield day, c.RecordOrderBreach, {**self.base, "order_ref": self.rng.choice(self.granted)}
        if self.world.chance(0.4) and not self.showcase:
            yield from self._recall(day, "order")
