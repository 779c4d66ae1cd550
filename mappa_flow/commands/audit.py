"""The command that records a completed audit (R-AUD-1, guidance 19.18-19.21)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from domain.audit import AuditKind
from mappa_flow.commands.base import AreaCode, Command, LongText, Reference

ItemName = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z][a-z0-9_]{1,59}$")]


class RecordAudit(Command):
    command: Literal["record_audit"] = "record_audit"
    audit_ref: Reference
    kind: AuditKind = Field(description="case (Level 2 / 3, 19.19), meeting (19.20) or level1 (19.21).")
    area: AreaCode
    case_reference: Reference | None = Field(None, description="The case audited (case and level1 audits).")
    meeting_ref: Reference | None = Field(None, description="The meeting audited (meeting audits).")
    findings: dict[ItemName, LongText] = Field(
        max_length=20, description="One answer per required item of the audit form (at most 7 are asked).")
    sample_ref: Reference | None = Field(
        None, description="The recorded random draw (draw_audit_sample) this case was selected by, if any."
    )


AUDIT_COMMANDS = (RecordAudit,)
