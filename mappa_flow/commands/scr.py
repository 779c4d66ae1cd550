"""Commands of a Significant Case Review (R-SCR-1, R-SCR-2)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from domain.scr import ReportExtent, ReviewStage
from mappa_flow.commands.base import (
    AgencyCode,
    AreaCode,
    Command,
    Day,
    Flag,
    LongText,
    Reference,
    ShortText,
    WholeNumber,
)


class ScrCommand(Command):
    scr_ref: Reference


class CommissionScr(ScrCommand):
    command: Literal["commission_scr"] = "commission_scr"
    area: AreaCode
    case_reference: Reference | None = Field(None, description="The case reviewed, when the review is of one case.")
    remit: LongText


class AppointReviewer(ScrCommand):
    command: Literal["appoint_reviewer"] = "appoint_reviewer"
    lead_reviewer: ShortText
    team: list[ShortText] = Field(default_factory=list, max_length=30)


class PublishScrReport(ScrCommand):
    command: Literal["publish_scr_report"] = "publish_scr_report"
    extent: ReportExtent = Field(description="part or full.")


class RecordScrFinding(ScrCommand):
    command: Literal["record_scr_finding"] = "record_scr_finding"
    finding_ref: Reference
    text: LongText


class MakeRecommendation(ScrCommand):
    command: Literal["make_recommendation"] = "make_recommendation"
    recommendation_ref: Reference
    text: LongText


class AssignAction(ScrCommand):
    command: Literal["assign_action"] = "assign_action"
    recommendation_ref: Reference
    action_ref: Reference
    owner: AgencyCode = Field(description="The agency that owns the action.")
    due_on: Day
    text: LongText


class ProgressAction(ScrCommand):
    command: Literal["progress_action"] = "progress_action"
    action_ref: Reference
    note: LongText
    completed: Flag = False


class CloseRecommendation(ScrCommand):
    command: Literal["close_recommendation"] = "close_recommendation"
    recommendation_ref: Reference
    outcome: ShortText
    evidence: LongText


class EvaluateScrStage(ScrCommand):
    command: Literal["evaluate_scr_stage"] = "evaluate_scr_stage"
    stage: ReviewStage
    rating: WholeNumber = Field(ge=1, le=4, description="1 poor, 2 needs improvement, 3 adequate, 4 good.")
    comment: LongText


class CloseScr(ScrCommand):
    command: Literal["close_scr"] = "close_scr"


SCR_COMMANDS = (
    CommissionScr, AppointReviewer, PublishScrReport, RecordScrFinding, MakeRecommendation, AssignAction,
    ProgressAction, CloseRecommendation, EvaluateScrStage, CloseScr,
)
