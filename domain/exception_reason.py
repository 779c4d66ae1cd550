"""The recorded reason for one exception to a national performance indicator (R-PI-EXC).

The guidance requires a reason for every exception so that commonalities can be
found. Each exception has its own small aggregate, identified by the
exception's stable key, so a reason can be revised later and an auditor still
sees every version with who recorded it and when.

Whether the exception exists is a question for the indicator computation (a
read model); the application checks it before calling ``explain``. The
aggregate checks what it can alone: the indicator, the category, and that a
revision is not dated before the reason it revises.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from domain.check import check_choice
from domain.errors import LifecycleError
from domain.event import MappaAggregate, MappaEvent, Stamp, check_not_future

INDICATOR_IDS = tuple(f"R-PI-{number}" for number in range(1, 11))


class ExceptionCategory(StrEnum):
    """R-PI-EXC: why an occurrence missed its indicator."""

    INFORMATION_LATE = "information-not-received-in-time"
    AGENCY_UNAVAILABLE = "agency-unavailable"
    CHAIR_UNAVAILABLE = "chair-unavailable"
    LATE_REFERRAL = "late-referral"
    NO_RISK_ASSESSMENT = "no-risk-assessment"
    OTHER = "other"


class ExceptionReason(MappaAggregate):
    TOPIC = "mappa:ExceptionReason"
    class_version = 1  # docs/decisions.md, "Event and snapshot evolution"

    class Event(MappaEvent):
        TOPIC = "mappa:ExceptionReason.Event"

    class ReasonRecorded(MappaAggregate.Created, Event):
        TOPIC = "mappa:ExceptionReason.ReasonRecorded"
        indicator: str
        exception_key: str
        area: str
        case_reference: str
        category: str
        agency: str | None
        text: str

    class ReasonRevised(Event):
        """A later reason for the same exception; it replaces the earlier one in reports."""

        TOPIC = "mappa:ExceptionReason.ReasonRevised"
        category: str
        agency: str | None
        text: str

        def apply(self, reason: ExceptionReason) -> None:
            reason.category = self.category
            reason.agency = self.agency
            reason.text = self.text
            reason.recorded_on = self.occurred_on

    def __init__(
        self, indicator: str, exception_key: str, area: str, case_reference: str, category: str,
        agency: str | None, text: str, occurred_on: date,
    ) -> None:
        self.indicator = indicator
        self.exception_key = exception_key
        self.area = area
        self.case_reference = case_reference
        self.category = category
        self.agency = agency
        self.text = text
        self.recorded_on = occurred_on

    @classmethod
    def explain(
        cls, reason_id: UUID, stamp: Stamp, on: date, *, indicator: str, exception_key: str, area: str,
        case_reference: str, category: str, agency: str | None, text: str,
    ) -> ExceptionReason:
        """R-PI-EXC: the first reason recorded against an exception."""
        check_not_future(on, stamp)
        _check_indicator(indicator, exception_key)
        check_choice(ExceptionCategory, category, "category", "R-PI-EXC")
        return cls._create(
            cls.ReasonRecorded, id=reason_id, **stamp.event_fields(on), indicator=indicator,
            exception_key=exception_key, area=area, case_reference=case_reference, category=category,
            agency=agency, text=text,
        )

    def revise(self, stamp: Stamp, on: date, *, category: str, agency: str | None, text: str) -> None:
        """R-PI-EXC: a reason can be revised; the latest one is reported."""
        check_choice(ExceptionCategory, category, "category", "R-PI-EXC")
        if on < self.recorded_on:
            raise LifecycleError(
                f"the reason for exception {self.exception_key} was last recorded on {self.recorded_on.isoformat()};"
                f" a revision cannot be dated {on.isoformat()}",
                field="occurred_on", value=on.isoformat(), rule="R-PI-EXC",
            )
        self.record(self.ReasonRevised, stamp, on, category=category, agency=agency, text=text)


def _check_indicator(indicator: str, exception_key: str) -> None:
    if indicator not in INDICATOR_IDS:
        raise LifecycleError(
            f"indicator must be one of {', '.join(INDICATOR_IDS)}", field="indicator", value=indicator,
            rule="R-PI-EXC",
        )
    if not exception_key.startswith(f"{indicator}:"):
        raise LifecycleError(
            f"exception {exception_key} is not an exception of {indicator}", field="exception_key",
            value=exception_key, rule="R-PI-EXC",
        )
