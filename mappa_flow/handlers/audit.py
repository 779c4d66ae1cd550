"""Handlers of audits: record a completed audit, draw the annual case-audit sample (R-AUD-1).

The sample's eligible cases are read from the event store itself, not from a read model, so a draw never
depends on how far a projection has caught up: every case referred to the area, loaded as recorded so far,
that was open and at Level 2 or 3 at the end of the draw date. So a draw is applied alone, never inside a
batch (``SOLO_COMMANDS`` in batch.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, cast
from uuid import UUID

from domain.audit import Audit
from domain.audit_sample import AuditSample
from domain.case import Case
from domain.errors import AuditAlreadyExistsError, AuditSampleAlreadyExistsError, LifecycleError
from mappa_flow.commands.audit import RecordAudit
from mappa_flow.commands.audit_sample import DrawAuditSample
from mappa_flow.handlers.load import load_area, load_case, load_meeting

if TYPE_CHECKING:
    from mappa_flow.application import MappaApplication, Unit

_PAGE = 1000


def record_audit(cmd: RecordAudit, unit: Unit) -> None:
    _check_subjects(unit, cmd)
    audit = Audit.complete(
        unit.app.ids.audit(cmd.audit_ref), unit.stamp, cmd.occurred_on, audit_ref=cmd.audit_ref, kind=cmd.kind,
        area=cmd.area, case_reference=cmd.case_reference, meeting_ref=cmd.meeting_ref,
        findings=dict(cmd.findings), sample_ref=cmd.sample_ref,
    )
    unit.create(audit, lambda: AuditAlreadyExistsError(
        f"audit {cmd.audit_ref} was already recorded", field="audit_ref", value=cmd.audit_ref, rule="R-AUD-1"))


def _check_subjects(unit: Unit, cmd: RecordAudit) -> None:
    """The area is registered, and the case or meeting audited exists in that area."""
    load_area(unit, cmd.area)
    if cmd.case_reference is not None:
        _check_area(f"case {cmd.case_reference}", load_case(unit, cmd.case_reference).area, cmd.area)
    if cmd.meeting_ref is not None:
        _check_area(f"meeting {cmd.meeting_ref}", load_meeting(unit, cmd.meeting_ref).area, cmd.area)


def _check_area(subject: str, actual: str, area: str) -> None:
    if actual != area:
        raise LifecycleError(f"{subject} belongs to area {actual}, not {area}", field="area", value=area,
                             rule="R-AUD-1")


def draw_audit_sample(cmd: DrawAuditSample, unit: Unit) -> None:
    load_area(unit, cmd.area)
    sample_id = unit.app.ids.audit_sample(cmd.reference)
    unit.require_absent(sample_id, lambda: AuditSampleAlreadyExistsError(
        f"audit sample {cmd.reference} was already drawn; give another sample_ref for a further draw",
        field="sample_ref", value=cmd.reference, rule="R-AUD-1"))
    sample = AuditSample.draw(
        sample_id, unit.stamp, cmd.occurred_on, sample_ref=cmd.reference, area=cmd.area,
        reporting_year=cmd.reporting_year, eligible=audit_eligible_cases(unit.app, cmd.area, cmd.occurred_on),
        size=cmd.sample_size, seed=cmd.seed,
    )
    unit.track(sample)


def audit_eligible_cases(app: MappaApplication, area: str, on: date) -> list[str]:
    """References of the area's cases that were open and at Level 2 or 3 at the end of ``on``, sorted."""
    eligible = []
    for case_id in _cases_referred_to(app, area, on):
        case: Case = app.repository.get(case_id)
        if not case.was_archived_on(on) and case.level_on(on) in (2, 3):
            eligible.append(case.reference)
    return sorted(eligible)


def _cases_referred_to(app: MappaApplication, area: str, on: date) -> Iterator[UUID]:
    """Ids of the cases referred to ``area`` on or before ``on``, read from the referrals in the log."""
    start = 1
    while True:
        page = app.recorder.select_notifications(start, _PAGE, topics=[Case.Referred.TOPIC])
        for notification in page:
            referred = cast(Case.Referred, app.mapper.to_domain_event(notification))
            if referred.area == area and referred.occurred_on <= on:
                yield referred.originator_id
        if len(page) < _PAGE:
            return
        start = page[-1].id + 1
