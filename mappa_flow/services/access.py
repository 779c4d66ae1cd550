"""Use case: record that someone viewed or exported a case's record (the access log)."""

from __future__ import annotations

from uuid import UUID, uuid5

from domain.access import AccessRecord
from domain.errors import DomainError
from mappa_flow.application import Outcome, Unit
from mappa_flow.commands.access import RecordAccess
from mappa_flow.services.case import CaseService


class AccessService(CaseService):
    os_user = ""  # the operating-system account running this process; set by the composition root (bootstrap)

    def record_access(self, cmd: RecordAccess) -> Outcome:
        """One new aggregate per access, so that simultaneous views of one case never conflict."""

        def work(unit: Unit) -> None:
            case = self.load_case(unit, cmd.case_reference)
            record = AccessRecord.log(
                self.access_id(cmd.command_id), unit.stamp, cmd.occurred_on, action=cmd.action, case_id=case.id,
                case_reference=case.reference, subject=cmd.subject, scope=cmd.scope,
                export_format=cmd.export_format, os_user=self.os_user,
            )
            unit.create(record, lambda: DomainError(
                f"access {cmd.command_id} was already recorded", field="command_id", value=cmd.command_id))

        return self.run_command(cmd, work)

    def access_id(self, command_id: str) -> UUID:
        """The access record's id derives from the command id, like a receipt's."""
        return uuid5(self.ids.namespace, f"access:{command_id}")
