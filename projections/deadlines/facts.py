"""Events reduced to the facts the deadline and indicator rules read, and the subjects they belong to.

A subject is the aggregate whose facts decide a group of deadlines: a case
(reviews, pre-release meeting), a meeting (minute and RMP), an ISP, an SCR,
or an area (``area:CODE``, the periodic deadlines). A meeting's holding is a
fact of its case too, because it restarts the case's review clocks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from domain.audit import Audit
from domain.case import Case
from domain.isp import Isp
from domain.meeting import Meeting
from domain.oversight import AnnualReport, SogReview
from domain.scr import Scr
from projections.deadlines.model import Fact


@dataclass(frozen=True)
class Subject:
    subject: str
    subject_kind: str  # case, meeting, isp, scr, area
    area: str
    case_id: str | None
    case_reference: str | None
    ref: str  # the reference people use for it: case, meeting, ISP or SCR reference, or area code


def area_subject(code: str) -> str:
    return f"area:{code}"


def subject_of(event: Any) -> Subject | None:
    """The subject a creating event introduces, or None for any other event."""
    make = _SUBJECTS.get(type(event))
    return make(event) if make else None


def facts_of(position: int, event: Any) -> list[Fact]:
    make = _FACTS.get(type(event))
    return make(position, event) if make else []


def _fact(position: int, event: Any, kind: str, subject: str | None = None, **fields: Any) -> Fact:
    return Fact(subject or str(event.originator_id), position, event.occurred_on, kind, recorded_at=event.timestamp,
                **fields)


def _held(position: int, event: Meeting.Held) -> list[Fact]:
    """A meeting is held: a fact of the meeting, one of its case (it restarts the review clocks, R-PI-1/2) and
    one per invitation (R-PI-3 to R-PI-7)."""
    return [
        _fact(position, event, "held", level=event.level, ref=event.kind, ref2=event.venue, text=event.meeting_ref),
        _fact(position, event, "meeting", str(event.case_id), level=event.level, ref=event.kind, ref2=event.venue,
              text=event.meeting_ref),
        *(_fact(position, event, "invited", seq=n, ref=invitation.agency, ref2=invitation.outcome,
                flag=invitation.responsible, flag2=invitation.at_seniority)
          for n, invitation in enumerate(event.invitations, start=1)),
    ]


_SUBJECTS: dict[type[Any], Callable[[Any], Subject]] = {
    Case.Referred: lambda e: Subject(str(e.originator_id), "case", e.area, str(e.originator_id), e.reference,
                                     e.reference),
    Meeting.Held: lambda e: Subject(str(e.originator_id), "meeting", e.area, str(e.case_id), e.case_reference,
                                    e.meeting_ref),
    Isp.Approved: lambda e: Subject(str(e.originator_id), "isp", e.area, str(e.case_id), e.case_reference,
                                    e.isp_ref),
    Scr.Commissioned: lambda e: Subject(str(e.originator_id), "scr", e.area, None, e.case_reference, e.scr_ref),
}

_FACTS: dict[type[Any], Callable[[int, Any], list[Fact]]] = {
    Case.Referred: lambda p, e: [_fact(p, e, "referred", level=e.level, flag=e.in_custody,
                                       on_date=e.expected_release_on)],
    Case.LevelChanged: lambda p, e: [_fact(p, e, "level", level=e.level)],
    Case.ReleaseDateSet: lambda p, e: [_fact(p, e, "release-date", on_date=e.release_on)],
    Case.Released: lambda p, e: [_fact(p, e, "released")],
    Case.Recalled: lambda p, e: [_fact(p, e, "recalled", flag=e.recalled_to_prison)],
    Case.Archived: lambda p, e: [_fact(p, e, "archived")],
    Case.Reopened: lambda p, e: [_fact(p, e, "reopened", level=e.level, flag=e.in_custody)],
    Meeting.Held: _held,
    Meeting.MinuteRatified: lambda p, e: [_fact(p, e, "minute-ratified")],
    Meeting.DisclosureDecided: lambda p, e: [_fact(p, e, "disclosure", ref=e.decision, flag=e.considered)],
    Meeting.ContributionRecorded: lambda p, e: [_fact(p, e, "contribution", ref=e.agency, flag=e.in_minute,
                                                      flag2=e.in_rmp)],
    Meeting.RmpUpdated: lambda p, e: [_fact(p, e, "rmp-updated")],
    Isp.Approved: lambda p, e: [_fact(p, e, "approved", on_date=e.starts_on, until=e.ends_on)],
    Isp.Renewed: lambda p, e: [_fact(p, e, "renewed", on_date=e.starts_on, until=e.ends_on)],
    Isp.Ended: lambda p, e: [_fact(p, e, "ended")],
    Scr.ActionAssigned: lambda p, e: [_fact(p, e, "action", on_date=e.due_on, ref=e.action_ref,
                                            ref2=e.recommendation_ref)],
    Scr.ActionProgressed: lambda p, e: [_fact(p, e, "progressed", ref=e.action_ref, flag=e.completed)],
    Scr.RecommendationClosed: lambda p, e: [_fact(p, e, "recommendation-closed", ref2=e.recommendation_ref)],
    Audit.Completed: lambda p, e: [_fact(p, e, "audit", area_subject(e.area), ref=e.kind)],
    SogReview.Held: lambda p, e: [_fact(p, e, "sog-review", area_subject(e.area))],
    AnnualReport.Published: lambda p, e: [_fact(p, e, "annual-report", area_subject(e.area), ref=e.year)],
}

TOPICS: tuple[str, ...] = tuple(sorted({event_class.TOPIC for event_class in (*_FACTS, *_SUBJECTS)}))
