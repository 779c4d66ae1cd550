"""The injectable clock. Domain code never reads the wall clock: the application does, here."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(tz=UTC)


class FixedClock:
    """A clock for tests and replays: it says what it is told, and moves only when asked."""

    def __init__(self, instant: datetime):
        if instant.tzinfo is None:
            raise ValueError(f"FixedClock needs an aware datetime, got {instant!r}")
        self.instant = instant.astimezone(UTC)

    def now(self) -> datetime:
        return self.instant

    def advance(self, **delta: float) -> None:
        self.instant += timedelta(**delta)

    def set(self, instant: datetime) -> None:
        self.instant = instant.astimezone(UTC)


def today_in_london(clock: Clock) -> date:
    """R-CAL-1: dates are calendar dates in Europe/London."""
    return clock.now().astimezone(LONDON).date()
