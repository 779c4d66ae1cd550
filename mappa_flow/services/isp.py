"""Use cases of an Intensive Support Package (R-ISP-1)."""

from __future__ import annotations

from collections.abc import Callable

from domain.errors import IspAlreadyExistsError, IspNotFoundError
from domain.isp import Isp
from mappa_flow.application import Outcome, Unit
from mappa_flow.commands import isp as i
from mappa_flow.services.case import CaseService


class IspService(CaseService):
    def load_isp(self, unit: Unit, isp_ref: str) -> Isp:
        isp: Isp = unit.load(
            self.ids.isp(isp_ref),
            lambda: IspNotFoundError(
                f"no Intensive Support Package has reference {isp_ref}", field="isp_ref", value=isp_ref,
                rule="R-ISP-1",
            ),
        )
        return isp

    def _on_isp(self, cmd: i.IspCommand, change: Callable[[Isp, Unit], None]) -> Outcome:
        def work(unit: Unit) -> None:
            change(self.load_isp(unit, cmd.isp_ref), unit)

        return self.run_command(cmd, work)

    def approve_isp(self, cmd: i.ApproveIsp) -> Outcome:
        def work(unit: Unit) -> None:
            isp = Isp.approve(
                self.ids.isp(cmd.isp_ref), self.load_case(unit, cmd.case_reference), unit.stamp, cmd.occurred_on,
                isp_ref=cmd.isp_ref, provider=cmd.provider, cost_pence=cmd.cost_pence, starts_on=cmd.starts_on,
            )
            unit.create(isp, lambda: IspAlreadyExistsError(
                f"ISP {cmd.isp_ref} was already approved; renew it instead", field="isp_ref", value=cmd.isp_ref,
                rule="R-ISP-1"))

        return self.run_command(cmd, work)

    def request_isp_renewal(self, cmd: i.RequestIspRenewal) -> Outcome:
        return self._on_isp(cmd, lambda isp, u: isp.request_renewal(cmd.risk_assessed_on, u.stamp, cmd.occurred_on))

    def renew_isp(self, cmd: i.RenewIsp) -> Outcome:
        return self._on_isp(cmd, lambda isp, u: isp.renew(cmd.cost_pence, cmd.provider, u.stamp, cmd.occurred_on))

    def end_isp(self, cmd: i.EndIsp) -> Outcome:
        return self._on_isp(cmd, lambda isp, u: isp.end(cmd.reason, u.stamp, cmd.occurred_on))
