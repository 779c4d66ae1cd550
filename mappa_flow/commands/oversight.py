"""Commands the SOG's own periodic duties are recorded with (R-REM-6)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from mappa_flow.commands.base import AreaCode, Command

ReportingYear = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^\d{4}-\d{2}$"),
    Field(description="A reporting year, e.g. 2026-27 (1 April 2026 to 31 March 2027)."),
]


class RecordSogReview(Command):
    """The SOG held its quarterly review of the area on ``occurred_on`` (guidance 18.8)."""

    command: Literal["record_sog_review"] = "record_sog_review"
    area: AreaCode


class PublishAnnualReport(Command):
    """The area's annual report of ``year`` was published on ``occurred_on`` (guidance 18.14)."""

    command: Literal["publish_annual_report"] = "publish_annual_report"
    area: AreaCode
    year: ReportingYear


OVERSIGHT_COMMANDS = (RecordSogReview, PublishAnnualReport)
