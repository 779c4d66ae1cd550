"""An ISP's renewals: requested with an updated risk assessment before each three-month period ends (R-ISP-1).

The case and this process share the ISP: each wakes on the day and then
decides, so only one of them ever ends it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.isp import period_end
from mappa_flow.commands.isp import EndIsp, RenewIsp, RequestIspRenewal
from mappa_flow.demo.plan import DemoArea
from mappa_flow.demo.state import IspState
from mappa_flow.demo.text import ISP_END_REASONS
from mappa_flow.demo.world import Flow, World, as_date

LATE_RENEWAL = 0.08
ENDS_AFTER_TWO = 0.3  # chance, at each renewal from the third period on, that the package ends instead


def isp_flow(world: World, isp: IspState, starts: int, area: DemoArea, cost: Decimal) -> Flow:
    base, work = {"recorded_by": area.coordinator, "isp_ref": isp.ref}, area.work
    periods = 1
    while True:
        ends = period_end(date.fromordinal(starts)).toordinal()
        request = max(starts, work.on_or_before(ends - world.between(10, 30)))
        yield request, None, None
        if not isp.active:
            return
        if periods >= 2 and world.chance(ENDS_AFTER_TWO):
            isp.active = False
            yield request, EndIsp, {**base, "reason": world.rng.choice(ISP_END_REASONS)}
            return
        assessed = max(starts, request - world.between(0, 7))
        yield request, RequestIspRenewal, {**base, "risk_assessed_on": as_date(assessed)}
        late = world.chance(LATE_RENEWAL)
        renew = work.on_or_after(ends + world.between(1, 10)) if late else min(ends, request + world.between(3, 14))
        renew = max(request, work.on_or_before(renew))
        yield renew, None, None
        if not isp.active:
            return
        cost = (cost * Decimal(world.between(90, 112)) / 100).quantize(Decimal("0.01"))
        yield renew, RenewIsp, {**base, "cost": cost}
        starts, periods = ends + 1, periods + 1
