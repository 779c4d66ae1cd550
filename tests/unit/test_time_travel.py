"""Time travel (R-CAL-1): the state of a case as at a business date, as known at a recorded moment.

The oracle is the domain itself: the events that pass the cut-offs, put in
business-date order by hand and replayed through the aggregates' own ``apply``
methods, must give the same case as the pure fold.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.case import Case
from domain.case_state import CaseState, case_state, fold, in_business_order
from domain.errors import DomainError
from domain.event import Stamp
from domain.isp import Isp
from domain.meeting import Invitation, Meeting

REFERRED_ON = date(2026, 4, 1)
FIRST_RECORDING = datetime(2026, 4, 1, 9, tzinfo=UTC)
TODAY = date(2027, 12, 31)


def _id(name: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"time-travel:{name}")


def _stamp(n: int) -> Stamp:
    return Stamp("coord-1", f"cmd-{n}", FIRST_RECORDING + timedelta(hours=n), TODAY)


Ids = Callable[[str], UUID]


def _refer(level: int = 2, in_custody: bool = True, ids: Ids = _id, reference: str = "N-0001") -> Case:
    return Case.refer(ids("case"), _stamp(0), REFERRED_ON, reference=reference, area="north", category=1,
                      level=level, referring_agency="police-scotland", in_custody=in_custody,
                      expected_release_on=None, age_band=None, gender=None, ethnicity=None)


# ---- a random programme of commands, some recorded late -----------------------------

Step = tuple[str, int, int]  # (action, business day offset from referral, an integer parameter)

ACTIONS = ("level", "release-date", "release", "recall", "missing", "located", "offence", "apply-order",
           "decide-order", "conviction-order", "breach-order", "archive", "reopen", "meeting", "minute-issued",
           "minute-ratified", "rmp", "disclosure")


def _meeting_command(action: str, meeting: Meeting, s: Stamp, on: date, n: int) -> None:
    commands: dict[str, Callable[[], None]] = {
        "minute-issued": lambda: meeting.issue_minute(s, on),
        "minute-ratified": lambda: meeting.ratify_minute(s, on),
        "rmp": lambda: meeting.update_rmp(s, on),
        "disclosure": lambda: meeting.decide_disclosure(
            ("disclose", "do-not-disclose", "defer")[n % 3], n % 5 != 0, s, on),
    }
    commands[action]()


def _case_command(action: str, case: Case, s: Stamp, on: date, n: int) -> None:
    order = f"O-{n % 3}"
    commands: dict[str, Callable[[], None]] = {
        "level": lambda: case.change_level(1 + n % 3, s, on),
        "release-date": lambda: case.set_release_date(on + timedelta(days=30 + n), s, on),
        "release": lambda: case.release(s, on),
        "recall": lambda: case.recall(("licence", "order")[n % 2], n % 2 == 0, s, on),
        "missing": lambda: case.declare_missing(("wanted", "missing")[n % 2], s, on),
        "located": lambda: case.locate(s, on),
        "offence": lambda: case.record_further_offence(("sexual", "violent")[n % 2], "charged", s, on),
        "apply-order": lambda: case.apply_for_order(order, "sopo", ("civil", "criminal")[n % 2], s, on),
        "decide-order": lambda: case.decide_order(order, n % 2 == 0, s, on),
        "conviction-order": lambda: case.make_order_at_conviction(order, "sopo", s, on),
        "breach-order": lambda: case.breach_order(order, s, on),
        "archive": lambda: case.archive("left MAPPA", s, on),
        "reopen": lambda: case.reopen(1 + n % 3, n % 2 == 0, s, on),
    }
    commands[action]()


def run_programme(steps: list[Step], ids: Ids = _id, reference: str = "N-0001") -> list[Any]:
    """Apply the steps in recording order; the domain refuses some, as it would in real life."""
    case = _refer(ids=ids, reference=reference)
    meetings: list[Meeting] = []
    recorded = list(case.collect_events())
    for n, (action, offset, parameter) in enumerate(steps, start=1):
        s, on = _stamp(n), REFERRED_ON + timedelta(days=offset)
        try:
            if action == "meeting":
                invited = [Invitation("police-scotland", "in-person", True)]
                meetings.append(Meeting.hold(ids(f"meeting-{n}"), case, s, on, meeting_ref=f"M-{n}", kind="review",
                                             venue="community", chair="chair-1", invitations=invited))
            elif action in ("minute-issued", "minute-ratified", "rmp", "disclosure"):
                if meetings:
                    _meeting_command(action, meetings[parameter % len(meetings)], s, on, parameter)
            else:
                _case_command(action, case, s, on, parameter)
        except DomainError:
            continue
        for aggregate in (case, *meetings):
            recorded.extend(aggregate.collect_events())
    return recorded


def _in_recording_order(drawn: list[tuple[str, int, int, bool]]) -> list[Step]:
    """Most commands recorded in business-date order, as they happen; the late ones after all of them."""
    on_time = sorted((step for step in drawn if not step[3]), key=lambda step: step[1])
    return [(action, offset, parameter) for action, offset, parameter, _ in on_time + [s for s in drawn if s[3]]]


steps = st.one_of(
    st.lists(st.tuples(st.sampled_from(ACTIONS), st.integers(0, 120), st.integers(0, 5)), max_size=40),
    st.lists(st.tuples(st.sampled_from(ACTIONS), st.integers(0, 120), st.integers(0, 5),
                       st.integers(0, 9).map(lambda n: n == 0)), min_size=10, max_size=60).map(_in_recording_order),
)


# ---- the oracle: the aggregates' own apply methods, in business-date order ---------


def _renumbered(events: list[Any]) -> list[Any]:
    versions: dict[UUID, int] = {}
    out = []
    for event in events:
        versions[event.originator_id] = versions.get(event.originator_id, 0) + 1
        out.append(dataclasses.replace(event, originator_version=versions[event.originator_id]))
    return out


def replay_by_hand(recorded: list[Any], as_at: date | None, known_at: datetime | None) -> dict[UUID, Any]:
    kept = [e for e in recorded
            if (as_at is None or e.occurred_on <= as_at) and (known_at is None or e.timestamp <= known_at)]
    kept.sort(key=lambda e: e.occurred_on)
    aggregates: dict[UUID, Any] = {}
    for event in _renumbered(kept):
        aggregates[event.originator_id] = event.mutate(aggregates.get(event.originator_id))
    return aggregates


def assert_same(state: CaseState | None, aggregates: dict[UUID, Any], case_id: UUID | None = None) -> None:
    case = aggregates.get(case_id or _id("case"))
    if case is None:
        assert state is None
        return
    assert state is not None
    assert (state.level, state.in_custody, state.expected_release_on) == (
        case.level, case.in_custody, case.expected_release_on)
    assert (state.missing, state.archived, state.orders) == (case.missing, case.archived, case.orders)
    meetings = {str(i): m for i, m in aggregates.items() if isinstance(m, Meeting)}
    assert set(state.meetings) == set(meetings)
    for key, meeting in meetings.items():
        seen = state.meetings[key]
        assert (seen.held_on, seen.level, seen.disclosure) == (meeting.held_on, meeting.level, meeting.disclosure)
        assert (seen.minute_issued_on, seen.minute_ratified_on, seen.rmp_updated_on) == (
            meeting.minute_issued_on, meeting.minute_ratified_on, meeting.rmp_updated_on)


@settings(max_examples=150, deadline=None)
@given(steps=steps, as_at_offset=st.one_of(st.none(), st.integers(-5, 130)),
       known_after=st.one_of(st.none(), st.integers(-1, 62)))
def test_time_travel_equals_replaying_by_hand_the_events_up_to_the_cut_offs_R_CAL_1(
    steps: list[Step], as_at_offset: int | None, known_after: int | None
) -> None:
    recorded = run_programme(steps)
    as_at = None if as_at_offset is None else REFERRED_ON + timedelta(days=as_at_offset)
    known_at = None if known_after is None else FIRST_RECORDING + timedelta(hours=known_after, minutes=30)
    assert_same(case_state(recorded, as_at, known_at), replay_by_hand(recorded, as_at, known_at))


@settings(max_examples=60, deadline=None)
@given(steps=steps, split=st.integers(0, 130))
def test_folding_on_from_a_saved_state_equals_one_full_fold(steps: list[Step], split: int) -> None:
    ordered = in_business_order(run_programme(steps))
    boundary = REFERRED_ON + timedelta(days=split)
    head = fold(e for e in ordered if e.occurred_on <= boundary)
    saved = None if head is None else CaseState.from_dict(head.to_dict())
    assert fold((e for e in ordered if e.occurred_on > boundary), saved) == fold(ordered)


# ---- examples an auditor would ask -------------------------------------------------


def _late_level_change() -> list[Any]:
    """Level 2 from 1 April; on 10 June someone records that the level became 3 on 1 April... 20 April."""
    case = _refer(level=2, in_custody=False)
    recorded = list(case.collect_events())
    late = Stamp("coord-2", "cmd-late", datetime(2026, 6, 10, 9, tzinfo=UTC), TODAY)
    case.change_level(3, late, date(2026, 4, 20))
    return recorded + list(case.collect_events())


def test_what_we_believed_on_1_may_about_the_level_on_30_april_ignores_a_change_recorded_later_R_CAL_1() -> None:
    recorded = _late_level_change()
    believed = case_state(recorded, as_at=date(2026, 4, 30), known_at=datetime(2026, 5, 1, 23, tzinfo=UTC))
    now_known = case_state(recorded, as_at=date(2026, 4, 30))
    assert believed is not None and believed.level == 2
    assert now_known is not None and now_known.level == 3


def test_a_case_as_at_a_date_before_its_referral_does_not_exist() -> None:
    assert case_state(_late_level_change(), as_at=date(2026, 3, 31)) is None


def test_a_late_recorded_event_counts_on_its_business_date_not_its_recording_order() -> None:
    case = _refer(level=2, in_custody=True)
    case.release(_stamp(1), date(2026, 5, 10))
    case.change_level(3, _stamp(2), date(2026, 5, 1))  # recorded after the release, dated before it
    recorded = list(case.collect_events())
    on_5_may = case_state(recorded, as_at=date(2026, 5, 5))
    assert on_5_may is not None and (on_5_may.level, on_5_may.in_custody) == (3, True)


def test_an_isp_is_followed_through_approval_renewal_and_end() -> None:
    case = _refer(level=3, in_custody=False)
    isp = Isp.approve(_id("isp"), case, _stamp(1), date(2026, 4, 2), isp_ref="ISP-1", provider="p1",
                      cost_pence=1000, starts_on=date(2026, 4, 2))
    isp.request_renewal(date(2026, 6, 1), _stamp(2), date(2026, 6, 2))
    isp.renew(2000, "p2", _stamp(3), date(2026, 6, 20))
    isp.end("no longer needed", _stamp(4), date(2026, 8, 1))
    recorded = list(case.collect_events()) + list(isp.collect_events())
    in_june = case_state(recorded, as_at=date(2026, 6, 10))
    at_end = case_state(recorded)
    assert in_june is not None and at_end is not None
    assert in_june.isps[str(isp.id)].renewal_requested_on == date(2026, 6, 2)
    assert (at_end.isps[str(isp.id)].provider, at_end.isps[str(isp.id)].cost_pence) == ("p2", 3000)
    assert at_end.isps[str(isp.id)].ended_on == date(2026, 8, 1)


def test_the_saved_form_of_a_state_reads_back_equal() -> None:
    state = case_state(run_programme([("meeting", 3, 0), ("minute-issued", 5, 0), ("release", 6, 0)]))
    assert state is not None and state.meetings
    assert CaseState.from_dict(state.to_dict()) == state
