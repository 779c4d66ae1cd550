"""Audits of cases and meetings (R-AUD-1, guidance 19.18-19.21)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from domain.check import check_choice
from domain.errors import LifecycleError
from domain.event import MappaAggregate, MappaEvent, Stamp, check_not_future


class AuditKind(StrEnum):
    CASE = "case"  # Level 2 / 3 case audit, 19.18-19.19
    MEETING = "meeting"  # audit of a Level 2 / 3 meeting and its chair, 19.20
    LEVEL1 = "level1"  # Level 1 case audit, 19.21


REQUIRED_ITEMS: dict[str, tuple[str, ...]] = {
    AuditKind.CASE: (
        "referral_and_minutes_reviewed",
        "all_agencies_present",
        "rmp_quality",
        "actions_completed_timely",
        "effective_practice",
        "improvements",
        "feedback_route",
    ),
    AuditKind.MEETING: ("chair_performance", "conduct_of_meeting", "feedback_given"),
    AuditKind.LEVEL1: ("all_agencies_present", "effective_practice", "improvements", "feedback_route"),
}


class Audit(MappaAggregate):
    TOPIC = "mappa:Audit"
    class_version = 1  # docs/decisions.md, "Event and snapshot evolution"

    class Event(MappaEvent):
        TOPIC = "mappa:Audit.Event"

    class Completed(MappaAggregate.Created, Event):
        TOPIC = "mappa:Audit.Completed"
        audit_ref: str
        kind: str
        area: str
        case_reference: str | None
        meeting_ref: str | None
        findings: dict[str, str]
        sample_ref: str | None = None  # the recorded random draw (AuditSample) that chose this case (R-AUD-1)

    def __init__(self, audit_ref: str, kind: str) -> None:
        self.audit_ref = audit_ref
        self.kind = kind

    @classmethod
    def complete(cls, audit_id: UUID, stamp: Stamp, on: date, *, audit_ref: str, kind: str, area: str,
                 case_reference: str | None, meeting_ref: str | None, findings: dict[str, str],
                 sample_ref: str | None = None) -> Audit:
        """R-AUD-1: each audit records the items its kind requires (19.19, 19.20, 19.21)."""
        check_not_future(on, stamp)
        check_choice(AuditKind, kind, "kind", "R-AUD-1")
        _check_findings(kind, findings)
        if kind in (AuditKind.CASE, AuditKind.LEVEL1) and not case_reference:
            raise LifecycleError(f"a {kind} audit names the case audited", field="case_reference",
                                 value=case_reference, rule="R-AUD-1")
        if kind == AuditKind.MEETING and not meeting_ref:
            raise LifecycleError("a meeting audit names the meeting audited", field="meeting_ref",
                                 value=meeting_ref, rule="R-AUD-1")
        return cls._create(cls.Completed, id=audit_id, **stamp.event_fields(on), audit_ref=audit_ref, kind=kind,
                           area=area, case_reference=case_reference, meeting_ref=meeting_ref,
                           findings=dict(findings), sample_ref=sample_ref)


def _check_findings(kind: str, findings: dict[str, str]) -> None:
    """Every required item is answered, and nothing else is (a misspelt item would hide a missing one)."""
    required = REQUIRED_ITEMS[kind]
    missing = [item for item in required if not findings.get(item, "").strip()]
    if missing:
        raise LifecycleError(
            f"a {kind} audit records every required item; missing: {', '.join(missing)}",
            field="findings", value=", ".join(missing), rule="R-AUD-1",
        )
    unknown = sorted(set(findings) - set(required))
    if unknown:
        raise LifecycleError(
            f"a {kind} audit records only these items: {', '.join(required)}",
            field="findings", value=", ".join(unknown), rule="R-AUD-1",
        )
