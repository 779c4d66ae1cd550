"""Handlers: the SOG records its quarterly review and the publication of the annual report (R-REM-6)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.errors import LifecycleError
from domain.oversight import AnnualReport, SogReview
from mappa_flow.commands.oversight import PublishAnnualReport, RecordSogReview
from mappa_flow.handlers.load import load_area

if TYPE_CHECKING:
    from mappa_flow.application import Unit


def record_sog_review(cmd: RecordSogReview, unit: Unit) -> None:
    load_area(unit, cmd.area)
    review_id = unit.app.ids.sog_review(cmd.area, cmd.occurred_on.isoformat())
    review = SogReview.hold(review_id, unit.stamp, cmd.occurred_on, area=cmd.area)
    unit.create(review, lambda: LifecycleError(
        f"a SOG review of area {cmd.area} on {cmd.occurred_on.isoformat()} is already recorded",
        field="occurred_on", value=cmd.occurred_on.isoformat(), rule="R-REM-6"))


def publish_annual_report(cmd: PublishAnnualReport, unit: Unit) -> None:
    load_area(unit, cmd.area)
    report_id = unit.app.ids.annual_report(cmd.area, cmd.year)
    report = AnnualReport.publish(report_id, unit.stamp, cmd.occurred_on, area=cmd.area, year=cmd.year)
    unit.create(report, lambda: LifecycleError(
        f"the annual report of area {cmd.area} for {cmd.year} is already recorded as published",
        field="year", value=cmd.year, rule="R-REM-6"))
