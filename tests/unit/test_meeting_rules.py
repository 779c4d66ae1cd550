"""A MAPPA meeting's rules (R-MTG-1 to R-MTG-4): given a case and a meeting, a command records events or is refused."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.case import Case
from domain.errors import DomainError
from domain.meeting import Invitation, Meeting
from tests.unit.given import held_meeting, invitations, new_events, referred_case, refused, some_id, stamp

S = stamp()
MEETING_DAY = date(2026, 5, 4)
AFTER = date(2026, 5, 11)


def _hold(case: Case, on: date = MEETING_DAY, **overrides: Any) -> Meeting:
    details: dict[str, Any] = {
        "meeting_ref": "M-1", "kind": "initial", "venue": "community", "chair": "chair-1",
        "invitations": invitations(("police-scotland", "in-person"), ("housing", "absent")),
    }
    details.update(overrides)
    return Meeting.hold(some_id("M-1"), case, S, on, **details)


def _hold_error(case: Case, on: date = MEETING_DAY, **overrides: Any) -> DomainError:
    with pytest.raises(DomainError) as caught:
        _hold(case, on, **overrides)
    return caught.value


# ---- R-MTG-1: a meeting of a Level 2 / 3 case: initial or review, community or custody, with a chair ------------


def test_a_meeting_records_its_case_level_kind_venue_and_chair_R_MTG_1() -> None:
    case = referred_case(level=3)
    (held,) = new_events(_hold(case, kind="review", venue="custody"))
    assert isinstance(held, Meeting.Held)
    assert (held.case_id, held.case_reference, held.area, held.level) == (case.id, "N-0001", "north", 3)
    assert (held.kind, held.venue, held.chair, held.occurred_on) == ("review", "custody", "chair-1", MEETING_DAY)


def test_a_meeting_of_a_level_1_case_is_refused_R_MTG_1() -> None:
    error = _hold_error(referred_case(level=1))
    assert (error.field, error.value, error.rule) == ("level", 1, "R-MTG-1")


def test_a_meeting_takes_the_level_the_case_had_on_the_meeting_date_not_today_R_MTG_1() -> None:
    case = referred_case(level=3)
    case.change_level(1, S, date(2026, 6, 1))
    (held,) = new_events(_hold(case))
    assert held.level == 3


def test_on_the_day_of_a_level_change_the_meeting_may_name_either_level_R_MTG_1() -> None:
    case = referred_case(level=3)
    case.change_level(2, S, MEETING_DAY)
    assert _hold(case).level == 2
    assert _hold(case, level=3).level == 3


def test_a_meeting_naming_a_level_the_case_did_not_have_that_day_is_refused_R_MTG_1() -> None:
    error = _hold_error(referred_case(level=2), level=3)
    assert (error.field, error.value, error.rule) == ("level", 3, "R-MTG-1")


def test_a_meeting_dated_while_the_case_was_archived_is_refused_R_CASE_3() -> None:
    case = referred_case(level=2)
    case.archive("left MAPPA", S, date(2026, 5, 1))
    error = _hold_error(case)
    assert (error.field, error.value, error.rule) == ("occurred_on", "2026-05-04", "R-CASE-3")


def test_a_meeting_held_before_the_case_was_archived_may_be_recorded_late_R_MTG_1() -> None:
    case = referred_case(level=2)
    case.archive("left MAPPA", S, date(2026, 6, 1))
    assert _hold(case).held_on == MEETING_DAY


def test_a_meeting_dated_before_the_referral_is_refused_R_CASE_3() -> None:
    error = _hold_error(referred_case(level=2, on=date(2026, 6, 1)))
    assert (error.field, error.value, error.rule) == ("occurred_on", "2026-05-04", "R-CASE-3")


def test_a_meeting_dated_after_today_is_refused_R_CAL_1() -> None:
    with pytest.raises(DomainError) as caught:
        Meeting.hold(some_id("M-1"), referred_case(), stamp(today=date(2026, 5, 3)), MEETING_DAY, meeting_ref="M-1",
                     kind="review", venue="community", chair="c", invitations=invitations(("sps", "in-person")))
    assert (caught.value.field, caught.value.rule) == ("occurred_on", "R-CAL-1")


@pytest.mark.parametrize(("field", "value"), [("kind", "annual"), ("venue", "online")])
def test_a_kind_or_venue_outside_the_vocabulary_is_refused_R_MTG_1(field: str, value: str) -> None:
    error = _hold_error(referred_case(), **{field: value})
    assert (error.field, error.value, error.rule) == (field, value, "R-MTG-1")


# ---- R-MTG-2: each invited agency: Responsible Authority or DTC, outcome, seniority --------------------------------


def test_each_invitation_records_whether_the_agency_is_a_responsible_authority_R_MTG_2() -> None:
    meeting = _hold(referred_case(), invitations=[
        Invitation("police-scotland", "in-person", True), Invitation("social-work", "remote", True),
        Invitation("sps", "written", False), Invitation("health", "absent", False),
        Invitation("housing", "written", True),
    ])
    (held,) = new_events(meeting)
    assert [(i.agency, i.responsible) for i in held.invitations] == [
        ("police-scotland", True), ("social-work", True), ("sps", True), ("health", True), ("housing", False),
    ]
    assert held.invitations[2] == Invitation(agency="sps", outcome="written", at_seniority=False)


def test_an_outcome_outside_the_four_outcomes_is_refused_R_MTG_2() -> None:
    error = _hold_error(referred_case(), invitations=invitations(("housing", "late")))
    assert (error.field, error.value, error.rule) == ("outcome", "late", "R-MTG-2")


def test_an_agency_invited_twice_to_one_meeting_is_refused_R_MTG_2() -> None:
    error = _hold_error(referred_case(), invitations=invitations(("housing", "absent"), ("housing", "written")))
    assert (error.field, error.value, error.rule) == ("agency", "housing", "R-MTG-2")


def test_a_meeting_with_no_invited_agency_is_refused_R_MTG_2() -> None:
    error = _hold_error(referred_case(), invitations=[])
    assert (error.field, error.value, error.rule) == ("invitations", 0, "R-MTG-2")


def test_a_written_contribution_is_marked_as_recorded_in_the_minute_and_the_rmp_R_MTG_2() -> None:
    meeting = held_meeting()
    meeting.record_contribution("housing", True, False, S, AFTER)
    (event,) = new_events(meeting)
    assert isinstance(event, Meeting.ContributionRecorded)
    assert (event.agency, event.in_minute, event.in_rmp) == ("housing", True, False)
    assert meeting.contributions == {"housing": [True, False]}


@pytest.mark.parametrize("agency", ["police-scotland", "fire-service"])
def test_a_contribution_is_refused_for_an_agency_that_sent_no_written_report_R_MTG_2(agency: str) -> None:
    meeting = held_meeting()
    refused(meeting, lambda: meeting.record_contribution(agency, True, True, S, AFTER), field="agency",
            value=agency, rule="R-MTG-2")


# ---- R-MTG-3: disclosure considered and the decision recorded ----------------------------------------------------


@pytest.mark.parametrize(("decision", "considered"), [("disclose", True), ("do-not-disclose", False), ("defer", True)])
def test_the_disclosure_decision_is_recorded_with_its_own_considered_yes_or_no_R_MTG_3(
        decision: str, considered: bool) -> None:
    meeting = held_meeting()
    meeting.decide_disclosure(decision, considered, S, MEETING_DAY)
    (event,) = new_events(meeting)
    assert isinstance(event, Meeting.DisclosureDecided)
    assert (event.decision, event.considered) == (decision, considered)
    assert meeting.disclosure == decision


@pytest.mark.parametrize("considered", ["yes", 1, None])
def test_considered_that_is_not_true_or_false_is_refused_R_MTG_3(considered: object) -> None:
    meeting = held_meeting()
    refused(meeting, lambda: meeting.decide_disclosure("defer", considered, S, MEETING_DAY),  # type: ignore[arg-type]
            field="considered", value=considered, rule="R-MTG-3")


def test_a_disclosure_decision_outside_the_three_decisions_is_refused_R_MTG_3() -> None:
    meeting = held_meeting()
    refused(meeting, lambda: meeting.decide_disclosure("maybe", True, S, MEETING_DAY), field="decision", value="maybe",
            rule="R-MTG-3")


def test_a_second_disclosure_decision_is_refused_R_MTG_3() -> None:
    meeting = held_meeting()
    meeting.decide_disclosure("defer", False, S, MEETING_DAY)
    new_events(meeting)
    refused(meeting, lambda: meeting.decide_disclosure("disclose", True, S, AFTER), field="decision", value="disclose",
            rule="R-MTG-3")


# ---- R-MTG-4: minutes issued, then ratified; the RMP updated; each a dated event ------------------------------------


def test_the_minute_is_issued_then_ratified_and_the_rmp_updated_each_on_its_date_R_MTG_4() -> None:
    meeting = held_meeting()
    meeting.issue_minute(S, date(2026, 5, 6))
    meeting.ratify_minute(S, date(2026, 5, 12))
    meeting.update_rmp(S, date(2026, 5, 8))
    issued, ratified, updated = new_events(meeting)
    assert [type(e) for e in (issued, ratified, updated)] == [
        Meeting.MinuteIssued, Meeting.MinuteRatified, Meeting.RmpUpdated]
    assert [e.occurred_on for e in (issued, ratified, updated)] == [
        date(2026, 5, 6), date(2026, 5, 12), date(2026, 5, 8)]
    assert (meeting.minute_ratified_on, meeting.rmp_updated_on) == (date(2026, 5, 12), date(2026, 5, 8))


def test_a_ratification_before_the_minute_is_issued_is_refused_R_MTG_4() -> None:
    meeting = held_meeting()
    refused(meeting, lambda: meeting.ratify_minute(S, AFTER), field="occurred_on", value="2026-05-11",
            rule="R-MTG-4")


def test_a_ratification_dated_before_the_issue_date_is_refused_R_MTG_4() -> None:
    meeting = held_meeting()
    meeting.issue_minute(S, AFTER)
    new_events(meeting)
    refused(meeting, lambda: meeting.ratify_minute(S, date(2026, 5, 7)), field="occurred_on", value="2026-05-07",
            rule="R-MTG-4")


@pytest.mark.parametrize("step", ["issue_minute", "ratify_minute", "update_rmp", "decide_disclosure"])
def test_a_step_dated_before_the_meeting_is_refused_R_MTG_4_R_CASE_3(step: str) -> None:
    meeting = held_meeting()
    before = date(2026, 5, 1)
    calls = {
        "issue_minute": lambda: meeting.issue_minute(S, before),
        "ratify_minute": lambda: meeting.ratify_minute(S, before),
        "update_rmp": lambda: meeting.update_rmp(S, before),
        "decide_disclosure": lambda: meeting.decide_disclosure("defer", True, S, before),
    }
    refused(meeting, calls[step], field="occurred_on", value="2026-05-01", rule="R-MTG-4")


@pytest.mark.parametrize("step", ["issue_minute", "update_rmp"])
def test_a_minute_issue_or_rmp_update_recorded_twice_is_refused_R_MTG_4(step: str) -> None:
    meeting = held_meeting()
    getattr(meeting, step)(S, date(2026, 5, 6))
    new_events(meeting)
    refused(meeting, lambda: getattr(meeting, step)(S, AFTER), field="occurred_on", value="2026-05-06",
            rule="R-MTG-4")
