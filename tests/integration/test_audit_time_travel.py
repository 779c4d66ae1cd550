"""Time travel over the real store: snapshots never change an answer (reports as known at T: test_audit_known_at_*)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from domain.case import Case
from domain.event import Stamp
from mappa_flow.audit.auditor import Auditor
from mappa_flow.audit.states import SNAPSHOT_EVERY
from mappa_flow.bootstrap import Mappa, bootstrap
from mappa_flow.clock import FixedClock
from mappa_flow.settings import Settings
from projections.views.case_index import case_snapshot
from tests.integration.audit_story import tell_story, with_key

START = date(2025, 4, 1)
FIRST_RECORDING = datetime(2025, 4, 1, 9, tzinfo=UTC)


def long_case(app: Mappa, events: int, reference: str = "L-0001") -> Case:
    """A case whose level changes every day, saved in batches of 25 recorded an hour apart."""
    stamp = Stamp("coord-1", "bulk-0", FIRST_RECORDING, date(2030, 1, 1))
    case = Case.refer(app.ids.case(reference), stamp, START, reference=reference, area="north", category=1, level=2,
                      referring_agency="police-scotland", in_custody=False, expected_release_on=None, age_band=None,
                      gender=None, ethnicity=None)
    for n in range(1, events):
        if n % 25 == 0:
            app.save(case)
            stamp = Stamp("coord-1", f"bulk-{n}", FIRST_RECORDING + timedelta(hours=n // 25), date(2030, 1, 1))
        case.change_level(3 if case.level == 2 else 2, stamp, START + timedelta(days=n))
    app.save(case)
    return case


@pytest.fixture
def auditor(app: Mappa, store: Settings) -> Iterator[Auditor]:
    opened = Auditor.open(store, app)
    yield opened
    opened.close()


def _both_ways(auditor: Auditor, as_at: date | None, known_at: datetime | None = None) -> None:
    fast = auditor.state("L-0001", as_at, known_at)
    full = auditor.state("L-0001", as_at, known_at, use_snapshots=False)
    assert fast.state == full.state, (as_at, known_at)


def test_snapshots_give_the_same_state_as_a_full_replay_for_any_date_and_moment(auditor: Auditor, app: Mappa) -> None:
    long_case(app, 400)
    first = auditor.state("L-0001", START + timedelta(days=350))
    assert first.snapshot_on is None and first.events_read == 351
    second = auditor.state("L-0001", START + timedelta(days=360))
    assert second.snapshot_on is not None and second.events_read < SNAPSHOT_EVERY
    assert second.state is not None and second.state.events_applied == 361
    for days in (0, 100, 101, 351, 500):
        for hours in (None, 3, 100):
            _both_ways(auditor, START + timedelta(days=days),
                       None if hours is None else FIRST_RECORDING + timedelta(hours=hours, minutes=30))


def test_a_late_event_dated_before_a_snapshot_is_never_missed(auditor: Auditor, app: Mappa, clock: FixedClock) -> None:
    case = long_case(app, 300)
    auditor.state("L-0001", START + timedelta(days=299))  # takes snapshots
    late = Stamp("coord-2", "late-1", FIRST_RECORDING + timedelta(days=400), date(2030, 1, 1))
    case.record_further_offence("violent", "charged", late, START + timedelta(days=10))
    app.save(case)
    after = auditor.state("L-0001", START + timedelta(days=299))
    assert after.state is not None and after.state.further_offences == 1
    before_it_was_recorded = auditor.state("L-0001", START + timedelta(days=299), FIRST_RECORDING + timedelta(days=399))
    assert before_it_was_recorded.state is not None and before_it_was_recorded.state.further_offences == 0
    for days in (5, 10, 150, 299):
        _both_ways(auditor, START + timedelta(days=days))


def test_with_encryption_at_rest_snapshots_are_stored_encrypted(store: Settings, clock: FixedClock) -> None:
    settings = with_key(store)
    app = bootstrap(settings, clock)
    auditor = Auditor.open(settings, app)
    try:
        long_case(app, 250, reference="ZQX-SNAP")
        assert auditor.state("ZQX-SNAP").state is not None
        with auditor.index.engine.connect() as conn:
            saved = [bytes(s) for s in conn.execute(select(case_snapshot.c.state)).scalars()]
        assert saved and not any(b"ZQX" in s or b"north" in s for s in saved)
        assert auditor.state("ZQX-SNAP").snapshot_on is not None
    finally:
        auditor.close()
        app.close()


def test_the_state_as_at_a_date_as_known_at_a_moment_answers_what_we_believed_then_R_CAL_1(
    auditor: Auditor, app: Mappa, clock: FixedClock
) -> None:
    tell_story(app, clock)  # Level 3 from 20 April, but recorded only on 10 June
    believed = auditor.state("N-0001", date(2026, 5, 1), datetime(2026, 5, 1, 23, tzinfo=UTC)).state
    known_now = auditor.state("N-0001", date(2026, 5, 1)).state
    assert believed is not None and known_now is not None
    assert (believed.level, known_now.level) == (2, 3)

