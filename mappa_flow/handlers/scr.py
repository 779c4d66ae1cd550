"""Handlers of a Significant Case Review (R-SCR-1, R-SCR-2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.errors import LifecycleError, ScrAlreadyExistsError
from domain.scr import Scr
from mappa_flow.commands import scr as s
from mappa_flow.handlers.load import load_area, load_case, load_scr

if TYPE_CHECKING:
    from mappa_flow.application import Unit


def commission_scr(cmd: s.CommissionScr, unit: Unit) -> None:
    load_area(unit, cmd.area)
    if cmd.case_reference is not None:
        _check_case_in_area(unit, cmd.case_reference, cmd.area)
    scr = Scr.commission(unit.app.ids.scr(cmd.scr_ref), unit.stamp, cmd.occurred_on, scr_ref=cmd.scr_ref,
                         area=cmd.area, case_reference=cmd.case_reference, remit=cmd.remit)
    unit.create(scr, lambda: ScrAlreadyExistsError(
        f"SCR {cmd.scr_ref} was already commissioned", field="scr_ref", value=cmd.scr_ref, rule="R-SCR-1"))


def _check_case_in_area(unit: Unit, case_reference: str, area: str) -> None:
    case = load_case(unit, case_reference)
    if case.area != area:
        raise LifecycleError(
            f"case {case_reference} belongs to area {case.area}, not {area}", field="area", value=area,
            rule="R-SCR-1",
        )


def appoint_reviewer(cmd: s.AppointReviewer, unit: Unit) -> None:
    load_scr(unit, cmd.scr_ref).appoint_reviewer(cmd.lead_reviewer, list(cmd.team), unit.stamp, cmd.occurred_on)


def publish_scr_report(cmd: s.PublishScrReport, unit: Unit) -> None:
    load_scr(unit, cmd.scr_ref).publish_report(cmd.extent, unit.stamp, cmd.occurred_on)


def record_scr_finding(cmd: s.RecordScrFinding, unit: Unit) -> None:
    load_scr(unit, cmd.scr_ref).record_finding(cmd.finding_ref, cmd.text, unit.stamp, cmd.occurred_on)


def make_recommendation(cmd: s.MakeRecommendation, unit: Unit) -> None:
    load_scr(unit, cmd.scr_ref).make_recommendation(cmd.recommendation_ref, cmd.text, unit.stamp, cmd.occurred_on)


def assign_action(cmd: s.AssignAction, unit: Unit) -> None:
    load_scr(unit, cmd.scr_ref).assign_action(
        cmd.recommendation_ref, cmd.action_ref, cmd.owner, cmd.due_on, cmd.text, unit.stamp, cmd.occurred_on)


def progress_action(cmd: s.ProgressAction, unit: Unit) -> None:
    load_scr(unit, cmd.scr_ref).progress_action(cmd.action_ref, cmd.note, cmd.completed, unit.stamp, cmd.occurred_on)


def close_recommendation(cmd: s.CloseRecommendation, unit: Unit) -> None:
    load_scr(unit, cmd.scr_ref).close_recommendation(
        cmd.recommendation_ref, cmd.outcome, cmd.evidence, unit.stamp, cmd.occurred_on)


def evaluate_scr_stage(cmd: s.EvaluateScrStage, unit: Unit) -> None:
    load_scr(unit, cmd.scr_ref).evaluate_stage(cmd.stage, cmd.rating, cmd.comment, unit.stamp, cmd.occurred_on)


def close_scr(cmd: s.CloseScr, unit: Unit) -> None:
    load_scr(unit, cmd.scr_ref).close(unit.stamp, cmd.occurred_on)
