"""Meeting, ISP, SCR and audit use cases on every event store: happy paths, refusals that write nothing, bad input."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date
from typing import Any, TypeVar

import pytest
from pydantic import ValidationError

from domain.audit import Audit
from domain.errors import (
    CaseNotFoundError,
    DomainError,
    IspNotFoundError,
    LifecycleError,
    MeetingAlreadyExistsError,
)
from domain.isp import Isp
from domain.meeting import Meeting
from domain.scr import Scr
from mappa_flow.bootstrap import Mappa
from mappa_flow.commands import audit as a
from mappa_flow.commands import isp as i
from mappa_flow.commands import meeting as m
from mappa_flow.commands import scr as s
from mappa_flow.commands.area import RegisterArea
from mappa_flow.commands.base import Command
from mappa_flow.commands.case import ReferCase
from mappa_flow.commands.registry import command_adapter

C = TypeVar("C", bound=Command)
_ids: Iterator[int] = itertools.count(1)


def cmd(model: type[C], on: date = date(2026, 5, 4), **fields: Any) -> C:
    """A command with a fresh id, recorded by a test co-ordinator."""
    return model(command_id=f"cmd-{next(_ids)}", recorded_by="coord-1", occurred_on=on, **fields)


def _case(app: Mappa, reference: str = "N-0001", level: int = 3, area: str = "north") -> None:
    if app.ids.area(area) not in app.repository:
        app.handle(cmd(RegisterArea, date(2026, 4, 1), area=area, name=area.title()))
    app.handle(cmd(ReferCase, date(2026, 4, 2), area=area, case_reference=reference, category=1, level=level,
                   referring_agency="police-scotland", in_custody=False))


def _hold(app: Mappa, meeting_ref: str = "M-1", case_reference: str = "N-0001", **overrides: Any) -> None:
    fields: dict[str, Any] = {
        "meeting_ref": meeting_ref, "case_reference": case_reference, "kind": "review", "venue": "community",
        "chair": "chair-1", "invitations": [
            {"agency": "police-scotland", "outcome": "in-person", "at_seniority": True},
            {"agency": "housing", "outcome": "written", "at_seniority": True},
        ],
    }
    fields.update(overrides)
    app.handle(cmd(m.HoldMeeting, **fields))


def assert_refused_and_nothing_written(app: Mappa, command: Command, error: type[DomainError], field: str,
                                       value: object) -> None:
    before = app.max_notification_id()
    with pytest.raises(error) as caught:
        app.handle(command)
    assert (caught.value.field, caught.value.value) == (field, value), str(caught.value)
    assert app.max_notification_id() == before
    assert not app.is_applied(command.command_id)


# ---- meetings (R-MTG-1 to R-MTG-4) ---------------------------------------------------------------------------------


def test_a_meeting_is_held_with_its_disclosure_decision_then_minuted_and_the_rmp_updated(app: Mappa) -> None:
    _case(app)
    _hold(app, disclosure="defer", considered=False)
    app.handle(cmd(m.RecordContribution, date(2026, 5, 6), meeting_ref="M-1", agency="housing",
                   in_minute=True, in_rmp=True))
    app.handle(cmd(m.IssueMinute, date(2026, 5, 6), meeting_ref="M-1"))
    app.handle(cmd(m.RatifyMinute, date(2026, 5, 12), meeting_ref="M-1"))
    app.handle(cmd(m.UpdateRmp, date(2026, 5, 12), meeting_ref="M-1"))
    events = list(app.events.get(app.ids.meeting("M-1")))
    assert [type(e) for e in events] == [
        Meeting.Held, Meeting.DisclosureDecided, Meeting.ContributionRecorded, Meeting.MinuteIssued,
        Meeting.MinuteRatified, Meeting.RmpUpdated,
    ]
    held = events[0]
    assert (held.level, held.area, held.case_reference) == (3, "north", "N-0001")
    assert events[1].command_id == held.command_id  # decided in the same command as the meeting
    assert (events[1].decision, events[1].considered) == ("defer", False)  # R-MTG-3: its own yes / no
    meeting: Meeting = app.repository.get(app.ids.meeting("M-1"))
    assert (meeting.disclosure, meeting.minute_ratified_on) == ("defer", date(2026, 5, 12))


def test_a_meeting_for_a_level_1_case_is_refused_and_writes_nothing_R_MTG_1(app: Mappa) -> None:
    _case(app, level=1)
    command = cmd(m.HoldMeeting, meeting_ref="M-1", case_reference="N-0001", kind="review", venue="community",
                  chair="c", invitations=[{"agency": "sps", "outcome": "absent", "at_seniority": False}])
    assert_refused_and_nothing_written(app, command, LifecycleError, "level", 1)


def test_a_meeting_whose_disclosure_decision_is_refused_writes_no_meeting_either_R_MTG_3(app: Mappa) -> None:
    _case(app)
    command = cmd(m.HoldMeeting, date(2026, 4, 1), meeting_ref="M-1", case_reference="N-0001", kind="initial",
                  venue="custody", chair="c", disclosure="disclose", considered=True,
                  invitations=[{"agency": "sps", "outcome": "remote", "at_seniority": True}])
    assert_refused_and_nothing_written(app, command, LifecycleError, "occurred_on", "2026-04-01")
    assert app.ids.meeting("M-1") not in app.repository


def test_a_meeting_reference_is_recorded_once_R_MTG_1(app: Mappa) -> None:
    _case(app)
    _hold(app)
    command = cmd(m.HoldMeeting, meeting_ref="M-1", case_reference="N-0001", kind="review", venue="community",
                  chair="c", invitations=[{"agency": "sps", "outcome": "absent", "at_seniority": False}])
    assert_refused_and_nothing_written(app, command, MeetingAlreadyExistsError, "meeting_ref", "M-1")


def test_a_meeting_for_an_unknown_case_is_refused(app: Mappa) -> None:
    command = cmd(m.HoldMeeting, meeting_ref="M-1", case_reference="N-404", kind="review", venue="community",
                  chair="c", invitations=[{"agency": "sps", "outcome": "absent", "at_seniority": False}])
    assert_refused_and_nothing_written(app, command, CaseNotFoundError, "case_reference", "N-404")


# ---- Intensive Support Packages (R-ISP-1) ----------------------------------------------------------------------------


def test_an_isp_is_approved_in_pounds_renewed_on_a_risk_assessment_and_ended_R_ISP_1(app: Mappa) -> None:
    _case(app)
    app.handle(cmd(i.ApproveIsp, date(2026, 4, 20), isp_ref="ISP-1", case_reference="N-0001",
                   provider="Provider A", cost="1250.50", starts_on=date(2026, 5, 1)))
    app.handle(cmd(i.RequestIspRenewal, date(2026, 7, 20), isp_ref="ISP-1",
                   risk_assessed_on=date(2026, 7, 15)))
    app.handle(cmd(i.RenewIsp, date(2026, 7, 25), isp_ref="ISP-1", cost=1300))
    app.handle(cmd(i.EndIsp, date(2026, 9, 1), isp_ref="ISP-1", reason="risk reduced"))
    approved, _, renewed, _ = app.events.get(app.ids.isp("ISP-1"))
    assert isinstance(approved, Isp.Approved) and approved.cost_pence == 125_050
    assert isinstance(renewed, Isp.Renewed)
    assert (renewed.cost_pence, renewed.starts_on, renewed.approved_late) == (130_000, date(2026, 8, 1), False)
    isp: Isp = app.repository.get(app.ids.isp("ISP-1"))
    assert isp.ended_on == date(2026, 9, 1)


def test_a_renewal_without_a_risk_assessment_is_refused_and_writes_nothing_R_ISP_1(app: Mappa) -> None:
    _case(app)
    app.handle(cmd(i.ApproveIsp, date(2026, 4, 20), isp_ref="ISP-1", case_reference="N-0001",
                   provider="Provider A", cost=100, starts_on=date(2026, 5, 1)))
    command = cmd(i.RenewIsp, date(2026, 7, 25), isp_ref="ISP-1", cost=100)
    assert_refused_and_nothing_written(app, command, LifecycleError, "isp_ref", "ISP-1")


def test_a_command_for_an_unknown_isp_is_refused(app: Mappa) -> None:
    command = cmd(i.EndIsp, isp_ref="ISP-9", reason="r")
    assert_refused_and_nothing_written(app, command, IspNotFoundError, "isp_ref", "ISP-9")


# ---- Significant Case Reviews (R-SCR-1) ------------------------------------------------------------------------------


def _scr_until_recommendation(app: Mappa) -> None:
    _case(app)
    app.handle(cmd(s.CommissionScr, date(2026, 4, 10), scr_ref="SCR-1", area="north",
                   case_reference="N-0001", remit="Management before the incident"))
    app.handle(cmd(s.AppointReviewer, date(2026, 4, 20), scr_ref="SCR-1", lead_reviewer="lead-1",
                   team=["member-1"]))
    app.handle(cmd(s.PublishScrReport, date(2026, 6, 1), scr_ref="SCR-1", extent="full"))
    app.handle(cmd(s.RecordScrFinding, date(2026, 6, 1), scr_ref="SCR-1", finding_ref="F1",
                   text="Information was not shared"))
    app.handle(cmd(s.MakeRecommendation, date(2026, 6, 1), scr_ref="SCR-1", recommendation_ref="R1",
                   text="Share information earlier"))
    app.handle(cmd(s.AssignAction, date(2026, 6, 1), scr_ref="SCR-1", recommendation_ref="R1",
                   action_ref="A1", owner="police-scotland", due_on=date(2026, 9, 30), text="Protocol"))


def test_an_scr_is_followed_through_to_closure_R_SCR_1(app: Mappa) -> None:
    _scr_until_recommendation(app)
    app.handle(cmd(s.ProgressAction, date(2026, 7, 1), scr_ref="SCR-1", action_ref="A1",
                   note="Protocol signed", completed=True))
    app.handle(cmd(s.CloseRecommendation, date(2026, 7, 2), scr_ref="SCR-1",
                   recommendation_ref="R1", outcome="implemented", evidence="Signed protocol"))
    app.handle(cmd(s.EvaluateScrStage, date(2026, 7, 2), scr_ref="SCR-1", stage="learning", rating=3,
                   comment="Clear learning"))
    app.handle(cmd(s.CloseScr, date(2026, 7, 3), scr_ref="SCR-1"))
    scr: Scr = app.repository.get(app.ids.scr("SCR-1"))
    assert (scr.closed_on, scr.recommendations) == (date(2026, 7, 3), {"R1": date(2026, 7, 2)})
    assert type(list(app.events.get(app.ids.scr("SCR-1")))[-1]) is Scr.Closed


def test_closing_an_scr_with_an_open_recommendation_is_refused_and_writes_nothing_R_SCR_1(app: Mappa) -> None:
    _scr_until_recommendation(app)
    command = cmd(s.CloseScr, date(2026, 7, 3), scr_ref="SCR-1")
    assert_refused_and_nothing_written(app, command, LifecycleError, "scr_ref", "SCR-1")


def test_an_scr_of_a_case_from_another_area_is_refused_R_SCR_1(app: Mappa) -> None:
    _case(app)
    app.handle(cmd(RegisterArea, date(2026, 4, 1), area="south", name="South"))
    command = cmd(s.CommissionScr, scr_ref="SCR-1", area="south", case_reference="N-0001", remit="r")
    assert_refused_and_nothing_written(app, command, LifecycleError, "area", "south")


# ---- audits (R-AUD-1) ---------------------------------------------------------------------------------------------

CASE_AUDIT_ITEMS = ("referral_and_minutes_reviewed", "all_agencies_present", "rmp_quality",
                    "actions_completed_timely", "effective_practice", "improvements", "feedback_route")


def test_a_case_audit_and_a_meeting_audit_are_recorded_R_AUD_1(app: Mappa) -> None:
    _case(app)
    _hold(app)
    app.handle(cmd(a.RecordAudit, date(2026, 10, 1), audit_ref="AUD-1", kind="case", area="north",
                   case_reference="N-0001", findings=dict.fromkeys(CASE_AUDIT_ITEMS, "ok"),
                   sample_ref="north-2026-27"))
    app.handle(cmd(a.RecordAudit, date(2026, 10, 1), audit_ref="AUD-2", kind="meeting", area="north",
                   meeting_ref="M-1", findings={"chair_performance": "good", "conduct_of_meeting": "good",
                                                "feedback_given": "yes"}))
    (case_audit,) = app.events.get(app.ids.audit("AUD-1"))
    assert isinstance(case_audit, Audit.Completed)
    assert (case_audit.case_reference, case_audit.sample_ref) == ("N-0001", "north-2026-27")
    (meeting_audit,) = app.events.get(app.ids.audit("AUD-2"))
    assert meeting_audit.meeting_ref == "M-1"


def test_an_audit_missing_an_item_is_refused_and_writes_nothing_R_AUD_1(app: Mappa) -> None:
    _case(app)
    findings = {k: "ok" for k in CASE_AUDIT_ITEMS if k != "rmp_quality"}
    command = cmd(a.RecordAudit, audit_ref="AUD-1", kind="case", area="north", case_reference="N-0001",
                  findings=findings)
    assert_refused_and_nothing_written(app, command, LifecycleError, "findings", "rmp_quality")


def test_an_audit_of_an_unknown_case_is_refused_R_AUD_1(app: Mappa) -> None:
    _case(app)
    command = cmd(a.RecordAudit, audit_ref="AUD-1", kind="case", area="north", case_reference="N-404",
                  findings={k: "ok" for k in CASE_AUDIT_ITEMS})
    assert_refused_and_nothing_written(app, command, CaseNotFoundError, "case_reference", "N-404")


# ---- bad input is refused before it reaches the application ----------------------------------------------------------


def _validation_error(model: type[Command], **fields: Any) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        cmd(model, **fields)
    return caught.value


@pytest.mark.parametrize(("cost", "words"), [("12.345", "more than 2 decimal places"), ("-1", "cannot be negative")])
def test_an_isp_cost_with_more_than_two_decimals_or_below_zero_is_refused_naming_the_field_and_value(
    cost: str, words: str
) -> None:
    error = _validation_error(i.ApproveIsp, isp_ref="ISP-1", case_reference="N-0001", provider="P", cost=cost,
                              starts_on=date(2026, 5, 1))
    (detail,) = error.errors()
    assert (detail["loc"], detail["input"]) == (("cost",), cost)
    assert words in detail["msg"] and cost in detail["msg"]


def test_an_invitation_outcome_outside_the_four_is_refused_naming_where_it_is() -> None:
    error = _validation_error(m.HoldMeeting, meeting_ref="M-1", case_reference="N-0001", kind="review",
                              venue="community", chair="c",
                              invitations=[{"agency": "sps", "outcome": "late", "at_seniority": True}])
    (detail,) = error.errors()
    assert (detail["loc"], detail["input"]) == (("invitations", 0, "outcome"), "late")


def test_a_line_of_the_import_format_with_a_bad_value_names_the_command_the_field_and_the_value() -> None:
    line = {"command": "evaluate_scr_stage", "command_id": "x", "recorded_by": "u", "occurred_on": "2026-05-01",
            "scr_ref": "SCR-1", "stage": "learning", "rating": 9, "comment": "c"}
    with pytest.raises(ValidationError) as caught:
        command_adapter().validate_python(line)
    (detail,) = caught.value.errors()
    assert (detail["loc"], detail["input"]) == (("evaluate_scr_stage", "rating"), 9)
    assert "rating" in str(caught.value) and "9" in str(caught.value)


def test_a_case_reference_that_looks_like_a_name_with_spaces_is_refused() -> None:
    error = _validation_error(s.CommissionScr, scr_ref="SCR-1", area="north", case_reference="John Smith", remit="r")
    (detail,) = error.errors()
    assert (detail["loc"], detail["input"]) == (("case_reference",), "John Smith")
