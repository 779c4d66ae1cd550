"""Handlers of an Intensive Support Package (R-ISP-1)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.errors import IspAlreadyExistsError
from domain.isp import Isp
from mappa_flow.commands import isp as i
from mappa_flow.handlers.load import load_case, load_isp

if TYPE_CHECKING:
    from mappa_flow.application import Unit


def approve_isp(cmd: i.ApproveIsp, unit: Unit) -> None:
    isp = Isp.approve(
        unit.app.ids.isp(cmd.isp_ref), load_case(unit, cmd.case_reference), unit.stamp, cmd.occurred_on,
        isp_ref=cmd.isp_ref, provider=cmd.provider, cost_pence=cmd.cost_pence, starts_on=cmd.starts_on,
    )
    unit.create(isp, lambda: IspAlreadyExistsError(
        f"ISP {cmd.isp_ref} was already approved; renew it instead", field="isp_ref", value=cmd.isp_ref,
        rule="R-ISP-1"))


def request_isp_renewal(cmd: i.RequestIspRenewal, unit: Unit) -> None:
    load_isp(unit, cmd.isp_ref).request_renewal(cmd.risk_assessed_on, unit.stamp, cmd.occurred_on)


def renew_isp(cmd: i.RenewIsp, unit: Unit) -> None:
    load_isp(unit, cmd.isp_ref).renew(cmd.cost_pence, cmd.provider, unit.stamp, cmd.occurred_on)


def end_isp(cmd: i.EndIsp, unit: Unit) -> None:
    load_isp(unit, cmd.isp_ref).end(cmd.reason, unit.stamp, cmd.occurred_on)
