"""Shares of the deadlines view (projections/partition.py): a rebuild on several cores splits it by subject.

A share's reader skips, before decoding, every event its ``keeps`` test refuses. That is safe only if the
share would have taken nothing from such an event: these tests check it over a history with every kind of
event, with the originator id in the form the SQLite event store keeps it.
"""

from __future__ import annotations

import pytest

from domain.area import Area
from projections.deadlines.facts import OTHER_SUBJECT_TOPICS, TOPICS, facts_of, subject_of
from projections.partition import Share
from projections.views.deadline import DeadlineView
from tests.projection_history import history_of, random_operations

EVENTS = history_of(random_operations(seed=3, count=3000))
AREA_TOPICS = {Area.Registered.TOPIC, Area.ClosureDayAdded.TOPIC, Area.ClosureDayRemoved.TOPIC}


def _subjects(position: int, event: object) -> set[str]:
    """The subjects an event gives the deadlines view a fact or a new subject row for."""
    found = {fact.subject for fact in facts_of(position, event)}
    made = subject_of(event)
    return found | ({made.subject} if made else set())


def test_the_history_has_every_topic_the_deadlines_view_takes() -> None:
    assert set(TOPICS) <= {type(event).TOPIC for event in EVENTS}


def test_an_event_of_any_other_topic_concerns_only_its_originator() -> None:
    for position, event in enumerate(EVENTS, 1):
        if type(event).TOPIC not in OTHER_SUBJECT_TOPICS:
            assert _subjects(position, event) <= {str(event.originator_id)}, type(event).TOPIC


@pytest.mark.parametrize("count", [2, 3, 5])
def test_a_share_skips_only_events_that_give_it_nothing(count: int) -> None:
    view = DeadlineView()
    for share in (Share(index, count) for index in range(count)):
        keeps = view.keeps(share)
        for position, event in enumerate(EVENTS, 1):
            topic = type(event).TOPIC
            if not keeps(event.originator_id.hex, topic):  # the form the SQLite store keeps the id in
                assert topic not in AREA_TOPICS
                assert not any(share.holds(subject) for subject in _subjects(position, event)), topic


@pytest.mark.parametrize("count", [1, 2, 3, 7])
def test_every_subject_is_in_exactly_one_share(count: int) -> None:
    subjects = {subject for position, event in enumerate(EVENTS, 1) for subject in _subjects(position, event)}
    assert len(subjects) > 500
    for subject in subjects:
        assert sum(Share(index, count).holds(subject) for index in range(count)) == 1


def test_a_share_is_the_same_in_every_process_and_for_both_forms_of_an_id() -> None:
    dashed, plain = "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "1b4e28ba2fa111d2883f0016d3cca427"
    # Pinned: Python's own string hash differs between processes; the shares' must not.
    assert [Share(index, 4).holds(dashed) for index in range(4)] == [True, False, False, False]
    assert [Share(index, 4).holds(plain) for index in range(4)] == [True, False, False, False]


def test_a_share_outside_its_count_is_refused() -> None:
    with pytest.raises(ValueError, match=r"share index 2 is not within 0\.\.1"):
        Share(2, 2)
