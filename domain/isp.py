"""Intensive Support Packages (R-ISP-1, guidance 18.16-18.17).

Funding is approved for three months at a time (R-CAL-4). Continuation needs a
renewal backed by an updated risk assessment. Costs are whole pence.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from domain.calendar import add_months
from domain.case import Case
from domain.errors import LifecycleError
from domain.event import MappaAggregate, MappaEvent, Stamp, check_not_future

ISP_PERIOD_MONTHS = 3


def period_end(starts_on: date) -> date:
    """The last funded day of a three-month period starting on ``starts_on`` (R-ISP-1, R-CAL-4)."""
    return add_months(starts_on, ISP_PERIOD_MONTHS) - timedelta(days=1)


class Isp(MappaAggregate):
    TOPIC = "mappa:Isp"
    class_version = 1  # docs/decisions.md, "Event and snapshot evolution"

    class Event(MappaEvent):
        TOPIC = "mappa:Isp.Event"

    class Approved(MappaAggregate.Created, Event):
        TOPIC = "mappa:Isp.Approved"
        isp_ref: str
        case_id: UUID
        case_reference: str
        area: str
        provider: str
        cost_pence: int
        starts_on: date
        ends_on: date

    class RenewalRequested(Event):
        TOPIC = "mappa:Isp.RenewalRequested"
        risk_assessed_on: date

        def apply(self, isp: Isp) -> None:
            isp.renewal_requested_on = self.occurred_on
            isp.last_on = self.occurred_on

    class Renewed(Event):
        TOPIC = "mappa:Isp.Renewed"
        provider: str
        cost_pence: int
        starts_on: date
        ends_on: date
        approved_late: bool

        def apply(self, isp: Isp) -> None:
            isp.periods.append([self.starts_on, self.ends_on, self.cost_pence])
            isp.provider = self.provider
            isp.renewal_requested_on = None
            isp.last_on = self.occurred_on

    class Ended(Event):
        TOPIC = "mappa:Isp.Ended"
        reason: str

        def apply(self, isp: Isp) -> None:
            isp.ended_on = self.occurred_on
            isp.last_on = self.occurred_on

    def __init__(
        self, isp_ref: str, case_reference: str, area: str, provider: str, starts_on: date, ends_on: date,
        cost_pence: int, occurred_on: date,
    ) -> None:
        self.isp_ref = isp_ref
        self.case_reference = case_reference
        self.area = area
        self.approved_on = occurred_on
        self.last_on = occurred_on  # the date of its latest event: later commands may not be dated before it
        self.provider = provider
        self.periods: list[list[Any]] = [[starts_on, ends_on, cost_pence]]
        self.renewal_requested_on: date | None = None
        self.ended_on: date | None = None

    @property
    def starts_on(self) -> date:
        """The first day of the current funding period."""
        start: date = self.periods[-1][0]
        return start

    @property
    def ends_on(self) -> date:
        """The last funded day of the current period."""
        end: date = self.periods[-1][1]
        return end

    @classmethod
    def approve(
        cls, isp_id: UUID, case: Case, stamp: Stamp, on: date, *, isp_ref: str, provider: str,
        cost_pence: int, starts_on: date,
    ) -> Isp:
        check_not_future(on, stamp)
        if case.archived:
            raise LifecycleError(
                f"case {case.reference} is archived; an ISP is for a case managed in the community",
                field="case_reference", value=case.reference, rule="R-CASE-3",
            )
        _check_cost(cost_pence)
        return cls._create(
            cls.Approved, id=isp_id, **stamp.event_fields(on), isp_ref=isp_ref, case_id=case.id,
            case_reference=case.reference, area=case.area, provider=provider, cost_pence=cost_pence,
            starts_on=starts_on, ends_on=period_end(starts_on),
        )

    def request_renewal(self, risk_assessed_on: date, stamp: Stamp, on: date) -> None:
        """R-ISP-1: a renewal is backed by an updated risk assessment, made during the current period."""
        self._check_active(on)
        if not self.starts_on <= risk_assessed_on <= on:
            raise LifecycleError(
                f"ISP {self.isp_ref}: the updated risk assessment must be dated in the current funding period "
                f"(from {self.starts_on.isoformat()}) and on or before the request ({on.isoformat()})",
                field="risk_assessed_on", value=risk_assessed_on.isoformat(), rule="R-ISP-1",
            )
        self.record(self.RenewalRequested, stamp, on, risk_assessed_on=risk_assessed_on)

    def renew(self, cost_pence: int, provider: str | None, stamp: Stamp, on: date) -> None:
        """R-ISP-1: continuation for a further three months, starting the day after the period ends."""
        self._check_active(on)
        _check_cost(cost_pence)
        if self.renewal_requested_on is None:
            raise LifecycleError(
                f"ISP {self.isp_ref}: request the renewal with an updated risk assessment before renewing it",
                field="isp_ref", value=self.isp_ref, rule="R-ISP-1",
            )
        starts_on = self.ends_on + timedelta(days=1)
        self.record(
            self.Renewed, stamp, on, provider=provider or self.provider, cost_pence=cost_pence,
            starts_on=starts_on, ends_on=period_end(starts_on), approved_late=on > self.ends_on,
        )

    def end(self, reason: str, stamp: Stamp, on: date) -> None:
        self._check_active(on)
        self.record(self.Ended, stamp, on, reason=reason)

    def _check_active(self, on: date) -> None:
        if self.ended_on is not None:
            raise LifecycleError(
                f"ISP {self.isp_ref} ended on {self.ended_on.isoformat()}",
                field="isp_ref", value=self.isp_ref, rule="R-ISP-1",
            )
        if on < self.last_on:
            raise LifecycleError(
                f"ISP {self.isp_ref}: {on.isoformat()} is before its latest event ({self.last_on.isoformat()})",
                field="occurred_on", value=on.isoformat(), rule="R-ISP-1",
            )


def _check_cost(cost_pence: int) -> None:
    if cost_pence < 0:
        raise LifecycleError("an ISP's cost cannot be negative", field="cost", value=cost_pence, rule="R-ISP-1")
