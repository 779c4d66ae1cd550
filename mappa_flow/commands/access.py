"""The command that records someone viewing or exporting a case's record (the access log)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from domain.access import AccessAction, AccessSubject
from mappa_flow.commands.base import Command, OneLine, Reference, ShortText


class RecordAccess(Command):
    """Who looked at which case, and what they saw. ``recorded_by`` is the person looking."""

    command: Literal["record_access"] = "record_access"
    case_reference: Reference
    action: AccessAction = Field(description="viewed or exported.")
    subject: AccessSubject = Field(AccessSubject.HISTORY, description="history, or state (time travel).")
    scope: Annotated[str, StringConstraints(max_length=200), OneLine] = Field(
        "", description="The filters or cut-offs applied, in words.")
    export_format: ShortText | None = Field(None, description="For an export: html or json.")


ACCESS_COMMANDS = (RecordAccess,)
