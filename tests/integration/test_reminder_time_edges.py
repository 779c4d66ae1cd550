"""Reminder stages come on Europe/London dates (R-CAL-1), across the changes to and from British Summer Time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mappa_flow.bootstrap import Mappa
from mappa_flow.clock import FixedClock
from mappa_flow.settings import Settings
from tests import reminder_world as w


def _stages(app: Mappa) -> list[str]:
    return [e.stage for e in w.reminder_events(app) if e.kind == "level-3-review"]


def _sweep_at(app: Mappa, store: Settings, clock: FixedClock, instant: datetime) -> list[str]:
    clock.set(instant)
    w.cycle(app, w.projector(store, app), clock).run_once()
    return _stages(app)


@pytest.mark.parametrize("referred_on, before, at, monday", [
    # Clocks go forward at 01:00 UTC on Sunday 29 March 2026: Monday 30 March starts at 23:00 UTC on the 29th.
    (date(2026, 2, 16), datetime(2026, 3, 29, 22, 59, 59, tzinfo=UTC), datetime(2026, 3, 29, 23, 0, tzinfo=UTC),
     date(2026, 3, 30)),
    # Clocks go back at 01:00 UTC on Sunday 25 October 2026: Monday 26 October starts at 00:00 UTC.
    (date(2026, 9, 14), datetime(2026, 10, 25, 23, 59, 59, tzinfo=UTC), datetime(2026, 10, 26, 0, 0, tzinfo=UTC),
     date(2026, 10, 26)),
])
def test_the_due_stage_comes_at_midnight_in_london_summer_time_or_not_R_CAL_1_R_REM_1(
        app: Mappa, store: Settings, clock: FixedClock, referred_on: date, before: datetime, at: datetime,
        monday: date) -> None:
    clock.set(datetime(referred_on.year, referred_on.month, referred_on.day, 12, tzinfo=UTC))
    w.area(app, on=date(2026, 1, 5))
    w.refer(app, "N-0001", referred_on)  # Level 3 in the community: review due 42 days later, a Monday
    assert _sweep_at(app, store, clock, before) == ["before-7d"]  # still Sunday in London
    assert _sweep_at(app, store, clock, at) == ["before-7d", "due"]  # Monday in London
    [due] = [e for e in w.reminder_events(app) if e.stage == "due"]
    assert (due.due_on, due.occurred_on) == (monday, monday)  # raised on the London date, not the UTC one


def test_an_hour_before_midnight_in_winter_is_still_the_same_day_R_CAL_1(
        app: Mappa, store: Settings, clock: FixedClock) -> None:
    clock.set(datetime(2026, 9, 14, 12, tzinfo=UTC))
    w.area(app, on=date(2026, 1, 5))
    w.refer(app, "N-0001", date(2026, 9, 14))  # review due Monday 26 October
    # 23:30 UTC on the 25th would be Monday in summer time, but the clocks went back that morning.
    assert _sweep_at(app, store, clock, datetime(2026, 10, 25, 23, 30, tzinfo=UTC)) == ["before-7d"]
