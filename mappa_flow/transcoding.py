"""Transcodings for the value types our events carry beyond the library's defaults."""

from __future__ import annotations

from datetime import date

from eventsourcing.persistence import Transcoding


class DateAsIso(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)
