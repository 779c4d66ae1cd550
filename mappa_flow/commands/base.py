"""Fields and rules shared by every command model.

The edge is strict (issue 11): booleans are ``true``/``false`` only, numbers are whole JSON numbers (never
``true``, ``"3"`` or ``3.0``), dates are ``YYYY-MM-DD`` strings (or ``date`` objects from Python) within
plausible bounds, and text holds no control characters. Bounds that depend on today read it from the
validation context (``checking(today)``): the import, ``record`` and every CLI command give it from the
application's clock. Without a context (a command built in Python), only the fixed bounds apply.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

EARLIEST = date(1900, 1, 1)  # no business date of a MAPPA record is older
YEARS_AHEAD = 10  # a planned date (release, closure day, due date) is at most this far after today
LATEST_WITHOUT_TODAY = date(2199, 12, 31)  # the fixed ceiling when no today is given: keeps date arithmetic safe

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits only: \d matches the digits of any script
_CONTROL_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_MULTI_LINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")  # tab and newline allowed


def checking(today: date) -> dict[str, Any]:
    """The validation context that gives the edge today's date (Europe/London, from the application's clock)."""
    return {"today": today}


def _today(info: ValidationInfo) -> date | None:
    context = info.context
    found = context.get("today") if isinstance(context, dict) else None
    return found if isinstance(found, date) else None


# ---- text -------------------------------------------------------------------------------------------------


def _refuse_control(pattern: re.Pattern[str], allowed: str) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, str) and (found := pattern.search(value)) is not None:
            raise PydanticCustomError(
                "control_character",
                "contains the unprintable character U+{code} at position {position}; {allowed}",
                {"code": f"{ord(found.group()):04X}", "position": found.start() + 1, "allowed": allowed},
            )
        return value

    return BeforeValidator(check)


OneLine = _refuse_control(_CONTROL_ONE_LINE, "text here is one line of printable characters")
MultiLine = _refuse_control(_CONTROL_MULTI_LINE, "free text may hold tabs and new lines, no other control character")

Reference = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9/_.-]{1,39}$"),
    OneLine,
    Field(description="A pseudonymous reference: 2-40 letters, digits, '/', '_', '.', '-'. Never a name."),
]
AreaCode = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9-]{1,39}$"),
    OneLine,
    Field(description="An area code: lower-case letters, digits and '-'."),
]
AgencyCode = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9-]{1,59}$"),
    OneLine,
    Field(description="police-scotland, social-work, sps, health (the Responsible Authorities), or a DTC agency."),
]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), OneLine]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000), MultiLine]


# ---- numbers and booleans ---------------------------------------------------------------------------------


def _whole_number(value: Any) -> Any:
    """JSON's ``true`` is not 1, and ``1.0`` or ``"1"`` is not a level: only a whole JSON number passes."""
    if type(value) is not int:
        raise PydanticCustomError("int_type", "must be a whole number, such as 3")
    return value


Whole = BeforeValidator(_whole_number)  # put on a Literal of numbers: Annotated[Literal[2, 3], Whole]
Level = Annotated[Literal[1, 2, 3], Whole]
Category = Annotated[Literal[1, 2, 3], Whole]
Flag = StrictBool  # true or false: never "yes", 1 or "true"
WholeNumber = StrictInt


# ---- dates ------------------------------------------------------------------------------------------------


def _iso_day(value: Any) -> Any:
    if isinstance(value, datetime) or (isinstance(value, str) and not _ISO_DAY.fullmatch(value)):
        raise PydanticCustomError("date_format", "must be a date written YYYY-MM-DD, with no time or other form")
    if not isinstance(value, str | date):
        raise PydanticCustomError("date_type", "must be a date written YYYY-MM-DD, in quotes")
    return value


def _plausible(value: date, info: ValidationInfo) -> date:
    """A business date from 1900-01-01 to ten years after today (a planned release, closure or due date)."""
    today = _today(info)
    latest = _years_after(today, YEARS_AHEAD) if today else LATEST_WITHOUT_TODAY
    if not EARLIEST <= value <= latest:
        raise PydanticCustomError(
            "date_out_of_range", "must be from {earliest} to {latest} (ten years after today); check the year",
            {"earliest": EARLIEST.isoformat(), "latest": latest.isoformat()})
    return value


def _happened(value: date, info: ValidationInfo) -> date:
    """R-CAL-1: the business date of what is recorded has happened, so it is not after today."""
    _plausible(value, info)
    today = _today(info)
    if today is not None and value > today:
        raise PydanticCustomError(
            "future_date", "is after today ({today}); record an event once it has happened (R-CAL-1)",
            {"today": today.isoformat()})
    return value


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


Day = Annotated[date, BeforeValidator(_iso_day), AfterValidator(_plausible)]
PastDay = Annotated[date, BeforeValidator(_iso_day), AfterValidator(_happened)]


class Command(BaseModel):
    """Every command names itself, carries a unique id, who records it and the business date."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True)

    command: str = Field(description="Which command this is.")

    command_id: ShortText = Field(description="Unique id of this command; applying it again changes nothing.")
    recorded_by: ShortText = Field(description="Who is recording this (a user id, not a case's details).")
    occurred_on: PastDay = Field(description="The business date this describes (R-CAL-1), YYYY-MM-DD, "
                                             "not after today.")
