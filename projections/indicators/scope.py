"""What an indicator report covers (RULES §4): an area or all, a period, an as-of date, and optionally a moment
it is known at and one case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from domain.calendar import Period


@dataclass(frozen=True)
class Scope:
    """What a report covers: an area (None: all areas), a period, the as-of date and, optionally,
    the known-at moment (facts recorded later are ignored) and one case (to check one exception)."""

    area: str | None
    period: Period
    as_of: date
    known_at: datetime | None = None
    case_reference: str | None = None

    @property
    def known_at_utc(self) -> datetime | None:
        """SQLite keeps UTC timestamps without a zone, so compare in UTC."""
        return self.known_at.astimezone(UTC) if self.known_at else None
