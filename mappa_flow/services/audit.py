"""Use case: record a completed audit of a case or a meeting (R-AUD-1)."""

from __future__ import annotations

from domain.audit import Audit
from domain.errors import AuditAlreadyExistsError, LifecycleError
from mappa_flow.application import Outcome, Unit
from mappa_flow.commands.audit import RecordAudit
from mappa_flow.services.meeting import MeetingService


class AuditService(MeetingService):
    def record_audit(self, cmd: RecordAudit) -> Outcome:
        def work(unit: Unit) -> None:
            self._check_subjects(unit, cmd)
            audit = Audit.complete(
                self.ids.audit(cmd.audit_ref), unit.stamp, cmd.occurred_on, audit_ref=cmd.audit_ref, kind=cmd.kind,
                area=cmd.area, case_reference=cmd.case_reference, meeting_ref=cmd.meeting_ref,
                findings=dict(cmd.findings), sample_ref=cmd.sample_ref,
            )
            unit.create(audit, lambda: AuditAlreadyExistsError(
                f"audit {cmd.audit_ref} was already recorded", field="audit_ref", value=cmd.audit_ref,
                rule="R-AUD-1"))

        return self.run_command(cmd, work)

    def _check_subjects(self, unit: Unit, cmd: RecordAudit) -> None:
        """The area is registered, and the case or meeting audited exists in that area."""
        self.load_area(unit, cmd.area)
        if cmd.case_reference is not None:
            _check_area(f"case {cmd.case_reference}", self.load_case(unit, cmd.case_reference).area, cmd.area)
        if cmd.meeting_ref is not None:
            _check_area(f"meeting {cmd.meeting_ref}", self.load_meeting(unit, cmd.meeting_ref).area, cmd.area)


def _check_area(subject: str, actual: str, area: str) -> None:
    if actual != area:
        raise LifecycleError(f"{subject} belongs to area {actual}, not {area}", field="area", value=area,
                             rule="R-AUD-1")
