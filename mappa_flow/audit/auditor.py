"""What an auditor can ask of the store: histories, past states, seals, verification and the access log.

Viewing or exporting a case's record is itself recorded (who, when, which case,
what) before anything is shown: the caller names the viewer, and a view that
cannot be recorded is not shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import Engine

from domain.access import AccessAction, AccessSubject
from domain.errors import CaseNotFoundError
from mappa_flow.audit.access import record_access
from mappa_flow.audit.history import ACCESS_AGGREGATE, HistoryEntry, HistoryFilter, case_history
from mappa_flow.audit.index import CaseIndex
from mappa_flow.audit.seal import Sealer, SealOutcome
from mappa_flow.audit.states import CaseStates, TimeTravel
from mappa_flow.audit.tables import audit_engine, create_tables, drop_old_index
from mappa_flow.audit.verify import Overdue, Verification, Verifier
from mappa_flow.bootstrap import Mappa
from mappa_flow.projecting import views_engine
from mappa_flow.settings import Settings


@dataclass(frozen=True)
class AccessEntry:
    recorded_at: datetime
    viewer: str
    action: str  # viewed, exported
    subject: str  # history, state
    scope: str
    export_format: str | None
    command_id: str
    os_user: str = ""  # the operating-system account that recorded it ("" in records from before it was kept)

    def as_dict(self) -> dict[str, Any]:
        return {"recorded_at": self.recorded_at.isoformat(), "viewer": self.viewer, "os_user": self.os_user,
                "action": self.action, "subject": self.subject, "scope": self.scope,
                "export_format": self.export_format, "command_id": self.command_id}


class Auditor:
    def __init__(self, app: Mappa, engine: Engine, index: CaseIndex, seal_interval: timedelta = timedelta(hours=24)):
        self.app = app
        self.engine = engine  # the event store's own database: the seals
        self.seal_interval = seal_interval  # how often the store is sealed; unsealed for longer is a finding
        self.index = index  # a view, in the views' database
        self.states = CaseStates(self.index)

    @classmethod
    def open(cls, settings: Settings, app: Mappa) -> Auditor:
        """The seals live in the event store's own database, the case index with the views; each is made if
        missing, and an index built from another store's log is emptied, to be built again from this one."""
        engine = audit_engine(settings)
        create_tables(engine)
        if settings.backend == "sqlite" and settings.views_path.resolve() != settings.sqlite_path.resolve():
            drop_old_index(engine)
        index = CaseIndex(app, views_engine(settings))
        index.setup()
        return cls(app, engine, index, timedelta(hours=settings.seal_interval_hours))

    def close(self) -> None:
        self.index.close()
        self.index.engine.dispose()
        self.engine.dispose()

    # ---- cases -------------------------------------------------------------------

    def case_id(self, reference: str) -> UUID:
        """The case's id, once the index has caught up; refuses an unknown reference."""
        self.index.catch_up()
        case_id = self.app.ids.case(reference)
        if not self.index.has_case(case_id):
            raise CaseNotFoundError(f"no case has reference {reference}", field="case_reference", value=reference,
                                    rule="R-CASE-1")
        return case_id

    def history(self, reference: str, wanted: HistoryFilter | None = None) -> list[HistoryEntry]:
        return case_history(self.index, self.case_id(reference), wanted or HistoryFilter())

    def state(self, reference: str, as_at: date | None = None, known_at: datetime | None = None,
              use_snapshots: bool = True) -> TimeTravel:
        return self.states.state(self.case_id(reference), as_at, known_at, use_snapshots)

    # ---- the access log ----------------------------------------------------------------

    def record_access(self, reference: str, viewer: str, action: AccessAction, subject: AccessSubject,
                      scope: str, export_format: str | None = None) -> None:
        """Record one view or export, before it is shown. Refuses an unknown case, writing nothing."""
        record_access(self.app, reference, viewer, action, subject, scope, export_format)

    def access_log(self, reference: str) -> list[AccessEntry]:
        """Who looked at a case, oldest first."""
        case_id = self.case_id(reference)
        records = [o for o, aggregate in self.index.members(case_id).items() if aggregate == ACCESS_AGGREGATE]
        events: list[Any] = [next(iter(self.app.events.get(record, lte=1))) for record in records]
        entries = [AccessEntry(
            recorded_at=e.timestamp, viewer=e.recorded_by, action=_action(e), subject=e.subject, scope=e.scope,
            export_format=getattr(e, "export_format", None), command_id=e.command_id, os_user=e.os_user,
        ) for e in events]
        return sorted(entries, key=lambda entry: entry.recorded_at)

    # ---- tamper evidence ------------------------------------------------------------------

    def seal(self, sealed_by: str) -> SealOutcome:
        return Sealer(self.app, self.engine).seal(sealed_by, self.app.clock.now())

    def verify(self, anchor: str | None = None) -> Verification:
        return Verifier(self.app, self.engine).verify(anchor, Overdue(self.app.clock.now(), self.seal_interval))


def _action(event: Any) -> str:
    return str(AccessAction.EXPORTED if hasattr(event, "export_format") else AccessAction.VIEWED)
