"""Use cases of a case's lifecycle (R-CASE-2, R-CASE-3)."""

from __future__ import annotations

from collections.abc import Callable

from domain.case import Case
from domain.errors import CaseAlreadyExistsError, CaseNotFoundError
from mappa_flow.application import Outcome, Unit
from mappa_flow.commands import case as c
from mappa_flow.services.area import AreaService


class CaseService(AreaService):
    def load_case(self, unit: Unit, reference: str) -> Case:
        case: Case = unit.load(
            self.ids.case(reference),
            lambda: CaseNotFoundError(
                f"no case has reference {reference}", field="case_reference", value=reference, rule="R-CASE-1"
            ),
        )
        return case

    def _on_case(self, cmd: c.CaseCommand, change: Callable[[Case, Unit], None]) -> Outcome:
        def work(unit: Unit) -> None:
            change(self.load_case(unit, cmd.case_reference), unit)

        return self.run_command(cmd, work)

    def refer_case(self, cmd: c.ReferCase) -> Outcome:
        def work(unit: Unit) -> None:
            self.load_area(unit, cmd.area)
            case = Case.refer(
                self.ids.case(cmd.case_reference), unit.stamp, cmd.occurred_on,
                **cmd.model_dump(exclude={"command", "command_id", "recorded_by", "occurred_on", "case_reference"}),
                reference=cmd.case_reference,
            )
            unit.create(case, lambda: CaseAlreadyExistsError(
                f"case {cmd.case_reference} was already referred", field="case_reference",
                value=cmd.case_reference, rule="R-CASE-1"))

        return self.run_command(cmd, work)

    def change_level(self, cmd: c.ChangeLevel) -> Outcome:
        return self._on_case(cmd, lambda case, u: case.change_level(cmd.level, u.stamp, cmd.occurred_on))

    def set_release_date(self, cmd: c.SetReleaseDate) -> Outcome:
        return self._on_case(cmd, lambda case, u: case.set_release_date(cmd.release_on, u.stamp, cmd.occurred_on))

    def record_release(self, cmd: c.RecordRelease) -> Outcome:
        return self._on_case(cmd, lambda case, u: case.release(u.stamp, cmd.occurred_on))

    def record_recall(self, cmd: c.RecordRecall) -> Outcome:
        return self._on_case(
            cmd, lambda case, u: case.recall(cmd.breach, cmd.recalled_to_prison, u.stamp, cmd.occurred_on)
        )

    def declare_missing(self, cmd: c.DeclareMissing) -> Outcome:
        return self._on_case(cmd, lambda case, u: case.declare_missing(cmd.status, u.stamp, cmd.occurred_on))

    def record_located(self, cmd: c.RecordLocated) -> Outcome:
        return self._on_case(cmd, lambda case, u: case.locate(u.stamp, cmd.occurred_on))

    def record_further_offence(self, cmd: c.RecordFurtherOffence) -> Outcome:
        return self._on_case(
            cmd, lambda case, u: case.record_further_offence(cmd.offence, cmd.stage, u.stamp, cmd.occurred_on)
        )

    def apply_for_order(self, cmd: c.ApplyForOrder) -> Outcome:
        return self._on_case(cmd, lambda case, u: case.apply_for_order(
            cmd.order_ref, cmd.order_type, cmd.route, u.stamp, cmd.occurred_on))

    def record_order_decision(self, cmd: c.RecordOrderDecision) -> Outcome:
        return self._on_case(
            cmd, lambda case, u: case.decide_order(cmd.order_ref, cmd.granted, u.stamp, cmd.occurred_on)
        )

    def record_order_at_conviction(self, cmd: c.RecordOrderAtConviction) -> Outcome:
        return self._on_case(cmd, lambda case, u: case.make_order_at_conviction(
            cmd.order_ref, cmd.order_type, u.stamp, cmd.occurred_on))

    def record_order_breach(self, cmd: c.RecordOrderBreach) -> Outcome:
        return self._on_case(cmd, lambda case, u: case.breach_order(cmd.order_ref, u.stamp, cmd.occurred_on))

    def archive_case(self, cmd: c.ArchiveCase) -> Outcome:
        return self._on_case(cmd, lambda case, u: case.archive(cmd.reason, u.stamp, cmd.occurred_on))

    def reopen_case(self, cmd: c.ReopenCase) -> Outcome:
        return self._on_case(
            cmd, lambda case, u: case.reopen(cmd.level, cmd.in_custody, u.stamp, cmd.occurred_on)
        )
