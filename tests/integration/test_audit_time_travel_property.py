"""Time travel over the real store equals replaying by hand the events up to the cut-offs (R-CAL-1).

The random programmes of ``tests/unit/test_time_travel.py`` (a case and its
meetings, commands dated at random and some recorded late) are stored in the
event store on each backend. Their state through the case index, with and
without snapshots (taken every few events here, so that they are used), must
equal the aggregates' own ``apply`` methods replayed by hand over the events
that pass the cut-offs, for any business date, any recorded moment, and both.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mappa_flow.audit.auditor import Auditor
from mappa_flow.audit.states import CaseStates
from mappa_flow.bootstrap import Mappa
from mappa_flow.settings import Settings
from tests.unit.test_time_travel import (
    FIRST_RECORDING,
    REFERRED_ON,
    Step,
    assert_same,
    replay_by_hand,
    run_programme,
    steps,
)

_references = itertools.count(1)
cut_off = st.tuples(st.one_of(st.none(), st.integers(-5, 130)), st.one_of(st.none(), st.integers(-1, 62)))


@pytest.fixture
def auditor(app: Mappa, store: Settings) -> Iterator[Auditor]:
    opened = Auditor.open(store, app)
    yield opened
    opened.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(programme=steps, cut_offs=st.lists(cut_off, min_size=1, max_size=5))
def test_time_travel_over_the_store_equals_replaying_by_hand_the_events_up_to_the_cut_offs_R_CAL_1(
    app: Mappa, auditor: Auditor, programme: list[Step], cut_offs: list[tuple[int | None, int | None]]
) -> None:
    reference = f"P-{next(_references):04d}"  # one new case per example, in the same store
    case_id = app.ids.case(reference)

    def ids(name: str) -> UUID:  # the case's id as the store derives it from its reference; fresh meeting ids
        return case_id if name == "case" else uuid5(NAMESPACE_URL, f"{reference}:{name}")

    recorded = run_programme(programme, ids=ids, reference=reference)
    app.events.put(recorded)
    states = CaseStates(auditor.index, snapshot_every=4)
    assert auditor.case_id(reference) == case_id  # the index has caught up
    for as_at_offset, known_after in [(None, None), *cut_offs]:  # the first, about everything, takes snapshots
        as_at = None if as_at_offset is None else REFERRED_ON + timedelta(days=as_at_offset)
        known_at = None if known_after is None else FIRST_RECORDING + timedelta(hours=known_after, minutes=30)
        by_hand = replay_by_hand(recorded, as_at, known_at)
        for use_snapshots in (True, False):
            travelled = states.state(case_id, as_at, known_at, use_snapshots)
            assert_same(travelled.state, by_hand, case_id)
