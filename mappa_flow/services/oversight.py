"""Use cases: the SOG records its quarterly review and the publication of the annual report (R-REM-6)."""

from __future__ import annotations

from uuid import UUID, uuid5

from domain.errors import LifecycleError
from domain.oversight import AnnualReport, SogReview
from mappa_flow.application import Outcome, Unit
from mappa_flow.commands.oversight import PublishAnnualReport, RecordSogReview
from mappa_flow.services.area import AreaService


class OversightService(AreaService):
    def _oversight_id(self, kind: str, key: str) -> UUID:
        return uuid5(self.ids.namespace, f"{kind}:{key}")

    def record_sog_review(self, cmd: RecordSogReview) -> Outcome:
        def work(unit: Unit) -> None:
            self.load_area(unit, cmd.area)
            review_id = self._oversight_id("sog-review", f"{cmd.area}:{cmd.occurred_on.isoformat()}")
            review = SogReview.hold(review_id, unit.stamp, cmd.occurred_on, area=cmd.area)
            unit.create(review, lambda: LifecycleError(
                f"a SOG review of area {cmd.area} on {cmd.occurred_on.isoformat()} is already recorded",
                field="occurred_on", value=cmd.occurred_on.isoformat(), rule="R-REM-6"))

        return self.run_command(cmd, work)

    def publish_annual_report(self, cmd: PublishAnnualReport) -> Outcome:
        def work(unit: Unit) -> None:
            self.load_area(unit, cmd.area)
            report_id = self._oversight_id("annual-report", f"{cmd.area}:{cmd.year}")
            report = AnnualReport.publish(report_id, unit.stamp, cmd.occurred_on, area=cmd.area, year=cmd.year)
            unit.create(report, lambda: LifecycleError(
                f"the annual report of area {cmd.area} for {cmd.year} is already recorded as published",
                field="year", value=cmd.year, rule="R-REM-6"))

        return self.run_command(cmd, work)
