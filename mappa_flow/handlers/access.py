"""Handler: record that someone viewed or exported a case's record (the access log)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.access import AccessRecord
from domain.errors import DomainError
from mappa_flow.commands.access import RecordAccess
from mappa_flow.handlers.load import load_case

if TYPE_CHECKING:
    from mappa_flow.application import Unit


def record_access(cmd: RecordAccess, unit: Unit) -> None:
    """One new aggregate per access, so that simultaneous views of one case never conflict."""
    case = load_case(unit, cmd.case_reference)
    record = AccessRecord.log(
        unit.app.ids.access(cmd.command_id), unit.stamp, cmd.occurred_on, action=cmd.action, case_id=case.id,
        case_reference=case.reference, subject=cmd.subject, scope=cmd.scope, export_format=cmd.export_format,
        os_user=unit.app.os_user,
    )
    unit.create(record, lambda: DomainError(
        f"access {cmd.command_id} was already recorded", field="command_id", value=cmd.command_id))
