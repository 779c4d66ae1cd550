"""The case index as a view (projections/views/case_index.py), fed with events, no application: which aggregates
join which case, and that every event reaches it whatever its topic and however the log is cut into batches."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

import pytest
from sqlalchemy import create_engine, select

from domain.audit import REQUIRED_ITEMS, Audit
from domain.case import Case
from domain.event import Stamp
from domain.meeting import Invitation, Meeting
from domain.scr import Scr
from projections.runner import Projector
from projections.source import ListSource
from projections.views.audit import AuditView
from projections.views.case_index import CaseIndexView, case_event, case_member

D = date(2026, 4, 1)
STAMP = Stamp("coord-1", "cmd-1", datetime(2026, 4, 1, 9, tzinfo=UTC), date(2026, 12, 31))


class FakeIds:
    """The store's ids, as mappa_flow/ids.py derives them: one id per reference."""

    def case(self, reference: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"case:{reference}")

    def meeting(self, meeting_ref: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"meeting:{meeting_ref}")


IDS = FakeIds()


def _case(reference: str) -> Case:
    return Case.refer(IDS.case(reference), STAMP, D, reference=reference, area="north", category=1, level=3,
                      referring_agency="police-scotland", in_custody=False, expected_release_on=None, age_band=None,
                      gender=None, ethnicity=None)


def _history() -> list[Any]:
    """Case N-1 with a level change, a meeting and an audit of that meeting (named by its ref only); case N-2
    with an SCR named by its reference; an audit of another case that was never referred here."""
    first, second = _case("N-1"), _case("N-2")
    first.change_level(2, STAMP, D + timedelta(days=3))
    meeting = Meeting.hold(IDS.meeting("M-1"), first, STAMP, D + timedelta(days=2), meeting_ref="M-1", kind="review",
                           venue="community", chair="chair-1",
                           invitations=[Invitation("police-scotland", "in-person", True)])
    meeting_audit = Audit.complete(uuid5(NAMESPACE_URL, "audit-1"), STAMP, D + timedelta(days=5), audit_ref="A-1",
                                   kind="meeting", area="north", case_reference=None, meeting_ref="M-1",
                                   findings=dict.fromkeys(REQUIRED_ITEMS["meeting"], "fine"))
    scr = Scr.commission(uuid5(NAMESPACE_URL, "scr-1"), STAMP, D + timedelta(days=6), scr_ref="SCR-1", area="north",
                         case_reference="N-2", remit="Review of the management of the case")
    elsewhere = Audit.complete(uuid5(NAMESPACE_URL, "audit-2"), STAMP, D + timedelta(days=7), audit_ref="A-2",
                               kind="case", area="north", case_reference="N-9", meeting_ref=None,
                               findings=dict.fromkeys(REQUIRED_ITEMS["case"], "satisfactory"))
    return [e for aggregate in (first, second, meeting, meeting_audit, scr, elsewhere)
            for e in aggregate.collect_events()]


def _indexed(events: list[Any], batch_size: int) -> tuple[dict[str, set[str]], dict[str, list[int]]]:
    projector = Projector(create_engine("sqlite://"), ListSource(events), [AuditView(), CaseIndexView(IDS)],
                          batch_size=batch_size)
    projector.setup()
    projector.catch_up()
    with projector.engine.connect() as conn:
        members: dict[str, set[str]] = {}
        for case_id, aggregate in conn.execute(select(case_member.c.case_id, case_member.c.aggregate)):
            members.setdefault(case_id, set()).add(aggregate)
        positions: dict[str, list[int]] = {}
        for case_id, position in conn.execute(select(case_event.c.case_id, case_event.c.position)
                                              .order_by(case_event.c.position)):
            positions.setdefault(case_id, []).append(position)
    return members, positions


@pytest.mark.parametrize("batch_size", [1, 2, 100])
def test_an_aggregate_joins_the_case_its_events_name_directly_or_through_an_aggregate_already_in_it(
        batch_size: int) -> None:
    events = _history()
    members, positions = _indexed(events, batch_size)
    first, second, unknown = (IDS.case(ref).hex for ref in ("N-1", "N-2", "N-9"))
    assert members == {first: {"Case", "Meeting", "Audit"}, second: {"Case", "Scr"}, unknown: {"Audit"}}
    assert positions[first] == [1, 2, 4, 5]  # referral, level change, meeting held, the meeting's audit
    assert positions[second] == [3, 6]


def test_the_index_takes_every_event_though_it_names_no_topic_and_other_views_read_few() -> None:
    assert CaseIndexView.topics == () and CaseIndexView.every_topic
    events = _history()
    _, positions = _indexed(events, batch_size=2)
    assert sorted(p for found in positions.values() for p in found) == list(range(1, len(events) + 1))
