"""The command that draws the random Level 2 / 3 case sample for the annual case audit (R-AUD-1)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from domain.audit_sample import MAX_SEED
from mappa_flow.commands.base import AreaCode, Command, Reference, WholeNumber

ReportingYear = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^\d{4}-\d{2}$"),
    Field(description="The reporting year audited, like 2026-27 (1 April to 31 March)."),
]

MAX_SAMPLE_SIZE = 500
MAX_REFERENCE = 40


class DrawAuditSample(Command):
    """``occurred_on`` is the draw date: the cases eligible are the area's open Level 2 / 3 cases at its end."""

    command: Literal["draw_audit_sample"] = "draw_audit_sample"
    area: AreaCode
    reporting_year: ReportingYear
    sample_size: WholeNumber = Field(ge=1, le=MAX_SAMPLE_SIZE, description="How many cases to select.")
    seed: WholeNumber | None = Field(
        None, ge=0, le=MAX_SEED,
        description="The random seed. Leave it out to derive one from the command id; either way it is recorded.",
    )
    sample_ref: Reference | None = Field(
        None, description="A reference for this draw (default: <area>-<reporting year>)."
    )

    @property
    def reference(self) -> str:
        return self.sample_ref or f"{self.area}-{self.reporting_year}"

    @model_validator(mode="after")
    def _reference_fits(self) -> DrawAuditSample:
        if len(self.reference) > MAX_REFERENCE:
            raise ValueError(f"the default sample_ref {self.reference!r} is longer than {MAX_REFERENCE} characters; "
                             "give a shorter sample_ref")
        return self


AUDIT_SAMPLE_COMMANDS = (DrawAuditSample,)
