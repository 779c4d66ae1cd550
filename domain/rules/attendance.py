"""R-PI-3 to R-PI-7: attendance and written contributions, judged per invitation to a meeting (RULES §4).

- R-PI-3 each Duty-to-Co-operate agency: attended in person, remotely or by written report, at seniority.
- R-PI-4 Police Scotland and R-PI-5 community-based social work: attended in person or remotely, at seniority.
  A written report alone is not attendance for a Responsible Authority (the other two Responsible Authorities
  have no attendance indicator).
- R-PI-6 (Responsible Authorities) and R-PI-7 (DTC agencies), over the invitations that did not end in
  attendance: a written contribution was sent and is recorded in both the minute and the RMP. The latest
  marking of the contribution counts. Sent but not (yet) recorded in both, it is pending up to and including
  the meeting's minute deadline (the 10th working day, R-PI-9) and not met after it; it is met once recorded
  in both.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import NamedTuple, Protocol, TypeVar

from domain.rules.obligation import Verdict
from domain.vocabulary import ATTENDED, Agency, Attendance

DTC_ATTENDED = frozenset({*ATTENDED, Attendance.WRITTEN})
NAMED_AGENCY_RULE = {Agency.POLICE_SCOTLAND.value: "R-PI-4", Agency.SOCIAL_WORK.value: "R-PI-5"}


class InvitationRecord(Protocol):
    """One agency's invitation to a meeting, as the rules read it."""

    @property
    def agency(self) -> str: ...

    @property
    def responsible(self) -> bool: ...

    @property
    def outcome(self) -> str: ...  # in-person, remote, written, absent

    @property
    def at_seniority(self) -> bool: ...


class Marking(Protocol):
    """A marking of a written contribution as taken into the minute and the RMP, or not."""

    @property
    def occurred_on(self) -> date: ...

    @property
    def position(self) -> int: ...

    @property
    def in_minute(self) -> bool | None: ...

    @property
    def in_rmp(self) -> bool | None: ...


M = TypeVar("M", bound=Marking)


class Why(StrEnum):
    """What decided a verdict."""

    ATTENDED = "attended"
    NOT_ATTENDED = "not-attended"
    BELOW_SENIORITY = "below-seniority"
    NOTHING_SENT = "nothing-sent"
    RECORDED = "recorded"
    NOT_RECORDED = "not-recorded"


class AttendanceVerdict(NamedTuple):
    """One indicator's verdict on one invitation."""

    rule: str
    verdict: Verdict
    why: Why
    missing: tuple[str, ...] = ()  # NOT_RECORDED: where it is missing ("minute", "rmp"); () when never marked


def latest_marking(markings: Iterable[M]) -> M | None:
    """The marking that counts (R-PI-6/7): the latest by business date, then by position."""
    return max(markings, key=lambda m: (m.occurred_on, m.position), default=None)


def invitation_verdicts(invitation: InvitationRecord, marking: Marking | None, due_on: date,
                        as_of: date) -> list[AttendanceVerdict]:
    """R-PI-3 to R-PI-7 for one invitation, judged on ``as_of``; ``due_on`` is the meeting's minute deadline."""
    found = []
    if not invitation.responsible:
        found.append(attendance("R-PI-3", invitation, DTC_ATTENDED))
    elif invitation.agency in NAMED_AGENCY_RULE:
        found.append(attendance(NAMED_AGENCY_RULE[invitation.agency], invitation, ATTENDED))
    if invitation.outcome not in ATTENDED:
        found.append(contribution("R-PI-6" if invitation.responsible else "R-PI-7", invitation, marking, due_on,
                                  as_of))
    return found


def attendance(rule: str, invitation: InvitationRecord, counted: frozenset[str]) -> AttendanceVerdict:
    """R-PI-3/4/5: an outcome in ``counted``, at the agreed seniority."""
    if invitation.outcome not in counted:
        return AttendanceVerdict(rule, Verdict.NOT_MET, Why.NOT_ATTENDED)
    if not invitation.at_seniority:
        return AttendanceVerdict(rule, Verdict.NOT_MET, Why.BELOW_SENIORITY)
    return AttendanceVerdict(rule, Verdict.MET, Why.ATTENDED)


def contribution(rule: str, invitation: InvitationRecord, marking: Marking | None, due_on: date,
                 as_of: date) -> AttendanceVerdict:
    """R-PI-6/7: a written contribution recorded in the minute and the RMP, pending up to ``due_on``."""
    if invitation.outcome != Attendance.WRITTEN:
        return AttendanceVerdict(rule, Verdict.NOT_MET, Why.NOTHING_SENT)
    if marking is not None and marking.in_minute and marking.in_rmp:
        return AttendanceVerdict(rule, Verdict.MET, Why.RECORDED)
    missing = () if marking is None else tuple(
        place for place, done in (("minute", marking.in_minute), ("rmp", marking.in_rmp)) if not done)
    return AttendanceVerdict(rule, Verdict.PENDING if as_of <= due_on else Verdict.NOT_MET, Why.NOT_RECORDED, missing)
