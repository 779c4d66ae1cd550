"""Commands of a case's lifecycle (R-CASE-2)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from domain.vocabulary import Breach, MissingStatus, OffenceKind, OffenceStage, OrderRoute
from mappa_flow.commands.base import (
    AgencyCode,
    AreaCode,
    Category,
    Command,
    Day,
    Flag,
    Level,
    Reference,
    ShortText,
)

AgeBand = Literal["18-20", "21-30", "31-40", "41-50", "51-60", "61+"]


class CaseCommand(Command):
    case_reference: Reference


class ReferCase(CaseCommand):
    command: Literal["refer_case"] = "refer_case"
    area: AreaCode
    category: Category = Field(description="1 registered sex offender, 2 restricted patient, 3 other RoSH.")
    level: Level
    referring_agency: AgencyCode
    in_custody: Flag
    expected_release_on: Day | None = None
    age_band: AgeBand | None = None
    gender: Literal["female", "male", "other", "not-recorded"] | None = None
    ethnicity: ShortText | None = None


class ChangeLevel(CaseCommand):
    command: Literal["change_level"] = "change_level"
    level: Level


class SetReleaseDate(CaseCommand):
    command: Literal["set_release_date"] = "set_release_date"
    release_on: Day


class RecordRelease(CaseCommand):
    command: Literal["record_release"] = "record_release"


class RecordRecall(CaseCommand):
    command: Literal["record_recall"] = "record_recall"
    breach: Breach
    recalled_to_prison: Flag


class DeclareMissing(CaseCommand):
    command: Literal["declare_missing"] = "declare_missing"
    status: MissingStatus


class RecordLocated(CaseCommand):
    command: Literal["record_located"] = "record_located"


class RecordFurtherOffence(CaseCommand):
    command: Literal["record_further_offence"] = "record_further_offence"
    offence: OffenceKind
    stage: OffenceStage


class ApplyForOrder(CaseCommand):
    command: Literal["apply_for_order"] = "apply_for_order"
    order_ref: Reference
    order_type: ShortText
    route: OrderRoute


class RecordOrderDecision(CaseCommand):
    command: Literal["record_order_decision"] = "record_order_decision"
    order_ref: Reference
    granted: Flag


class RecordOrderAtConviction(CaseCommand):
    command: Literal["record_order_at_conviction"] = "record_order_at_conviction"
    order_ref: Reference
    order_type: ShortText


class RecordOrderBreach(CaseCommand):
    command: Literal["record_order_breach"] = "record_order_breach"
    order_ref: Reference


class ArchiveCase(CaseCommand):
    command: Literal["archive_case"] = "archive_case"
    reason: ShortText


class ReopenCase(CaseCommand):
    command: Literal["reopen_case"] = "reopen_case"
    level: Level
    in_custody: Flag


CASE_COMMANDS = (
    ReferCase, ChangeLevel, SetReleaseDate, RecordRelease, RecordRecall, DeclareMissing, RecordLocated,
    RecordFurtherOffence, ApplyForOrder, RecordOrderDecision, RecordOrderAtConviction, RecordOrderBreach,
    ArchiveCase, ReopenCase,
)
