"""The case: one individual subject to MAPPA in one area (R-CASE-1, R-CASE-2, R-CASE-3).

The aggregate keeps just what its rules need: where the case is now, and a
short timeline of levels and archive periods so that a meeting recorded late
can be checked against the level the case had on the meeting's date.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.case_timeline import CaseTimeline
from domain.check import check_choice
from domain.errors import LifecycleError
from domain.event import MappaAggregate, MappaEvent, Stamp, check_not_future
from domain.vocabulary import (
    Breach,
    Category,
    Level,
    MissingStatus,
    OffenceKind,
    OffenceStage,
    OrderRoute,
    OrderStatus,
)


class Case(CaseTimeline, MappaAggregate):
    TOPIC = "mappa:Case"
    class_version = 1  # docs/decisions.md, "Event and snapshot evolution"

    class Event(MappaEvent):
        TOPIC = "mappa:Case.Event"

    class Referred(MappaAggregate.Created, Event):
        TOPIC = "mappa:Case.Referred"
        reference: str
        area: str
        category: int
        level: int
        referring_agency: str
        in_custody: bool
        expected_release_on: date | None
        age_band: str | None
        gender: str | None
        ethnicity: str | None

    class LevelChanged(Event):
        TOPIC = "mappa:Case.LevelChanged"
        level: int
        previous_level: int

        def apply(self, case: Case) -> None:
            case.level = self.level
            case.levels.append([self.occurred_on, self.level])
            case.moved(self.occurred_on)

    class ReleaseDateSet(Event):
        TOPIC = "mappa:Case.ReleaseDateSet"
        release_on: date
        previous_release_on: date | None

        def apply(self, case: Case) -> None:
            case.expected_release_on = self.release_on
            case.moved(self.occurred_on)

    class Released(Event):
        TOPIC = "mappa:Case.Released"

        def apply(self, case: Case) -> None:
            case.in_custody = False
            case.expected_release_on = None
            case.moved(self.occurred_on, "custody")

    class Recalled(Event):
        TOPIC = "mappa:Case.Recalled"
        breach: str
        recalled_to_prison: bool

        def apply(self, case: Case) -> None:
            case.in_custody = case.in_custody or self.recalled_to_prison
            case.moved(self.occurred_on, "custody")

    class WantedOrMissingDeclared(Event):
        TOPIC = "mappa:Case.WantedOrMissingDeclared"
        status: str

        def apply(self, case: Case) -> None:
            case.missing = self.status
            case.moved(self.occurred_on, "missing")

    class Located(Event):
        TOPIC = "mappa:Case.Located"

        def apply(self, case: Case) -> None:
            case.missing = None
            case.moved(self.occurred_on, "missing")

    class FurtherOffenceRecorded(Event):
        TOPIC = "mappa:Case.FurtherOffenceRecorded"
        offence: str
        stage: str

        def apply(self, case: Case) -> None:
            case.moved(self.occurred_on)

    class OrderApplied(Event):
        TOPIC = "mappa:Case.OrderApplied"
        order_ref: str
        order_type: str
        route: str

        def apply(self, case: Case) -> None:
            case.set_order(self.order_ref, OrderStatus.APPLIED, self.occurred_on)

    class OrderGranted(Event):
        TOPIC = "mappa:Case.OrderGranted"
        order_ref: str

        def apply(self, case: Case) -> None:
            case.set_order(self.order_ref, OrderStatus.GRANTED, self.occurred_on)

    class OrderRefused(Event):
        TOPIC = "mappa:Case.OrderRefused"
        order_ref: str

        def apply(self, case: Case) -> None:
            case.set_order(self.order_ref, OrderStatus.REFUSED, self.occurred_on)

    class OrderMadeAtConviction(Event):
        TOPIC = "mappa:Case.OrderMadeAtConviction"
        order_ref: str
        order_type: str

        def apply(self, case: Case) -> None:
            case.set_order(self.order_ref, OrderStatus.GRANTED, self.occurred_on)

    class OrderBreached(Event):
        TOPIC = "mappa:Case.OrderBreached"
        order_ref: str

        def apply(self, case: Case) -> None:
            case.moved(self.occurred_on)

    class Archived(Event):
        TOPIC = "mappa:Case.Archived"
        reason: str

        def apply(self, case: Case) -> None:
            case.archived = True
            case.archives.append([self.occurred_on, None])
            case.moved(self.occurred_on)

    class Reopened(Event):
        TOPIC = "mappa:Case.Reopened"
        level: int
        in_custody: bool

        def apply(self, case: Case) -> None:
            case.archived = False
            case.archives[-1][1] = self.occurred_on
            case.level = self.level
            case.in_custody = self.in_custody
            case.levels.append([self.occurred_on, self.level])
            case.moved(self.occurred_on, "custody")

    def __init__(
        self, reference: str, area: str, category: int, level: int, referring_agency: str, in_custody: bool,
        expected_release_on: date | None, occurred_on: date,
    ) -> None:
        self.reference = reference
        self.area = area
        self.category = category
        self.level = level
        self.referring_agency = referring_agency
        self.in_custody = in_custody
        self.expected_release_on = expected_release_on
        self.referred_on = occurred_on
        self.missing: str | None = None
        self.archived = False
        self.orders: dict[str, str] = {}
        self.order_dates: dict[str, date] = {}
        # The date of the latest change of custody, of wanted/missing status, and of anything ("any"):
        # a later command may not be dated before it, so each timeline stays in date order (R-CASE-3).
        self.changed_on: dict[str, date] = dict.fromkeys(("custody", "missing", "any"), occurred_on)
        self.levels: list[list[Any]] = [[self.referred_on, self.level]]
        self.archives: list[list[Any]] = []

    # ---- creation -------------------------------------------------------

    @classmethod
    def refer(cls, case_id: UUID, stamp: Stamp, on: date, **details: Any) -> Case:
        check_not_future(on, stamp)
        category, level = details["category"], details["level"]
        _check_category(category)
        _check_level(level)
        if details["in_custody"] is False and details.get("expected_release_on"):
            raise LifecycleError(
                "an expected release date is only for a case in custody",
                field="expected_release_on",
                value=str(details["expected_release_on"]),
                rule="R-CASE-2",
            )
        return cls._create(cls.Referred, id=case_id, **stamp.event_fields(on), **details)

    # ---- commands -------------------------------------------------------

    def change_level(self, level: int, stamp: Stamp, on: date) -> None:
        self._check_open(on, "change the level")
        _check_level(level)
        self._check_not_before(on, self.levels[-1][0], "its last change of level")
        if level == self.level:
            raise LifecycleError(
                f"case {self.reference} is already at Level {level}", field="level", value=level, rule="R-CASE-3"
            )
        self.record(self.LevelChanged, stamp, on, level=level, previous_level=self.level)

    def set_release_date(self, release_on: date, stamp: Stamp, on: date) -> None:
        self._check_open(on, "set a release date")
        self._check_in_custody("set a release date", on)
        self.record(self.ReleaseDateSet, stamp, on, release_on=release_on, previous_release_on=self.expected_release_on)

    def release(self, stamp: Stamp, on: date) -> None:
        self._check_open(on, "record a release")
        self._check_in_custody("record a release", on)
        self._check_not_before(on, self.changed_on["custody"], "its last change of custody")
        self.record(self.Released, stamp, on)

    def recall(self, breach: str, recalled_to_prison: bool, stamp: Stamp, on: date) -> None:
        self._check_open(on, "record a recall")
        check_choice(Breach, breach, "breach", "R-CASE-2")
        if self.in_custody:
            raise LifecycleError(
                f"case {self.reference} is already in custody; a recall is for a case in the community",
                field="occurred_on", value=on.isoformat(), rule="R-CASE-3",
            )
        self._check_not_before(on, self.changed_on["custody"], "its last change of custody")
        self.record(self.Recalled, stamp, on, breach=breach, recalled_to_prison=recalled_to_prison)

    def declare_missing(self, status: str, stamp: Stamp, on: date) -> None:
        self._check_open(on, "declare wanted or missing")
        check_choice(MissingStatus, status, "status", "R-CASE-2")
        if self.missing is not None:
            raise LifecycleError(
                f"case {self.reference} is already recorded as {self.missing}",
                field="status", value=status, rule="R-CASE-3",
            )
        self._check_not_before(on, self.changed_on["missing"], "the date it was last located")
        self.record(self.WantedOrMissingDeclared, stamp, on, status=status)

    def locate(self, stamp: Stamp, on: date) -> None:
        self._check_open(on, "record located")
        if self.missing is None:
            raise LifecycleError(
                f"case {self.reference} is not wanted or missing, so cannot be located",
                field="occurred_on", value=on.isoformat(), rule="R-CASE-3",
            )
        self._check_not_before(on, self.changed_on["missing"], "the date it was declared wanted or missing")
        self.record(self.Located, stamp, on)

    def record_further_offence(self, offence: str, stage: str, stamp: Stamp, on: date) -> None:
        self._check_open(on, "record a further offence")
        check_choice(OffenceKind, offence, "offence", "R-CASE-2")
        check_choice(OffenceStage, stage, "stage", "R-CASE-2")
        self.record(self.FurtherOffenceRecorded, stamp, on, offence=offence, stage=stage)

    def apply_for_order(self, order_ref: str, order_type: str, route: str, stamp: Stamp, on: date) -> None:
        self._check_open(on, "apply for a preventative order")
        check_choice(OrderRoute, route, "route", "R-CASE-2")
        self._check_new_order(order_ref)
        self.record(self.OrderApplied, stamp, on, order_ref=order_ref, order_type=order_type, route=route)

    def decide_order(self, order_ref: str, granted: bool, stamp: Stamp, on: date) -> None:
        self._check_open(on, "record a court's decision")
        if self.orders.get(order_ref) != OrderStatus.APPLIED:
            raise LifecycleError(
                f"order {order_ref} of case {self.reference} is not awaiting a decision "
                f"(status: {self.orders.get(order_ref, 'never applied for')})",
                field="order_ref", value=order_ref, rule="R-CASE-3",
            )
        self._check_not_before(on, self.order_dates[order_ref], f"the application for order {order_ref}")
        self.record(self.OrderGranted if granted else self.OrderRefused, stamp, on, order_ref=order_ref)

    def make_order_at_conviction(self, order_ref: str, order_type: str, stamp: Stamp, on: date) -> None:
        self._check_open(on, "record an order made at conviction")
        self._check_new_order(order_ref)
        self.record(self.OrderMadeAtConviction, stamp, on, order_ref=order_ref, order_type=order_type)

    def breach_order(self, order_ref: str, stamp: Stamp, on: date) -> None:
        self._check_open(on, "record an order breach")
        if self.orders.get(order_ref) != OrderStatus.GRANTED:
            raise LifecycleError(
                f"order {order_ref} of case {self.reference} is not in force, so cannot be breached",
                field="order_ref", value=order_ref, rule="R-CASE-3",
            )
        self._check_not_before(on, self.order_dates[order_ref], f"the grant of order {order_ref}")
        self.record(self.OrderBreached, stamp, on, order_ref=order_ref)

    def archive(self, reason: str, stamp: Stamp, on: date) -> None:
        self._check_open(on, "archive")
        self._check_not_before(on, self.changed_on["any"], "its latest recorded event")
        self.record(self.Archived, stamp, on, reason=reason)

    def reopen(self, level: int, in_custody: bool, stamp: Stamp, on: date) -> None:
        if not self.archived:
            raise LifecycleError(
                f"case {self.reference} is open; only an archived case can be re-opened",
                field="case_reference", value=self.reference, rule="R-CASE-3",
            )
        _check_level(level)
        self._check_not_before(on, self.archives[-1][0], "the archive date")
        self.record(self.Reopened, stamp, on, level=level, in_custody=in_custody)

    # ---- checks ---------------------------------------------------------

    def _check_open(self, on: date, action: str) -> None:
        if self.archived:
            raise LifecycleError(
                f"case {self.reference} is archived; re-open it before you {action}",
                field="case_reference", value=self.reference, rule="R-CASE-3",
            )
        self._check_not_before(on, self.referred_on, "the referral date")

    def _check_not_before(self, on: date, earliest: date, what: str) -> None:
        if on < earliest:
            raise LifecycleError(
                f"case {self.reference}: {on.isoformat()} is before {what} ({earliest.isoformat()})",
                field="occurred_on", value=on.isoformat(), rule="R-CASE-3",
            )

    def _check_in_custody(self, action: str, on: date) -> None:
        if not self.in_custody:
            raise LifecycleError(
                f"case {self.reference} is in the community; cannot {action}",
                field="occurred_on", value=on.isoformat(), rule="R-CASE-3",
            )

    def _check_new_order(self, order_ref: str) -> None:
        if order_ref in self.orders:
            raise LifecycleError(
                f"order {order_ref} of case {self.reference} already exists",
                field="order_ref", value=order_ref, rule="R-CASE-3",
            )


def _check_level(level: int) -> None:
    if level not in {lv.value for lv in Level}:
        raise LifecycleError("a MAPPA level is 1, 2 or 3", field="level", value=level, rule="R-CASE-3")


def _check_category(category: int) -> None:
    if category not in {c.value for c in Category}:
        raise LifecycleError("a MAPPA category is 1, 2 or 3", field="category", value=category, rule="R-CASE-1")
