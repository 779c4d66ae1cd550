"""Fast working-day arithmetic over day ordinals, for generating meetings and minutes (R-CAL-3).

The domain's ``WorkingDayCalendar`` is the reference; this class tabulates it
once per area over the demo's span so that the generator can ask millions of
questions cheaply. Outside the tabulated span it asks the calendar directly.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date

from domain.calendar import WorkingDayCalendar


class WorkDays:
    def __init__(self, first: int, last: int, closures: Iterable[date]) -> None:
        self.calendar = WorkingDayCalendar(closures)
        self.first, self.last = first, last
        self.days = [d for d in range(first, last + 1) if self.calendar.is_working_day(date.fromordinal(d))]

    def _inside(self, day: int, margin: int = 0) -> bool:
        return self.first + 10 <= day <= self.last - margin

    def is_working(self, day: int) -> bool:
        return self.calendar.is_working_day(date.fromordinal(day))

    def after(self, day: int, n: int) -> int:
        """The n-th working day after ``day`` (the day itself never counts)."""
        if self.first + 10 <= day <= self.last - 60:
            index = bisect_right(self.days, day) + n - 1
            if index < len(self.days):
                return self.days[index]
        return self.calendar.nth_working_day_after(date.fromordinal(day), n).toordinal()

    def on_or_before(self, day: int) -> int:
        if self._inside(day):
            index = bisect_right(self.days, day) - 1
            if index >= 0:
                return self.days[index]
        while not self.is_working(day):
            day -= 1
        return day

    def on_or_after(self, day: int) -> int:
        if self._inside(day, 60):
            index = bisect_left(self.days, day)
            if index < len(self.days):
                return self.days[index]
        while not self.is_working(day):
            day += 1
        return day
