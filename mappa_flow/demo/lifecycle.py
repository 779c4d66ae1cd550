"""One case's life from referral to today: a process that emits its commands in date order (R-CASE-2).

Scheduled events (a release, a meeting, a court's decision, being located)
happen on their dates; between them, incidents (a recall, going missing, a
further offence, a change of level, archiving) arrive at yearly rates that
depend on where the case is.
"""

from __future__ import annotations

from bisect import bisect

from mappa_flow.commands import case as c
from mappa_flow.demo.choice import weighted
from mappa_flow.demo.incidents import CaseIncidents
from mappa_flow.demo.text import AGE, ETHNICITY
from mappa_flow.demo.world import Action, Flow, as_date

NEVER = 1 << 30
OFFICE_INCIDENTS = frozenset({"_archive", "_level_up", "_apply_for_order", "_revise_release"})  # on working days
SHOWCASE_RELEASE = 105  # days from referral
SHOWCASE_ORDER = 30  # days from referral: a preventative order applied for (and granted)
# The showcase's life after release, in days from release: an ISP, a breach of its order, a missing episode.
SHOWCASE_AFTER_RELEASE = ((20, "_approve_isp"), (100, "_breach_order"), (160, "_declare_missing"))
REOPEN_LEVELS = weighted((1, 2, 3), (70, 25, 5))


class CaseLife(CaseIncidents):
    __slots__ = ()

    def run(self) -> Flow:
        yield from self._refer(self.now)
        today = self.world.today
        while True:
            day, action = self._next_event()
            if action is None or day > today:
                return
            self.now = day
            yield from action(day)

    def _next_event(self) -> tuple[int, Action | None]:
        if self.archived:
            return (self.reopen_on, self._reopen) if self.reopen_on is not None else (NEVER, None)
        best, name = self._scheduled()
        table = self._incidents()
        if table is not None:
            # Incidents arrive at yearly rates, so the time to the next one is exponential (and memoryless).
            total, cumulative, names = table
            day = self.now + 1 + int(self.rng.expovariate(total) * 365)
            incident = names[bisect(cumulative, self.rng.random() * total)]
            day = self._workday(day) if incident in OFFICE_INCIDENTS else day
            if day < best:
                best, name = day, incident
        return best, (getattr(self, name) if name else None)

    def _scheduled(self) -> tuple[int, str]:
        """The earliest scheduled event, and the name of the method that makes it happen (earlier names win ties)."""
        best, name = (NEVER, "") if self.next_meeting is None else (self.next_meeting, "_meeting")
        if self.custody:
            if self.set_date_on is not None and self.set_date_on < best:
                best, name = self.set_date_on, "_set_release_date"
            if self.release_on is not None and self.release_on < best:
                best, name = self.release_on, "_release"
        if self.locate_on is not None and self.locate_on < best:
            best, name = self.locate_on, "_locate"
        for day, action in ((self.conviction_on, "_convict"), (self.decision_on, "_decide_order")):
            if day is not None and day < best:
                best, name = day, action
        if self.script and self.script[0][0] < best:
            best, name = self.script[0][0], "_scripted"
        return best, name

    def _scripted(self, day: int) -> Flow:
        """The showcase's next scripted event."""
        _, name = self.script.pop(0)
        action: Action = getattr(self, name)
        yield from action(day)

    def _refer(self, day: int) -> Flow:
        if self.custody:
            self.release_on = self._workday(day + self._release_lead())
        if self.showcase:
            self.script = [(day + SHOWCASE_ORDER, "_apply_for_order")]
        rng = self.rng
        yield day, c.ReferCase, {
            **self.base, "area": self.area.code, "category": self.category, "level": self.level,
            "referring_agency": self._referrer(), "in_custody": self.custody,
            "expected_release_on": as_date(self.release_on) if self.release_on else None,
            "age_band": self.world.pick(AGE) if self.world.chance(0.95) else None,
            "gender": "male" if rng.random() < 0.95 else rng.choice(("female", "female", "other", "not-recorded")),
            "ethnicity": self.world.pick(ETHNICITY) if self.world.chance(0.9) else None,
        }
        self._place()
        self._plan_meeting()

    def _release_lead(self) -> int:
        """Days from referral to the expected release; a few Level 3 referrals arrive late (R-PI-8)."""
        between = self.world.between
        if self.showcase:
            return SHOWCASE_RELEASE
        if self.level == 3:
            return between(10, 27) if self.world.chance(0.08) else between(60, 270)
        return between(30, 365) if self.level == 2 else between(30, 900)

    def _referrer(self) -> str:
        if self.custody:
            return "sps" if self.world.chance(0.7) else "social-work"
        return {1: "police-scotland", 2: "health", 3: "social-work"}[self.category]

    def _release(self, day: int) -> Flow:
        yield day, c.RecordRelease, self.base
        self.custody, self.release_on, self.released_on = False, None, day
        self.prerelease_done = False
        self.restart = day  # R-PI-1: release to the community restarts the review clock
        if self.showcase and self.isps == 0:
            self.script = [(day + after, name) for after, name in SHOWCASE_AFTER_RELEASE]
        self._plan_meeting()

    def _set_release_date(self, day: int) -> Flow:
        release = self._workday(day + self.world.between(60, 500))
        yield day, c.SetReleaseDate, {**self.base, "release_on": as_date(release)}
        self.set_date_on, self.release_on = None, release
        self._plan_meeting()

    def _reopen(self, day: int) -> Flow:
        level = self.world.pick(REOPEN_LEVELS) if self.category != 3 else 2
        custody = self.world.chance(0.4)
        yield day, c.ReopenCase, {**self.base, "level": level, "in_custody": custody}
        self.archived, self.reopen_on, self.level, self.custody = False, None, level, custody
        self.release_on, self.set_date_on = None, (self._workday(day + self.world.between(1, 20)) if custody else None)
        self.initial_due, self.restart, self.prerelease_done = True, day, False
        self._place()
        self._plan_meeting()
