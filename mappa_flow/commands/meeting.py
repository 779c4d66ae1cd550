"""Commands of a MAPPA Level 2 / 3 meeting (R-MTG-1 to R-MTG-4).

``occurred_on`` of ``hold_meeting`` is the meeting date; of the others, the
date the decision, minute or RMP update happened.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from domain.vocabulary import Attendance, Disclosure, MeetingKind, Venue
from mappa_flow.commands.base import AgencyCode, Command, Flag, Reference, ShortText, Whole


class InvitationInput(BaseModel):
    """One agency invited to the meeting, and how it took part (R-MTG-2)."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True)

    agency: AgencyCode
    outcome: Attendance = Field(description="in-person, remote (telephone/video), written (report only) or absent.")
    at_seniority: Flag = Field(description="Whether the person attending or writing was at the agreed seniority.")


class MeetingCommand(Command):
    meeting_ref: Reference


class HoldMeeting(MeetingCommand):
    command: Literal["hold_meeting"] = "hold_meeting"
    case_reference: Reference
    kind: MeetingKind
    venue: Venue = Field(description="community, or custody (an SPS Risk Management Team meeting).")
    chair: ShortText
    level: Annotated[Literal[2, 3], Whole] | None = Field(
        None, description="Only needed when the case's level changed on the meeting day; else the case's level."
    )
    invitations: list[InvitationInput] = Field(min_length=1, max_length=40)
    disclosure: Disclosure | None = Field(None, description="The disclosure decision, if recorded with the meeting.")
    considered: Flag | None = Field(
        None, validate_default=True,
        description="With `disclosure`, and only then: whether disclosure was considered (R-MTG-3), true or false.",
    )

    @field_validator("considered")
    @classmethod
    def _considered_goes_with_the_decision(cls, value: bool | None, info: ValidationInfo) -> bool | None:
        """R-MTG-3: a decision carries its own yes / no; without a decision there is nothing to say it of."""
        decided = info.data.get("disclosure") is not None
        if decided and value is None:
            raise PydanticCustomError("missing_with_decision", "is required with a disclosure decision (R-MTG-3)")
        if not decided and value is not None and "disclosure" in info.data:
            raise PydanticCustomError("considered_without_decision",
                                      "is recorded with a disclosure decision: give `disclosure` too (R-MTG-3)")
        return value


class DecideDisclosure(MeetingCommand):
    command: Literal["decide_disclosure"] = "decide_disclosure"
    decision: Disclosure
    considered: Flag = Field(
        description="Whether disclosure was considered (R-MTG-3), true or false: recorded apart from the decision.")


class RecordContribution(MeetingCommand):
    command: Literal["record_contribution"] = "record_contribution"
    agency: AgencyCode
    in_minute: Flag = Field(description="The written contribution is recorded in the minute.")
    in_rmp: Flag = Field(description="The written contribution is recorded in the Risk Management Plan.")


class IssueMinute(MeetingCommand):
    command: Literal["issue_minute"] = "issue_minute"


class RatifyMinute(MeetingCommand):
    command: Literal["ratify_minute"] = "ratify_minute"


class UpdateRmp(MeetingCommand):
    command: Literal["update_rmp"] = "update_rmp"


MEETING_COMMANDS = (HoldMeeting, DecideDisclosure, RecordContribution, IssueMinute, RatifyMinute, UpdateRmp)
