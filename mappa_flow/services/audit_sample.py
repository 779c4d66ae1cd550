"""Use case: draw the reproducible random sample of Level 2 / 3 cases for the annual case audit (R-AUD-1).

The eligible cases are read from the event store itself, not from a read model,
so a draw never depends on how far a projection has caught up: every case
referred to the area, loaded as recorded so far, that was open and at Level 2
or 3 at the end of the draw date.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import cast
from uuid import UUID, uuid5

from domain.audit_sample import AuditSample
from domain.case import Case
from domain.errors import AuditSampleAlreadyExistsError
from mappa_flow.application import Outcome, Unit
from mappa_flow.commands.audit_sample import DrawAuditSample
from mappa_flow.services.area import AreaService

_PAGE = 1000


class AuditSampleService(AreaService):
    def draw_audit_sample(self, cmd: DrawAuditSample) -> Outcome:
        def work(unit: Unit) -> None:
            self.load_area(unit, cmd.area)
            sample_id = self.audit_sample_id(cmd.reference)
            unit.require_absent(sample_id, lambda: AuditSampleAlreadyExistsError(
                f"audit sample {cmd.reference} was already drawn; give another sample_ref for a further draw",
                field="sample_ref", value=cmd.reference, rule="R-AUD-1"))
            sample = AuditSample.draw(
                sample_id, unit.stamp, cmd.occurred_on, sample_ref=cmd.reference, area=cmd.area,
                reporting_year=cmd.reporting_year, eligible=self.audit_eligible_cases(cmd.area, cmd.occurred_on),
                size=cmd.sample_size, seed=cmd.seed,
            )
            unit.track(sample)

        return self.run_command(cmd, work)

    def audit_sample_id(self, sample_ref: str) -> UUID:
        return uuid5(self.ids.namespace, f"audit-sample:{sample_ref}")

    def audit_eligible_cases(self, area: str, on: date) -> list[str]:
        """References of the area's cases that were open and at Level 2 or 3 at the end of ``on``, sorted."""
        eligible = []
        for case_id in self._cases_referred_to(area, on):
            case: Case = self.repository.get(case_id)
            if not case.was_archived_on(on) and case.level_on(on) in (2, 3):
                eligible.append(case.reference)
        return sorted(eligible)

    def _cases_referred_to(self, area: str, on: date) -> Iterator[UUID]:
        """Ids of the cases referred to ``area`` on or before ``on``, read from the referrals in the log."""
        start = 1
        while True:
            page = self.recorder.select_notifications(start, _PAGE, topics=[Case.Referred.TOPIC])
            for notification in page:
                referred = cast(Case.Referred, self.mapper.to_domain_event(notification))
                if referred.area == area and referred.occurred_on <= on:
                    yield referred.originator_id
            if len(page) < _PAGE:
                return
            start = page[-1].id + 1
