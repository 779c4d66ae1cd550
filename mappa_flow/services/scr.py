"""Use cases of a Significant Case Review (R-SCR-1, R-SCR-2)."""

from __future__ import annotations

from collections.abc import Callable

from domain.errors import LifecycleError, ScrAlreadyExistsError, ScrNotFoundError
from domain.scr import Scr
from mappa_flow.application import Outcome, Unit
from mappa_flow.commands import scr as s
from mappa_flow.services.case import CaseService


class ScrService(CaseService):
    def load_scr(self, unit: Unit, scr_ref: str) -> Scr:
        scr: Scr = unit.load(
            self.ids.scr(scr_ref),
            lambda: ScrNotFoundError(
                f"no Significant Case Review has reference {scr_ref}", field="scr_ref", value=scr_ref, rule="R-SCR-1"
            ),
        )
        return scr

    def _on_scr(self, cmd: s.ScrCommand, change: Callable[[Scr, Unit], None]) -> Outcome:
        def work(unit: Unit) -> None:
            change(self.load_scr(unit, cmd.scr_ref), unit)

        return self.run_command(cmd, work)

    def commission_scr(self, cmd: s.CommissionScr) -> Outcome:
        def work(unit: Unit) -> None:
            self.load_area(unit, cmd.area)
            if cmd.case_reference is not None:
                self._check_case_in_area(unit, cmd.case_reference, cmd.area)
            scr = Scr.commission(self.ids.scr(cmd.scr_ref), unit.stamp, cmd.occurred_on, scr_ref=cmd.scr_ref,
                                 area=cmd.area, case_reference=cmd.case_reference, remit=cmd.remit)
            unit.create(scr, lambda: ScrAlreadyExistsError(
                f"SCR {cmd.scr_ref} was already commissioned", field="scr_ref", value=cmd.scr_ref, rule="R-SCR-1"))

        return self.run_command(cmd, work)

    def _check_case_in_area(self, unit: Unit, case_reference: str, area: str) -> None:
        case = self.load_case(unit, case_reference)
        if case.area != area:
            raise LifecycleError(
                f"case {case_reference} belongs to area {case.area}, not {area}", field="area", value=area,
                rule="R-SCR-1",
            )

    def appoint_reviewer(self, cmd: s.AppointReviewer) -> Outcome:
        return self._on_scr(cmd, lambda scr, u: scr.appoint_reviewer(
            cmd.lead_reviewer, list(cmd.team), u.stamp, cmd.occurred_on))

    def publish_scr_report(self, cmd: s.PublishScrReport) -> Outcome:
        return self._on_scr(cmd, lambda scr, u: scr.publish_report(cmd.extent, u.stamp, cmd.occurred_on))

    def record_scr_finding(self, cmd: s.RecordScrFinding) -> Outcome:
        return self._on_scr(cmd, lambda scr, u: scr.record_finding(
            cmd.finding_ref, cmd.text, u.stamp, cmd.occurred_on))

    def make_recommendation(self, cmd: s.MakeRecommendation) -> Outcome:
        return self._on_scr(cmd, lambda scr, u: scr.make_recommendation(
            cmd.recommendation_ref, cmd.text, u.stamp, cmd.occurred_on))

    def assign_action(self, cmd: s.AssignAction) -> Outcome:
        return self._on_scr(cmd, lambda scr, u: scr.assign_action(
            cmd.recommendation_ref, cmd.action_ref, cmd.owner, cmd.due_on, cmd.text, u.stamp, cmd.occurred_on))

    def progress_action(self, cmd: s.ProgressAction) -> Outcome:
        return self._on_scr(cmd, lambda scr, u: scr.progress_action(
            cmd.action_ref, cmd.note, cmd.completed, u.stamp, cmd.occurred_on))

    def close_recommendation(self, cmd: s.CloseRecommendation) -> Outcome:
        return self._on_scr(cmd, lambda scr, u: scr.close_recommendation(
            cmd.recommendation_ref, cmd.outcome, cmd.evidence, u.stamp, cmd.occurred_on))

    def evaluate_scr_stage(self, cmd: s.EvaluateScrStage) -> Outcome:
        return self._on_scr(cmd, lambda scr, u: scr.evaluate_stage(
            cmd.stage, cmd.rating, cmd.comment, u.stamp, cmd.occurred_on))

    def close_scr(self, cmd: s.CloseScr) -> Outcome:
        return self._on_scr(cmd, lambda scr, u: scr.close(u.stamp, cmd.occurred_on))
