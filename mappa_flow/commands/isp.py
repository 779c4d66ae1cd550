"""Commands of an Intensive Support Package (R-ISP-1).

Costs are given in pounds with at most two decimal places (``1250.50``) and
stored as whole pence, so that sums are exact.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from mappa_flow.commands.base import Command, Day, Reference, ShortText

MAX_COST = Decimal("10000000")
PENNY = Decimal("0.01")


def _check_pounds(cost: Decimal) -> Decimal:
    if cost < 0:
        raise ValueError(f"cost cannot be negative (got {cost}); give the amount in pounds, such as 1250.50")
    if cost >= MAX_COST:
        raise ValueError(f"cost {cost} is not plausible for one three-month package (limit {MAX_COST} pounds)")
    if cost != cost.quantize(PENNY):
        raise ValueError(f"cost {cost} has more than 2 decimal places; give pounds and pence, such as 1250.50")
    return cost.quantize(PENNY)


Pounds = Annotated[
    Decimal,
    AfterValidator(_check_pounds),
    Field(description="An amount in pounds, at most 2 decimal places, e.g. 1250.50."),
]


def to_pence(cost: Decimal) -> int:
    return int(cost * 100)


class IspCommand(Command):
    isp_ref: Reference


class ApproveIsp(IspCommand):
    command: Literal["approve_isp"] = "approve_isp"
    case_reference: Reference
    provider: ShortText
    cost: Pounds = Field(description="The cost of the three-month period, in pounds.")
    starts_on: Day = Field(description="The first funded day; the period runs three months (R-CAL-4).")

    @property
    def cost_pence(self) -> int:
        return to_pence(self.cost)


class RequestIspRenewal(IspCommand):
    command: Literal["request_isp_renewal"] = "request_isp_renewal"
    risk_assessed_on: Day = Field(description="The date of the updated risk assessment behind the renewal.")


class RenewIsp(IspCommand):
    command: Literal["renew_isp"] = "renew_isp"
    cost: Pounds = Field(description="The cost of the next three-month period, in pounds.")
    provider: ShortText | None = Field(None, description="A new provider, if it changes.")

    @property
    def cost_pence(self) -> int:
        return to_pence(self.cost)


class EndIsp(IspCommand):
    command: Literal["end_isp"] = "end_isp"
    reason: ShortText


ISP_COMMANDS = (ApproveIsp, RequestIspRenewal, RenewIsp, EndIsp)
