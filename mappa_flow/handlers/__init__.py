"""One handler per command, in one registry keyed by the command's type (a message bus, as in cosmicpython).

A handler is a plain function ``handler(cmd, unit)``: it loads the aggregates it needs through the unit and
calls their methods. It saves nothing; the application runs it inside a unit of work (``Mappa.handle``) or
inside a batch (``run_batch``), and both find it here, the same way: ``HANDLERS[type(cmd)]``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from mappa_flow.commands import account as account_commands
from mappa_flow.commands import area as area_commands
from mappa_flow.commands import case as case_commands
from mappa_flow.commands import isp as isp_commands
from mappa_flow.commands import meeting as meeting_commands
from mappa_flow.commands import scr as scr_commands
from mappa_flow.commands.access import RecordAccess
from mappa_flow.commands.audit import RecordAudit
from mappa_flow.commands.audit_sample import DrawAuditSample
from mappa_flow.commands.base import Command
from mappa_flow.commands.exception import RecordExceptionReason
from mappa_flow.commands.oversight import PublishAnnualReport, RecordSogReview
from mappa_flow.handlers import access, account, area, audit, case, exception, isp, meeting, oversight, scr

if TYPE_CHECKING:
    from mappa_flow.application import Unit

Handler = Callable[[Any, "Unit"], None]  # Any: each handler takes its own command type

HANDLERS: dict[type[Command], Handler] = {
    area_commands.RegisterArea: area.register_area,
    area_commands.AddClosureDay: area.add_closure_day,
    area_commands.RemoveClosureDay: area.remove_closure_day,
    area_commands.SetContact: area.set_contact,
    case_commands.ReferCase: case.refer_case,
    case_commands.ChangeLevel: case.change_level,
    case_commands.SetReleaseDate: case.set_release_date,
    case_commands.RecordRelease: case.record_release,
    case_commands.RecordRecall: case.record_recall,
    case_commands.DeclareMissing: case.declare_missing,
    case_commands.RecordLocated: case.record_located,
    case_commands.RecordFurtherOffence: case.record_further_offence,
    case_commands.ApplyForOrder: case.apply_for_order,
    case_commands.RecordOrderDecision: case.record_order_decision,
    case_commands.RecordOrderAtConviction: case.record_order_at_conviction,
    case_commands.RecordOrderBreach: case.record_order_breach,
    case_commands.ArchiveCase: case.archive_case,
    case_commands.ReopenCase: case.reopen_case,
    meeting_commands.HoldMeeting: meeting.hold_meeting,
    meeting_commands.DecideDisclosure: meeting.decide_disclosure,
    meeting_commands.RecordContribution: meeting.record_contribution,
    meeting_commands.IssueMinute: meeting.issue_minute,
    meeting_commands.RatifyMinute: meeting.ratify_minute,
    meeting_commands.UpdateRmp: meeting.update_rmp,
    isp_commands.ApproveIsp: isp.approve_isp,
    isp_commands.RequestIspRenewal: isp.request_isp_renewal,
    isp_commands.RenewIsp: isp.renew_isp,
    isp_commands.EndIsp: isp.end_isp,
    scr_commands.CommissionScr: scr.commission_scr,
    scr_commands.AppointReviewer: scr.appoint_reviewer,
    scr_commands.PublishScrReport: scr.publish_scr_report,
    scr_commands.RecordScrFinding: scr.record_scr_finding,
    scr_commands.MakeRecommendation: scr.make_recommendation,
    scr_commands.AssignAction: scr.assign_action,
    scr_commands.ProgressAction: scr.progress_action,
    scr_commands.CloseRecommendation: scr.close_recommendation,
    scr_commands.EvaluateScrStage: scr.evaluate_scr_stage,
    scr_commands.CloseScr: scr.close_scr,
    RecordAudit: audit.record_audit,
    DrawAuditSample: audit.draw_audit_sample,
    RecordExceptionReason: exception.record_exception_reason,
    RecordSogReview: oversight.record_sog_review,
    PublishAnnualReport: oversight.publish_annual_report,
    RecordAccess: access.record_access,
    account_commands.RegisterAccount: account.register_account,
    account_commands.GrantAccess: account.grant_access,
    account_commands.DisableAccount: account.disable_account,
    account_commands.ResetPassword: account.reset_password,
    account_commands.IssueApiToken: account.issue_api_token,
    account_commands.IssueCalendarToken: account.issue_calendar_token,
    account_commands.RecordSignIn: account.record_sign_in,
    account_commands.RecordSignInFailure: account.record_sign_in_failure,
    account_commands.RecordSignOut: account.record_sign_out,
}


def work_of(cmd: Command) -> Callable[[Unit], None]:
    """The work of ``cmd``: its handler, given the command."""
    handler = HANDLERS.get(type(cmd))
    if handler is None:
        raise TypeError(f"no handler for {type(cmd).__name__}: add one to HANDLERS (mappa_flow/handlers)")
    return partial(handler, cmd)
