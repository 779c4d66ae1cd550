"""Fields and rules shared by every command model."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Reference = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9/_.-]{1,39}$"),
    Field(description="A pseudonymous reference: 2-40 letters, digits, '/', '_', '.', '-'. Never a name."),
]
AreaCode = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9-]{1,39}$"),
    Field(description="An area code: lower-case letters, digits and '-'."),
]
AgencyCode = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9-]{1,59}$"),
    Field(description="police-scotland, social-work, sps, health (the Responsible Authorities), or a DTC agency."),
]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


class Command(BaseModel):
    """Every command names itself, carries a unique id, who records it and the business date."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True)

    command: str = Field(description="Which command this is.")

    command_id: ShortText = Field(description="Unique id of this command; applying it again changes nothing.")
    recorded_by: ShortText = Field(description="Who is recording this (a user id, not a case's details).")
    occurred_on: date = Field(description="The business date this describes (R-CAL-1), YYYY-MM-DD.")
