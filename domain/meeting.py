"""A MAPPA Level 2 / 3 meeting of one case (R-MTG-1 to R-MTG-4).

Each meeting is its own aggregate, so two co-ordinators recording different
meetings of the same case never conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from domain.case import Case
from domain.check import check_choice
from domain.errors import LifecycleError
from domain.event import MappaAggregate, MappaEvent, Stamp, check_not_future
from domain.vocabulary import Attendance, Disclosure, MeetingKind, Venue, is_responsible_authority


@dataclass(frozen=True)
class Invitation:
    """One agency invited to a meeting, and how it took part (R-MTG-2).

    A value object inside ``Meeting.Held``, stored by the transcoding
    ``InvitationAsDict`` (mappa_flow/transcoding.py). Whether the agency is a
    responsible authority is derived from the agency, never stored.
    """

    agency: str
    outcome: str
    at_seniority: bool

    @property
    def responsible(self) -> bool:
        return is_responsible_authority(self.agency)

    @classmethod
    def from_v1(cls, stored: dict[str, Any]) -> Invitation:
        """An invitation as version 1 stored it: a dict that also held the derived ``responsible``."""
        return cls(agency=stored["agency"], outcome=stored["outcome"], at_seniority=stored["at_seniority"])


class Meeting(MappaAggregate):
    """Version 2: ``invitations`` is a list of ``Invitation`` (version 1: a list of dicts)."""

    TOPIC = "mappa:Meeting"
    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """A snapshot taken by version 1 held the invitations as dicts."""
        state["invitations"] = [Invitation.from_v1(i) for i in state["invitations"]]

    class Event(MappaEvent):
        TOPIC = "mappa:Meeting.Event"

    class Held(MappaAggregate.Created, Event):
        TOPIC = "mappa:Meeting.Held"
        meeting_ref: str
        case_id: UUID
        case_reference: str
        area: str
        level: int
        kind: str
        venue: str
        chair: str
        invitations: list[Invitation]
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Version 1 stored each invitation as a dict with a derived ``responsible`` key."""
            state["invitations"] = [Invitation.from_v1(i) for i in state["invitations"]]

    class DisclosureDecided(Event):
        """R-MTG-3: the decision, and apart from it whether disclosure was considered.

        ``considered`` was added with a default (docs/decisions.md): events recorded before it existed
        carry no such field and read as considered, since a decision was recorded with them.
        """

        TOPIC = "mappa:Meeting.DisclosureDecided"
        decision: str
        considered: bool = True

        def apply(self, meeting: Meeting) -> None:
            meeting.disclosure = self.decision

    class ContributionRecorded(Event):
        TOPIC = "mappa:Meeting.ContributionRecorded"
        agency: str
        in_minute: bool
        in_rmp: bool

        def apply(self, meeting: Meeting) -> None:
            meeting.contributions[self.agency] = [self.in_minute, self.in_rmp]

    class MinuteIssued(Event):
        TOPIC = "mappa:Meeting.MinuteIssued"

        def apply(self, meeting: Meeting) -> None:
            meeting.minute_issued_on = self.occurred_on

    class MinuteRatified(Event):
        TOPIC = "mappa:Meeting.MinuteRatified"

        def apply(self, meeting: Meeting) -> None:
            meeting.minute_ratified_on = self.occurred_on

    class RmpUpdated(Event):
        TOPIC = "mappa:Meeting.RmpUpdated"

        def apply(self, meeting: Meeting) -> None:
            meeting.rmp_updated_on = self.occurred_on

    def __init__(
        self, meeting_ref: str, case_id: UUID, case_reference: str, area: str, occurred_on: date, level: int,
        invitations: list[Invitation],
    ) -> None:
        self.meeting_ref = meeting_ref
        self.case_id = case_id
        self.case_reference = case_reference
        self.area = area
        self.held_on = occurred_on
        self.level = level
        self.invitations = invitations
        self.disclosure: str | None = None
        self.contributions: dict[str, list[bool]] = {}
        self.minute_issued_on: date | None = None
        self.minute_ratified_on: date | None = None
        self.rmp_updated_on: date | None = None

    @classmethod
    def hold(
        cls,
        meeting_id: UUID,
        case: Case,
        stamp: Stamp,
        on: date,
        *,
        meeting_ref: str,
        kind: str,
        venue: str,
        chair: str,
        invitations: list[Invitation],
        level: int | None = None,
    ) -> Meeting:
        """R-MTG-1: a meeting is held for an open case at Level 2 or 3 on the meeting date."""
        check_not_future(on, stamp)
        level = _meeting_level(case, on, level)
        check_choice(MeetingKind, kind, "kind", "R-MTG-1")
        check_choice(Venue, venue, "venue", "R-MTG-1")
        _check_invitations(invitations)
        return cls._create(
            cls.Held,
            id=meeting_id,
            **stamp.event_fields(on),
            meeting_ref=meeting_ref,
            case_id=case.id,
            case_reference=case.reference,
            area=case.area,
            level=level,
            kind=kind,
            venue=venue,
            chair=chair,
            invitations=list(invitations),
        )

    def decide_disclosure(self, decision: str, considered: bool, stamp: Stamp, on: date) -> None:
        """R-MTG-3: the decision recorded in the minutes, and (its own yes / no) whether disclosure was considered."""
        check_choice(Disclosure, decision, "decision", "R-MTG-3")
        if type(considered) is not bool:
            raise LifecycleError("whether disclosure was considered is true or false", field="considered",
                                 value=considered, rule="R-MTG-3")
        self._check_not_before_meeting(on, "a disclosure decision")
        if self.disclosure is not None:
            raise LifecycleError(
                f"meeting {self.meeting_ref} already recorded the disclosure decision '{self.disclosure}'",
                field="decision", value=decision, rule="R-MTG-3",
            )
        self.record(self.DisclosureDecided, stamp, on, decision=decision, considered=considered)

    def record_contribution(self, agency: str, in_minute: bool, in_rmp: bool, stamp: Stamp, on: date) -> None:
        """R-MTG-2: a written contribution is marked as recorded in the minute and the RMP, or not."""
        self._check_not_before_meeting(on, "a written contribution")
        outcomes = {i.agency: i.outcome for i in self.invitations}
        if outcomes.get(agency) != Attendance.WRITTEN:
            raise LifecycleError(
                f"agency {agency} did not send a written contribution to meeting {self.meeting_ref} "
                f"(its outcome: {outcomes.get(agency, 'not invited')})",
                field="agency", value=agency, rule="R-MTG-2",
            )
        self.record(self.ContributionRecorded, stamp, on, agency=agency, in_minute=in_minute, in_rmp=in_rmp)

    def issue_minute(self, stamp: Stamp, on: date) -> None:
        """R-MTG-4: minutes are issued, then ratified."""
        self._check_not_before_meeting(on, "the minute's issue")
        self._check_once(self.minute_issued_on, "issued its minute")
        self.record(self.MinuteIssued, stamp, on)

    def ratify_minute(self, stamp: Stamp, on: date) -> None:
        self._check_not_before_meeting(on, "the minute's ratification")
        self._check_once(self.minute_ratified_on, "ratified its minute")
        if self.minute_issued_on is None or on < self.minute_issued_on:
            issued = self.minute_issued_on.isoformat() if self.minute_issued_on else "not yet issued"
            raise LifecycleError(
                f"meeting {self.meeting_ref}: a minute is ratified after it is issued (issued: {issued})",
                field="occurred_on", value=on.isoformat(), rule="R-MTG-4",
            )
        self.record(self.MinuteRatified, stamp, on)

    def update_rmp(self, stamp: Stamp, on: date) -> None:
        self._check_not_before_meeting(on, "the RMP update")
        self._check_once(self.rmp_updated_on, "updated its RMP")
        self.record(self.RmpUpdated, stamp, on)

    def _check_not_before_meeting(self, on: date, what: str) -> None:
        if on < self.held_on:
            raise LifecycleError(
                f"meeting {self.meeting_ref} was held on {self.held_on.isoformat()}; "
                f"{what} cannot be dated {on.isoformat()}, before the meeting",
                field="occurred_on", value=on.isoformat(), rule="R-MTG-4",
            )

    def _check_once(self, done_on: date | None, what: str) -> None:
        if done_on is not None:
            raise LifecycleError(
                f"meeting {self.meeting_ref} already {what} on {done_on.isoformat()}",
                field="occurred_on", value=done_on.isoformat(), rule="R-MTG-4",
            )


def _meeting_level(case: Case, on: date, level: int | None) -> int:
    if on < case.referred_on or case.was_archived_on(on):
        raise LifecycleError(
            f"case {case.reference} was not open under MAPPA on {on.isoformat()}",
            field="occurred_on", value=on.isoformat(), rule="R-CASE-3",
        )
    possible = case.levels_on(on) & {2, 3}
    chosen = level if level is not None else case.level_on(on)
    if chosen not in possible:
        raise LifecycleError(
            f"a MAPPA meeting is for a Level 2 or 3 case; case {case.reference} was at "
            f"Level {case.level_on(on)} on {on.isoformat()}",
            field="level", value=chosen, rule="R-MTG-1",
        )
    return chosen


def _check_invitations(invitations: list[Invitation]) -> None:
    if not invitations:
        raise LifecycleError("a MAPPA meeting invites at least one agency", field="invitations", value=0,
                             rule="R-MTG-2")
    seen: set[str] = set()
    for invitation in invitations:
        check_choice(Attendance, invitation.outcome, "outcome", "R-MTG-2")
        if invitation.agency in seen:
            raise LifecycleError(
                "each agency is invited once per meeting", field="agency", value=invitation.agency, rule="R-MTG-2"
            )
        seen.add(invitation.agency)
