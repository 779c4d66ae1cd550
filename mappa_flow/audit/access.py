"""Recording views and exports of a case's record in its access log (who, when, which case, what)."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import uuid4

from domain.access import AccessAction, AccessSubject
from mappa_flow.bootstrap import Mappa
from mappa_flow.clock import today_in_london
from mappa_flow.commands.access import RecordAccess


def record_access(app: Mappa, reference: str, viewer: str, action: AccessAction, subject: AccessSubject,
                  scope: str, export_format: str | None = None) -> None:
    """Record one access, before it is shown. Refuses an unknown case or an invalid viewer, writing nothing."""
    app.handle(_access(app, reference, viewer, action, subject, scope, export_format))


def record_listing(app: Mappa, references: Iterable[str], viewer: str, scope: str,
                   subject: AccessSubject | None = None) -> int:
    """Record that each case named in a list or report was shown: one access row per case, in few transactions.

    Returns how many were recorded. A case the store does not know (the views cannot name one) is refused,
    as by ``record_access``.
    """
    accesses = [_access(app, reference, viewer, AccessAction.VIEWED, subject or AccessSubject.LISTED, scope)
                for reference in sorted(set(references))]
    result = app.run_batch(accesses)
    if result.refusal is not None:
        raise result.refusal.error
    return result.applied


def _access(app: Mappa, reference: str, viewer: str, action: AccessAction, subject: AccessSubject, scope: str,
            export_format: str | None = None) -> RecordAccess:
    return RecordAccess(
        command_id=f"access-{uuid4()}", recorded_by=viewer, occurred_on=today_in_london(app.clock),
        case_reference=reference, action=action, subject=subject, scope=scope[:200], export_format=export_format,
    )
