"""One line, in a co-ordinator's words, for each kind of event: used by case histories everywhere.

``describe(event)`` never includes free text (reasons, remits, notes, findings, names of chairs or
reviewers, providers or email addresses): a history line may be shown to anyone who may see the
case, copied into a report or a log. Codes, references, dates, levels and counts are shown.
Every event class the domain records has an entry (a test checks); its title is in ``event_title``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from domain.access import AccessRecord
from domain.account import Account
from domain.area import Area
from domain.audit import Audit
from domain.audit_sample import AuditSample
from domain.business_day import BusinessDay
from domain.case import Case
from domain.exception_reason import ExceptionReason
from domain.isp import Isp
from domain.meeting import Meeting
from domain.oversight import AnnualReport, SogReview
from domain.receipt import CommandReceipt
from domain.reminder import Reminder
from domain.scr import Scr
from mappa_flow.event_title import title

Describer = Callable[[Any], str]


def _custody(in_custody: bool) -> str:
    return "in custody" if in_custody else "in the community"


def _pounds(pence: int) -> str:
    return f"£{pence / 100:,.2f}"


def _referred(e: Any) -> str:
    release = f", release expected {e.expected_release_on}" if e.expected_release_on else ""
    return (f"Referred to {e.area}: category {e.category}, Level {e.level}, by {e.referring_agency}, "
            f"{_custody(e.in_custody)}{release}")


def _held(e: Any) -> str:
    attended = sum(1 for i in e.invitations if i.outcome in ("in-person", "remote"))
    return (f"Meeting {e.meeting_ref} held ({e.kind}, {e.venue}, Level {e.level}), "
            f"{len(e.invitations)} agencies invited, {attended} attended")


def _in(flag: bool) -> str:
    return "in" if flag else "not in"


_CASE: dict[type[Any], Describer] = {
    Case.Referred: _referred,
    Case.LevelChanged: lambda e: f"Level changed {e.previous_level} -> {e.level}",
    Case.ReleaseDateSet: lambda e: f"Release date set to {e.release_on}"
    + (f" (was {e.previous_release_on})" if e.previous_release_on else ""),
    Case.Released: lambda e: "Released from custody",
    Case.Recalled: lambda e: f"Breach of {e.breach}, "
    + ("recalled to prison" if e.recalled_to_prison else "not recalled to prison"),
    Case.WantedOrMissingDeclared: lambda e: f"Declared {e.status}",
    Case.Located: lambda e: "Located",
    Case.FurtherOffenceRecorded: lambda e: f"Further {e.offence} offence: {e.stage}",
    Case.OrderApplied: lambda e: f"Order {e.order_ref} ({e.order_type}) applied for, {e.route} route",
    Case.OrderGranted: lambda e: f"Order {e.order_ref} granted",
    Case.OrderRefused: lambda e: f"Order {e.order_ref} refused",
    Case.OrderMadeAtConviction: lambda e: f"Order {e.order_ref} ({e.order_type}) made at conviction",
    Case.OrderBreached: lambda e: f"Order {e.order_ref} breached",
    Case.Archived: lambda e: "Archived",
    Case.Reopened: lambda e: f"Re-opened at Level {e.level}, {_custody(e.in_custody)}",
}

_MEETING: dict[type[Any], Describer] = {
    Meeting.Held: _held,
    Meeting.DisclosureDecided: lambda e: f"Disclosure decision: {e.decision}; disclosure "
    f"{'considered' if e.considered else 'not considered'}",
    Meeting.ContributionRecorded: lambda e: f"Written contribution of {e.agency}: {_in(e.in_minute)} the minute, "
    f"{_in(e.in_rmp)} the RMP",
    Meeting.MinuteIssued: lambda e: "Minute issued",
    Meeting.MinuteRatified: lambda e: "Minute ratified",
    Meeting.RmpUpdated: lambda e: "Risk Management Plan updated",
}

_ISP: dict[type[Any], Describer] = {
    Isp.Approved: lambda e: f"ISP {e.isp_ref} approved: {_pounds(e.cost_pence)} for {e.starts_on} to {e.ends_on}",
    Isp.RenewalRequested: lambda e: f"ISP renewal requested (risk assessed {e.risk_assessed_on})",
    Isp.Renewed: lambda e: f"ISP renewed: {_pounds(e.cost_pence)} for {e.starts_on} to {e.ends_on}"
    + (", approved late" if e.approved_late else ""),
    Isp.Ended: lambda e: "ISP ended",
}

_SCR: dict[type[Any], Describer] = {
    Scr.Commissioned: lambda e: f"SCR {e.scr_ref} commissioned in {e.area}",
    Scr.ReviewerAppointed: lambda e: f"Lead reviewer appointed, with a team of {len(e.team)}",
    Scr.ReportPublished: lambda e: f"SCR report published ({e.extent})",
    Scr.FindingRecorded: lambda e: f"Finding {e.finding_ref} recorded",
    Scr.RecommendationMade: lambda e: f"Recommendation {e.recommendation_ref} made",
    Scr.ActionAssigned: lambda e: f"Action {e.action_ref} of recommendation {e.recommendation_ref} "
    f"assigned to {e.owner}, due {e.due_on}",
    Scr.ActionProgressed: lambda e: f"Action {e.action_ref} progressed" + (", completed" if e.completed else ""),
    Scr.RecommendationClosed: lambda e: f"Recommendation {e.recommendation_ref} closed with evidence",
    Scr.StageEvaluated: lambda e: f"Stage {e.stage} rated {e.rating} of 4",
    Scr.Closed: lambda e: "SCR closed",
}

_OTHER: dict[type[Any], Describer] = {
    Area.Registered: lambda e: f"Area {e.code} registered",
    Area.ClosureDayAdded: lambda e: f"Closure day {e.day} added",
    Area.ClosureDayRemoved: lambda e: f"Closure day {e.day} removed",
    Area.ContactSet: lambda e: f"{'Co-ordinator' if e.role == 'coordinator' else 'SOG chair'} contact set",
    Audit.Completed: lambda e: f"{e.kind.capitalize()} audit {e.audit_ref}"
    + (f" of meeting {e.meeting_ref}" if e.meeting_ref else "") + f" completed, {len(e.findings)} items recorded",
    CommandReceipt.Accepted: lambda e: f"Command {e.command_type} applied",
    AuditSample.Drawn: lambda e: f"Audit sample {e.sample_ref} for {e.reporting_year}: {len(e.selected)} of "
    f"{len(e.eligible)} eligible cases drawn",
    SogReview.Held: lambda e: f"SOG review of {e.area} held",
    AnnualReport.Published: lambda e: f"Annual report {e.year} of {e.area} published",
    BusinessDay.Reached: lambda e: f"Scheduler reached {e.occurred_on.isoformat()}",
}

# Reasons, failure messages and addresses are free text or personal details: never shown.
_RECORDS: dict[type[Any], Describer] = {
    ExceptionReason.ReasonRecorded: lambda e: f"Reason recorded for exception {e.exception_key}: {e.category}"
    + (f" ({e.agency})" if e.agency else ""),
    ExceptionReason.ReasonRevised: lambda e: f"Reason revised: {e.category}" + (f" ({e.agency})" if e.agency else ""),
    Reminder.Raised: lambda e: f"Reminder (stage {e.stage}) of the {e.kind} deadline due {e.due_on} ({e.rule})",
    Reminder.Delivered: lambda e: f"Reminder sent by {e.channel} (attempt {e.attempt})",
    Reminder.DeliveryFailed: lambda e: f"Reminder not delivered by {e.channel} (attempt {e.attempt}); "
    f"next attempt {e.next_attempt_at:%Y-%m-%d %H:%M} UTC",
    Reminder.Cancelled: lambda e: "Reminder cancelled",
    AccessRecord.HistoryViewed: lambda e: f"{e.subject.capitalize()} viewed ({e.scope})",
    AccessRecord.HistoryExported: lambda e: f"{e.subject.capitalize()} exported as {e.export_format} ({e.scope})",
}

_ACCOUNT: dict[type[Any], Describer] = {  # hashes are never shown
    Account.Registered: lambda e: f"Account {e.name} registered as {e.role}" + (
        f" in {', '.join(e.areas)}" if e.areas else ""),
    Account.AccessGranted: lambda e: f"Role {e.role} granted" + (f" in {', '.join(e.areas)}" if e.areas else ""),
    Account.Disabled: lambda e: "Account disabled",
    Account.PasswordSet: lambda e: "Password reset" if e.reset else "Password set",
    Account.ApiTokenIssued: lambda e: "Personal API token issued",
    Account.CalendarTokenIssued: lambda e: "Calendar token rotated" if e.rotated else "Calendar token issued",
    Account.SignedIn: lambda e: f"Signed in ({e.method})",
    Account.SignInFailed: lambda e: f"Sign-in failed ({e.reason})",
    Account.SignedOut: lambda e: "Signed out",
}

DESCRIBERS: dict[type[Any], Describer] = {**_CASE, **_MEETING, **_ISP, **_SCR, **_OTHER, **_RECORDS, **_ACCOUNT}


def describe(event: Any) -> str:
    """One line saying what ``event`` records, without free text or personal details."""
    describer = DESCRIBERS.get(type(event))
    return describer(event) if describer else event_name(event)


def event_name(event: Any) -> str:
    """The kind of event in words: ``Case.LevelChanged`` -> "Level changed", ``Meeting.Held`` -> "Meeting held"."""
    topic = str(getattr(type(event), "TOPIC", ""))
    if topic.startswith("mappa:"):
        return title(topic.removeprefix("mappa:"))
    cls = type(event)
    words = _words(cls.__name__)
    if len(words) == 1:  # "Held", "Approved": say what was
        owner = cls.__qualname__.split(".")[0]
        words = [*_words(owner), *words] if owner != cls.__name__ else words
    spoken = [words[0].upper() if words[0].upper() in _ACRONYMS else words[0].capitalize()]
    spoken += [word.upper() if word.upper() in _ACRONYMS else word.lower() for word in words[1:]]
    return " ".join(spoken) or "Event"


_ACRONYMS = frozenset({"ISP", "SCR", "RMP", "SOG", "DTC", "MAPPA"})


def _words(name: str) -> list[str]:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).split()
