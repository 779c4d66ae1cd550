"""The indicator report as known at T over a generated history with late recordings (R-CAL-1, R-PI-1..10).

The demo history of several areas is recorded with a clock that runs behind
the business dates by a random lag (mostly a day or two, sometimes weeks), so
many facts arrive late. For several moments T, on each backend:

- the report known at T from the live views equals the report from views built
  only from the events recorded by T (the hand replay);
- the report now equals the report from views built from the events recorded
  by T plus the corrections listed for T, and nothing else.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import pytest

from domain.calendar import london_today, quarter_of
from mappa_flow.audit.known_at import report_corrections, views_known_at, views_of
from mappa_flow.bootstrap import Mappa
from mappa_flow.clock import FixedClock
from mappa_flow.demo import generate_demo
from mappa_flow.projecting import build_projector
from mappa_flow.settings import Settings
from projections.indicators import Scope
from projections.runner import Projector
from tests.integration.test_audit_known_at_report import report

TODAY = date(2026, 11, 20)
SEED, CASES, YEARS = 5, 90, 2


def record_late(app: Mappa, clock: FixedClock, seed: int) -> list[datetime]:
    """Apply the demo history, each command recorded a random while after its business date (never earlier
    than the one before). Returns the recording times, in order."""
    lag = random.Random(seed)
    moments: list[datetime] = []
    recorded = datetime(2000, 1, 1, tzinfo=UTC)
    for command in generate_demo(SEED, CASES, YEARS, TODAY):
        hours = lag.choice((0, 2, 20, 30, 50)) if lag.random() < 0.9 else lag.randint(24 * 7, 24 * 45)
        recorded = max(recorded, datetime.combine(command.occurred_on, time(9), UTC) + timedelta(hours=hours))
        clock.set(min(recorded, datetime.combine(TODAY, time(9), UTC)))
        app.handle(command)  # a refusal raises and fails the test
        moments.append(clock.now())
    return moments


@pytest.fixture
def projector(store: Settings, app: Mappa) -> Iterator[Projector]:
    built = build_projector(store, app)
    yield built
    built.source.close()  # type: ignore[attr-defined]
    built.engine.dispose()


def reproduced(app: Mappa, projector: Projector, shown_at: datetime, area: str | None) -> bool:
    """Check both replays for one moment and one area; whether the report changed since."""
    as_of = london_today(shown_at)
    period = quarter_of(as_of).previous()  # the last whole quarter, as a SOG would be shown
    now, then = Scope(area, period, as_of), Scope(area, period, as_of, known_at=shown_at)
    with projector.engine.connect() as conn:
        corrected = {c.position for c in report_corrections(app, conn, now, shown_at)}
    replayed_then = views_known_at(app, shown_at)
    replayed_now = views_of(app, lambda p: p.event.timestamp <= shown_at or p.position in corrected)
    try:
        assert report(projector.engine, then) == report(replayed_then.engine, now), (shown_at, area)
        assert report(projector.engine, now) == report(replayed_now.engine, now), (shown_at, area)
    finally:
        replayed_then.engine.dispose()
        replayed_now.engine.dispose()
    return report(projector.engine, then) != report(projector.engine, now)


def test_reports_known_at_any_moment_equal_a_replay_of_what_was_recorded_by_then_R_CAL_1(
    app: Mappa, clock: FixedClock, projector: Projector
) -> None:
    moments = record_late(app, clock, seed=3)
    projector.catch_up()
    changed = [reproduced(app, projector, moments[int(len(moments) * share)] + timedelta(minutes=1), area)
               for share in (0.45, 0.7, 0.9) for area in (None, "northshire")]
    assert any(changed)  # late recordings did change some reports: the comparison was not vacuous
