"""What each kind of event is called in a history, in a co-ordinator's words ("ISP approved", not ``Isp.Approved``).

Keyed by the event's stable topic without its ``mappa:`` prefix, so a title never changes when a class moves.
Every event class the domain records has one (a test reads every domain module to check).
"""

from __future__ import annotations

TITLES: dict[str, str] = {
    "AccessRecord.HistoryExported": "History exported",
    "AccessRecord.HistoryViewed": "History viewed",
    "Account.AccessGranted": "Access granted",
    "Account.ApiTokenIssued": "API token issued",
    "Account.CalendarTokenIssued": "Calendar token issued",
    "Account.Disabled": "Account disabled",
    "Account.PasswordSet": "Password set",
    "Account.Registered": "Account registered",
    "Account.SignInFailed": "Sign-in failed",
    "Account.SignedIn": "Signed in",
    "Account.SignedOut": "Signed out",
    "AnnualReport.Published": "Annual report published",
    "Area.ClosureDayAdded": "Closure day added",
    "Area.ClosureDayRemoved": "Closure day removed",
    "Area.ContactSet": "Contact set",
    "Area.Registered": "Area registered",
    "Audit.Completed": "Audit completed",
    "AuditSample.Drawn": "Audit sample drawn",
    "Case.Archived": "Case archived",
    "Case.FurtherOffenceRecorded": "Further offence recorded",
    "Case.LevelChanged": "Level changed",
    "Case.Located": "Located",
    "Case.OrderApplied": "Order applied for",
    "Case.OrderBreached": "Order breached",
    "Case.OrderGranted": "Order granted",
    "Case.OrderMadeAtConviction": "Order made at conviction",
    "Case.OrderRefused": "Order refused",
    "Case.Recalled": "Breach recorded",
    "Case.Referred": "Case referred",
    "Case.ReleaseDateSet": "Release date set",
    "Case.Released": "Case released",
    "Case.Reopened": "Case re-opened",
    "Case.WantedOrMissingDeclared": "Declared wanted or missing",
    "CommandReceipt.Accepted": "Command applied",
    "ExceptionReason.ReasonRecorded": "Exception reason recorded",
    "ExceptionReason.ReasonRevised": "Exception reason revised",
    "Isp.Approved": "ISP approved",
    "Isp.Ended": "ISP ended",
    "Isp.RenewalRequested": "ISP renewal requested",
    "Isp.Renewed": "ISP renewed",
    "Meeting.ContributionRecorded": "Written contribution recorded",
    "Meeting.DisclosureDecided": "Disclosure decided",
    "Meeting.Held": "Meeting held",
    "Meeting.MinuteIssued": "Minute issued",
    "Meeting.MinuteRatified": "Minute ratified",
    "Meeting.RmpUpdated": "RMP updated",
    "Reminder.Cancelled": "Reminder cancelled",
    "Reminder.Delivered": "Reminder sent",
    "Reminder.DeliveryFailed": "Reminder not delivered",
    "Reminder.Raised": "Reminder raised",
    "Scr.ActionAssigned": "SCR action assigned",
    "Scr.ActionProgressed": "SCR action progressed",
    "Scr.Closed": "SCR closed",
    "Scr.Commissioned": "SCR commissioned",
    "Scr.FindingRecorded": "SCR finding recorded",
    "Scr.RecommendationClosed": "SCR recommendation closed",
    "Scr.RecommendationMade": "SCR recommendation made",
    "Scr.ReportPublished": "SCR report published",
    "Scr.ReviewerAppointed": "SCR reviewer appointed",
    "Scr.StageEvaluated": "SCR stage evaluated",
    "SogReview.Held": "SOG review held",
    "BusinessDay.Reached": "Scheduler reached a day",
}


def title(kind: str) -> str:
    """``Case.LevelChanged`` -> "Level changed"; an unknown kind (a record of a later release) as it is."""
    return TITLES.get(kind, kind)
