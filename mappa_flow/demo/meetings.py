"""A case's MAPPA meetings: when they fall due, who is invited, and what they decide (R-MTG-1 to R-MTG-3).

Community reviews keep roughly the guidance cadence (Level 3 every six weeks,
Level 2 every twelve, R-PI-1 / R-PI-2) with a share held late. A custody case
has its initial meeting in the community before release, mostly at least four
weeks before (R-PI-8), and SPS Risk Management Team reviews while release is
far off.
"""

from __future__ import annotations

from decimal import Decimal

from mappa_flow.commands.isp import ApproveIsp
from mappa_flow.commands.meeting import HoldMeeting, InvitationInput
from mappa_flow.demo.choice import weighted
from mappa_flow.demo.minutes import minute_flow
from mappa_flow.demo.renewals import isp_flow
from mappa_flow.demo.state import PROFILES, CaseState, IspState
from mappa_flow.demo.text import ABSENCE_TEXT, DISCLOSURE_REASON, ISP_PROVIDERS, LATE_REVIEW_REASONS
from mappa_flow.demo.world import Flow, as_date

LATE_REVIEW = 0.07  # share of reviews held after the due date
PRE_RELEASE_LATE = 0.15  # share of pre-release meetings held less than 28 days before release
STEP_DOWN = {3: 0.055, 2: 0.07}  # per community meeting
STEP_UP = 0.025  # Level 2 to Level 3, per community meeting
ISP_AT_MEETING = 0.012  # per Level 3 community meeting without an ISP

NOT_CONSIDERED_FROM = 0.88  # of the 90% decided at the meeting, those drawn from here up record "not considered"
DISCLOSURES = weighted(("do-not-disclose", "disclose", "defer"), (72, 10, 18))

EXPLAINED = {"R-PI-3": 0.05, "R-PI-4": 0.15, "R-PI-5": 0.15}  # shares of attendance exceptions given a reason
SPS = (PROFILES["sps"],)  # invited while the case is in custody


class CaseMeetings(CaseState):
    __slots__ = ()

    def _plan_meeting(self) -> None:
        self.late_due = None
        if self.archived or self.level == 1:
            self.next_meeting = None
        elif self.custody:
            self.next_meeting = self._custody_meeting_day()
        else:
            self.next_meeting = self._community_meeting_day()

    def _community_meeting_day(self) -> int:
        cadence = 42 if self.level == 3 else 84
        between = self.world.between
        if self.initial_due:
            day = self.now + between(5, 28 if self.level == 3 else 45)
        elif self.world.chance(LATE_REVIEW) and not self.showcase:
            self.late_due = self.restart + cadence
            day = self.late_due + between(1, cadence // 3)
        else:
            day = self.restart + cadence - between(0, cadence // 6)
        return self._working(day, max(self.now, self.restart + 1))

    def _custody_meeting_day(self) -> int | None:
        release, between = self.release_on, self.world.between
        if release is None or (self.prerelease_done and release - self.now > 120):
            return self._working(self.now + between(60, 150), self.now + 1)  # an SPS RMT review
        if self.prerelease_done:
            return None  # the next meeting follows the release
        late = self.world.chance(PRE_RELEASE_LATE) and not self.showcase
        day = release - (between(5, 27) if late else between(29, 80))
        if day - self.now > 180:
            return self._working(self.now + between(90, 150), self.now + 1)
        day = self._working(day, self.now + 1)
        return day if day < release else None

    def _working(self, day: int, low: int) -> int:
        """The working day on or before ``day``, but not before ``low``."""
        work = self.area.work
        day = work.on_or_before(day)
        return day if day >= low else work.on_or_after(low)

    def _setting(self, day: int) -> tuple[bool, str, str]:
        """Whether this is the pre-release meeting of a custody case, the venue, and the kind (R-MTG-1)."""
        release = self.release_on
        prerelease = self.custody and release is not None and not self.prerelease_done and release - day <= 180
        venue = "custody" if self.custody and not prerelease else "community"
        kind = "initial" if prerelease or (self.initial_due and venue == "community") else "review"
        return prerelease, venue, kind

    def _meeting(self, day: int) -> Flow:
        prerelease, venue, kind = self._setting(day)
        self.meetings += 1
        meeting_ref = f"{self.ref}-M{self.meetings:02d}"
        if self.world.chance(0.15):
            self.chair = self.rng.choice(self.area.chairs)
        invitations, written, missed = self._invitations()
        disclosure, considered, later = self._disclosure()
        yield day, HoldMeeting, {
            **self.base, "meeting_ref": meeting_ref, "kind": kind, "venue": venue, "chair": self.chair,
            "invitations": invitations, "disclosure": disclosure, "considered": considered,
        }
        self.world.note_meeting(self.area, day, meeting_ref, self.chair)
        key = f"{self.ref}:{meeting_ref}"
        yield day, None, minute_flow(self.world, self.area, key, day, written, later)
        self._explain(day, key, missed, disclosure is None and later is None)
        self.prerelease_done = self.prerelease_done or prerelease
        self.initial_due = self.initial_due and kind != "initial"
        if not self.custody:
            self.restart = day  # R-PI-1 / R-PI-2: a meeting restarts the review clock
        yield from self._decide(day)
        self._plan_meeting()

    def _invitations(self) -> tuple[list[InvitationInput], list[str], list[tuple[str, str]]]:
        """Each invited agency's outcome and seniority, drawn from its profile (R-MTG-2).

        Also returns who sent a written contribution, and the attendance exceptions (R-PI-3 to R-PI-5).
        """
        invitees = self.invitees + SPS if self.custody else self.invitees
        chosen, written, missed = [], [], []
        random, invitation = self.rng.random, self.world.invitation
        for agency, in_person, remote, report, senior, indicator in invitees:
            r = random()
            if r < report:
                senior_enough = random() < senior
                outcome = "in-person" if r < in_person else "remote" if r < remote else "written"
                attended = r < remote or indicator == "R-PI-3"  # a written report is attendance for a DTC agency
            else:
                senior_enough, outcome, attended = False, "absent", False
            chosen.append(invitation(agency, outcome, senior_enough))
            if outcome == "written":
                written.append(agency)
            if indicator and not (attended and senior_enough):
                missed.append((indicator, agency))
        return chosen, written, missed

    def _explain(self, day: int, key: str, missed: list[tuple[str, str]], undecided: bool) -> None:
        """Queue reasons for some of this meeting's exceptions (R-PI-EXC); many are left without one."""
        world = self.world
        if self.late_due is not None and day > self.late_due and world.chance(0.7):
            indicator = "R-PI-1" if self.level == 3 else "R-PI-2"
            due = as_date(self.late_due).isoformat()
            world.explain(self.area, day, f"{indicator}:{self.ref}:{due}", world.pick(LATE_REVIEW_REASONS))
        if undecided and world.chance(0.5):
            world.explain(self.area, self.area.work.after(day, 10) + 1, f"R-PI-10:{key}", DISCLOSURE_REASON)
        for indicator, agency in missed:
            if world.chance(EXPLAINED[indicator]):
                reason = ("agency-unavailable", agency, ABSENCE_TEXT)
                world.explain(self.area, day, f"{indicator}:{key}:{agency}", reason)

    def _disclosure(self) -> tuple[str | None, bool | None, str | None]:
        """Mostly decided at the meeting, some recorded a few days later, a few never (R-MTG-3, R-PI-10).

        Returns the decision at the meeting, whether disclosure was considered with it (a few decisions record
        that it was not: R-PI-10 exceptions), and a decision recorded later (always considered).
        """
        r = self.rng.random()
        decision = self.world.pick(DISCLOSURES)
        if r < 0.9:
            return decision, r < NOT_CONSIDERED_FROM, None
        return None, None, (decision if r < 0.975 else None)

    def _decide(self, day: int) -> Flow:
        """What a community meeting decides about the level, or an ISP."""
        if self.showcase or self.custody or self.missing:
            return
        r = self.rng.random()
        if self.level == 3 and r < STEP_DOWN[3]:
            yield from self._change_level(day, 2)
        elif self.level == 3 and r > 1 - ISP_AT_MEETING and self.isp is None and self.isps < 2:
            yield from self._approve_isp(day)
        elif self.level == 2 and r < STEP_DOWN[2]:
            yield from (self._archive(day) if self.category == 3 else self._change_level(day, 1))
        elif self.level == 2 and r > 1 - STEP_UP:
            yield from self._change_level(day, 3)

    def _approve_isp(self, day: int) -> Flow:
        """R-ISP-1: three months' funding for a Level 3 case in the community."""
        if self.level != 3 or self.custody or self.archived or self.isp is not None:
            return
        self.isps += 1
        isp_ref, starts = f"{self.ref}-ISP{self.isps}", day + self.world.between(0, 10)
        cost = Decimal(self.rng.randrange(300_000, 2_500_000)).scaleb(-2)
        yield day, ApproveIsp, {
            **self.base, "isp_ref": isp_ref, "provider": self.rng.choice(ISP_PROVIDERS), "cost": cost,
            "starts_on": as_date(starts),
        }
        self.isp = IspState(isp_ref)
        yield day, None, isp_flow(self.world, self.isp, starts, self.area, cost)
