"""Transcodings for the value types our events carry beyond the library's defaults."""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.persistence import Transcoding

from domain.meeting import Invitation


class DateAsIso(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class InvitationAsDict(Transcoding):
    """A meeting's invitation (``Meeting.Held`` version 2) as its three recorded fields."""

    type = Invitation
    name = "invitation"

    def encode(self, obj: Invitation) -> dict[str, Any]:
        return {"agency": obj.agency, "outcome": obj.outcome, "at_seniority": obj.at_seniority}

    def decode(self, data: dict[str, Any]) -> Invitation:
        return Invitation(agency=data["agency"], outcome=data["outcome"], at_seniority=data["at_seniority"])
