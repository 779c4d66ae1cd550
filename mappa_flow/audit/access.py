"""Recording one view or export of a case's record in its access log (who, when, which case, what)."""

from __future__ import annotations

from uuid import uuid4

from domain.access import AccessAction, AccessSubject
from mappa_flow.bootstrap import Mappa
from mappa_flow.clock import today_in_london
from mappa_flow.commands.access import RecordAccess


def record_access(app: Mappa, reference: str, viewer: str, action: AccessAction, subject: AccessSubject,
                  scope: str, export_format: str | None = None) -> None:
    """Record one access, before it is shown. Refuses an unknown case or an invalid viewer, writing nothing."""
    app.record_access(RecordAccess(
        command_id=f"access-{uuid4()}", recorded_by=viewer, occurred_on=today_in_london(app.clock),
        case_reference=reference, action=action, subject=subject, scope=scope[:200], export_format=export_format,
    ))
