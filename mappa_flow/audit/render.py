"""Tables and JSON for the ``mappa-flow audit`` commands."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from rich.table import Table

from domain.case_state import CaseState
from mappa_flow.audit.auditor import AccessEntry
from mappa_flow.audit.history import HistoryEntry
from mappa_flow.audit.states import TimeTravel
from mappa_flow.audit.summary import CaseSummary
from mappa_flow.audit.verify import Verification
from mappa_flow.clock import LONDON

if TYPE_CHECKING:
    from mappa_flow.audit.view_check import ViewCheck


def uk_time(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%Y-%m-%d %H:%M %Z")


def summary_table(reference: str, summary: CaseSummary) -> Table:
    table = Table(title=f"Case {reference} on {summary.today.isoformat()}", title_justify="left", show_header=False)
    table.add_column("", style="bold")
    table.add_column("")
    for label, value in summary.items:
        table.add_row(label, value)
    return table


def history_table(reference: str, entries: Sequence[HistoryEntry]) -> Table:
    table = Table(title=f"History of case {reference} ({len(entries)} events)", title_justify="left")
    for column in ("Date", "Recorded at", "Late", "Recorded by", "Command id", "Record", "Event", "Summary"):
        table.add_column(column)
    for e in entries:
        table.add_row(e.occurred_on.isoformat(), uk_time(e.recorded_at), late_days(e), e.recorded_by, e.command_id,
                      e.record, e.event, e.summary)
    return table


def late_days(entry: HistoryEntry) -> str:
    """Days late as shown in a history: blank when recorded on the business date itself."""
    return str(entry.late_days) if entry.late_days else ""


def cut_offs(as_at: date | None, known_at: datetime | None) -> str:
    """``as at 2026-04-30, as known at 2026-05-01 23:59 BST``."""
    parts = [f"as at {as_at.isoformat()}" if as_at else "as at today"]
    parts.append(f"as known at {uk_time(known_at)}" if known_at else "with everything recorded so far")
    return ", ".join(parts)


def state_tables(reference: str, travel: TimeTravel, words: str) -> list[Table]:
    state = travel.state
    if state is None:
        table = Table(title=f"Case {reference} {words}", title_justify="left", show_header=False)
        table.add_column("")
        table.add_row("The case had not been referred (or its referral was not yet recorded).")
        return [table]
    tables = [_case_table(reference, state, words)]
    if state.meetings:
        tables.append(_meetings_table(state))
    if state.isps:
        tables.append(_isps_table(state))
    return tables


def _case_table(reference: str, state: CaseState, words: str) -> Table:
    table = Table(title=f"Case {reference} {words}", title_justify="left", show_header=False)
    table.add_column("", style="bold")
    table.add_column("")
    orders = ", ".join(f"{ref} ({status})" for ref, status in state.orders.items()) or "none"
    missing = f"{state.missing} since {state.missing_since}" if state.missing else "no"
    archived = f"yes, on {state.archived_on}" if state.archived else "no"
    for label, value in (
        ("Area", state.area), ("Category", state.category), ("Level", state.level),
        ("Custody", "in custody" if state.in_custody else "in the community"),
        ("Expected release", state.expected_release_on or "-"), ("Wanted or missing", missing),
        ("Archived", archived), ("Referred on", state.referred_on), ("Preventative orders", orders),
        ("Order breaches", state.order_breaches), ("Further offences", state.further_offences),
        ("Events applied", state.events_applied), ("Latest business date", state.last_event_on or "-"),
    ):
        table.add_row(label, str(value))
    return table


def _meetings_table(state: CaseState) -> Table:
    table = Table(title="Meetings", title_justify="left")
    for column in ("Meeting", "Held on", "Level", "Kind", "Venue", "Disclosure", "Minute issued", "Ratified",
                   "RMP updated"):
        table.add_column(column)
    for m in sorted(state.meetings.values(), key=lambda m: m.held_on):
        table.add_row(m.ref, str(m.held_on), str(m.level), m.kind, m.venue, *(
            str(v) if v else "-" for v in (m.disclosure, m.minute_issued_on, m.minute_ratified_on, m.rmp_updated_on)))
    return table


def _isps_table(state: CaseState) -> Table:
    table = Table(title="Intensive Support Packages", title_justify="left")
    for column in ("ISP", "Provider", "Current period", "Approved so far", "Ended on"):
        table.add_column(column)
    for i in sorted(state.isps.values(), key=lambda i: i.starts_on):
        table.add_row(i.ref, i.provider, f"{i.starts_on} to {i.ends_on}", f"£{i.cost_pence / 100:,.2f}",
                      str(i.ended_on or "-"))
    return table


def state_json(reference: str, as_at: date | None, known_at: datetime | None, travel: TimeTravel) -> dict[str, Any]:
    return {"case_reference": reference, "as_at": as_at.isoformat() if as_at else None,
            "known_at": known_at.isoformat() if known_at else None,
            "state": travel.state.to_dict() if travel.state else None}


def access_table(reference: str, entries: Sequence[AccessEntry]) -> Table:
    table = Table(title=f"Who looked at case {reference} ({len(entries)} accesses)", title_justify="left")
    for column in ("When", "Who", "OS user", "Action", "What", "Scope", "Format"):
        table.add_column(column)
    for e in entries:
        table.add_row(uk_time(e.recorded_at), escape(e.viewer), escape(e.os_user or "-"), e.action, e.subject,
                      escape(e.scope), e.export_format or "")  # escaped: a name is shown as typed, never as markup
    return table


MAX_VIEW_LINES = 200


def verification_lines(result: Verification, views: ViewCheck | None = None) -> list[str]:
    lines = [f"TAMPERED at position {f.position}: {f.kind}: {f.detail}" for f in result.findings]
    latest = result.latest
    if latest is None:
        lines.append("No seal yet: run 'mappa-flow audit seal' to seal the store.")
    else:
        lines.append(f"{result.checked} sealed events checked against {len(result.seals)} seal(s); latest seal "
                     f"#{latest.seal_no} to position {latest.last_position}, hash {latest.chain_hash}")
    if result.anchor and not any(f.kind.startswith("anchor") for f in result.findings):
        lines.append(f"Anchored hash {result.anchor} found, and the chain up to it is intact.")
    overdue = any(f.kind == "seal-overdue" for f in result.findings)
    lines.append(f"Unsealed tail: {result.unsealed} events after the last seal" +
                 ("." if overdue else " (information, not tampering)."))
    if views is not None:
        lines += view_lines(views)
    tampered = result.tampered or bool(views and views.differences)
    lines.append("TAMPERING DETECTED" if tampered else "OK: no tampering detected")
    return lines


def view_lines(views: ViewCheck) -> list[str]:
    lines = [f"VIEW ALTERED: {d.line()}" for d in views.differences[:MAX_VIEW_LINES]]
    if len(views.differences) > MAX_VIEW_LINES:
        lines.append(f"... and {len(views.differences) - MAX_VIEW_LINES} more differing rows")
    lines.append(f"Views: {views.rows} live rows compared with a rebuild from the events up to position "
                 f"{views.position}: {len(views.differences)} differing row(s).")
    return lines


def verification_json(result: Verification, views: ViewCheck | None = None) -> dict[str, Any]:
    latest = result.latest
    return {
        "ok": not result.tampered and not (views and views.differences), "checked": result.checked,
        "unsealed": result.unsealed, "seals": len(result.seals),
        "latest_seal": None if latest is None else {
            "seal_no": latest.seal_no, "last_position": latest.last_position, "hash": latest.chain_hash},
        "anchor": result.anchor, "findings": [f.as_dict() for f in result.findings],
        "views": None if views is None else views.as_dict(),
    }
