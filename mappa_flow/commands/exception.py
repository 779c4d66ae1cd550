"""The command that records a reason against an indicator exception (R-PI-EXC).

``occurred_on`` is the date the reason was given. The exception key is the one
``mappa-flow exceptions`` lists (e.g. ``R-PI-1:N-0001:2026-05-14``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from domain.exception_reason import ExceptionCategory
from mappa_flow.commands.base import AgencyCode, Command, LongText

IndicatorId = Literal["R-PI-1", "R-PI-2", "R-PI-3", "R-PI-4", "R-PI-5", "R-PI-6", "R-PI-7", "R-PI-8", "R-PI-9",
                      "R-PI-10"]
ExceptionKey = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^R-PI-\d{1,2}:[A-Za-z0-9/_.:-]{3,180}$"),
    Field(description="The exception's key, as listed by 'mappa-flow exceptions'."),
]


class RecordExceptionReason(Command):
    command: Literal["record_exception_reason"] = "record_exception_reason"
    indicator: IndicatorId = Field(description="The indicator the exception belongs to (R-PI-1 to R-PI-10).")
    exception_key: ExceptionKey
    category: ExceptionCategory = Field(
        description="information-not-received-in-time, agency-unavailable, chair-unavailable, late-referral, "
                    "no-risk-assessment or other."
    )
    agency: AgencyCode | None = Field(None, description="The agency concerned, if any.")
    text: LongText = Field(description="Why the exception happened, in the co-ordinator's words.")


EXCEPTION_COMMANDS = (RecordExceptionReason,)
