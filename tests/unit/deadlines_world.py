"""A small world of areas, cases, meetings, ISPs, SCRs and audits built with the domain aggregates.

Each helper runs one aggregate command and appends its events to ``events`` in
the order they were recorded, so tests can feed them to a view through a
ListSource (or in any batches they like). Test data is synthetic.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.area import Area
from domain.audit import Audit
from domain.case import Case
from domain.event import Stamp
from domain.isp import Isp
from domain.meeting import Invitation, Meeting
from domain.scr import Scr

TODAY = date(2027, 6, 30)
AUDIT_ITEMS = {
    "case": ("referral_and_minutes_reviewed", "all_agencies_present", "rmp_quality", "actions_completed_timely",
             "effective_practice", "improvements", "feedback_route"),
    "meeting": ("chair_performance", "conduct_of_meeting", "feedback_given"),
}


def some_id(name: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"deadline-test:{name}")


class World:
    def __init__(self, today: date = TODAY) -> None:
        self.today = today
        self.events: list[Any] = []
        self._count = 0

    def stamp(self) -> Stamp:
        self._count += 1
        return Stamp("coord-1", f"cmd-{self._count}", datetime(2027, 1, 1, 12, tzinfo=UTC), self.today)

    def keep(self, aggregate: Any) -> Any:
        self.events.extend(aggregate.collect_events())
        return aggregate

    def area(self, code: str = "north", on: date = date(2025, 1, 6)) -> Area:
        return self.keep(Area.register(some_id(code), self.stamp(), on, code=code, name=f"Area {code}"))

    def case(self, reference: str, on: date, *, level: int = 3, in_custody: bool = False,
             release_on: date | None = None, area: str = "north") -> Case:
        return self.keep(Case.refer(
            some_id(reference), self.stamp(), on, reference=reference, area=area, category=1, level=level,
            referring_agency="police-scotland", in_custody=in_custody, expected_release_on=release_on,
            age_band=None, gender=None, ethnicity=None))

    def meeting(self, case: Case, on: date, *, ref: str | None = None, kind: str = "review",
                venue: str = "community", level: int | None = None) -> Meeting:
        ref = ref or f"{case.reference}-M-{on.isoformat()}"
        return self.keep(Meeting.hold(
            some_id(ref), case, self.stamp(), on, meeting_ref=ref, kind=kind, venue=venue, chair="chair-1",
            invitations=[Invitation("police-scotland", "in-person", True)], level=level))

    def act(self, aggregate: Any, command: str, *args: Any, on: date, **kwargs: Any) -> Any:
        """Run ``aggregate.command(*args, stamp, on, **kwargs)`` and keep its events."""
        getattr(aggregate, command)(*args, self.stamp(), on, **kwargs)
        return self.keep(aggregate)

    def isp(self, case: Case, ref: str, on: date, starts_on: date) -> Isp:
        return self.keep(Isp.approve(some_id(ref), case, self.stamp(), on, isp_ref=ref, provider="p-1",
                                     cost_pence=100_00, starts_on=starts_on))

    def scr(self, ref: str, on: date, area: str = "north") -> Scr:
        return self.keep(Scr.commission(some_id(ref), self.stamp(), on, scr_ref=ref, area=area,
                                        case_reference=None, remit="remit"))

    def audit(self, ref: str, kind: str, on: date, area: str = "north") -> Audit:
        findings = dict.fromkeys(AUDIT_ITEMS[kind], "ok")
        return self.keep(Audit.complete(
            some_id(ref), self.stamp(), on, audit_ref=ref, kind=kind, area=area,
            case_reference="N-1" if kind == "case" else None, meeting_ref="M-1" if kind == "meeting" else None,
            findings=findings))
