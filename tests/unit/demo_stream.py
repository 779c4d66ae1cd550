"""Small folds over a demo command stream, so the demo tests can check its realism without a database."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from domain.calendar import WorkingDayCalendar
from domain.rules.minutes import minute_deadline
from mappa_flow.commands.base import Command

CADENCE = {3: 42, 2: 84}  # R-PI-1, R-PI-2


def referral_profile(stream: Iterable[Command]) -> tuple[Counter[int], Counter[int]]:
    """How many cases were referred at each level, and in each category."""
    referrals = [cmd.model_dump() for cmd in stream if cmd.command == "refer_case"]
    return Counter(r["level"] for r in referrals), Counter(r["category"] for r in referrals)


class _Case:
    def __init__(self, level: int, custody: bool, on: date):
        self.level, self.custody = level, custody
        self.restart: date | None = None if custody else on


def late_review_share(stream: Iterable[Command]) -> float:
    """Share of community Level 2 / 3 reviews held more than 42 / 84 days after the clock last restarted."""
    cases: dict[str, _Case] = {}
    late = total = 0
    for cmd in stream:
        data, on = cmd.model_dump(), cmd.occurred_on
        case = cases.get(data.get("case_reference", ""))
        if cmd.command in ("refer_case", "reopen_case"):
            cases[data["case_reference"]] = _Case(data["level"], data["in_custody"], on)
        elif case is None:
            continue
        elif cmd.command == "hold_meeting" and case.restart is not None and case.level in CADENCE:
            total += 1
            late += (on - case.restart).days > CADENCE[case.level]
            case.restart = on
        else:
            _follow(case, cmd.command, data, on)
    return late / total


def _follow(case: _Case, command: str, data: dict[str, Any], on: date) -> None:
    if command == "change_level":
        case.level = data["level"]
        case.restart = None if case.custody else on
    elif command == "record_release":
        case.custody, case.restart = False, on
    elif command == "record_recall" and data["recalled_to_prison"]:
        case.custody, case.restart = True, None
    elif command == "archive_case":
        case.restart = None


def late_minute_share(stream: list[Command], calendar: Callable[[Iterable[date]], WorkingDayCalendar]) -> float:
    """Share of meetings, with their deadline passed, not ratified and RMP-updated by the 10th working day."""
    areas = {cmd.model_dump()["case_reference"]: cmd.model_dump()["area"] for cmd in stream
             if cmd.command == "refer_case"}
    closures: dict[str, set[date]] = defaultdict(set)
    for cmd in stream:
        if cmd.command == "add_closure_day":
            closures[cmd.model_dump()["area"]].add(cmd.model_dump()["day"])
        elif cmd.command == "remove_closure_day":
            closures[cmd.model_dump()["area"]].discard(cmd.model_dump()["day"])
    calendars = {area: calendar(days) for area, days in closures.items()}
    held: dict[str, tuple[date, str]] = {}
    done: dict[str, list[date]] = defaultdict(list)
    for cmd in stream:
        data = cmd.model_dump()
        if cmd.command == "hold_meeting":
            held[data["meeting_ref"]] = (cmd.occurred_on, areas[data["case_reference"]])
        elif cmd.command in ("ratify_minute", "update_rmp"):
            done[data["meeting_ref"]].append(cmd.occurred_on)
    today = max(cmd.occurred_on for cmd in stream)
    deadlines = {ref: minute_deadline(calendars[area], on) for ref, (on, area) in held.items()}
    decided = [ref for ref, deadline in deadlines.items() if deadline < today]
    late = [ref for ref in decided if len(done[ref]) < 2 or max(done[ref]) > deadlines[ref]]
    return len(late) / len(decided)


def pre_release_leads(stream: Iterable[Command]) -> list[int]:
    """For each initial meeting held in the community while the case was in custody: days until its release."""
    waiting: dict[str, list[date]] = defaultdict(list)
    custody: dict[str, bool] = {}
    leads: list[int] = []
    for cmd in stream:
        data = cmd.model_dump()
        reference = data.get("case_reference", "")
        if cmd.command in ("refer_case", "reopen_case"):
            custody[reference] = data["in_custody"]
        elif cmd.command == "record_recall" and data["recalled_to_prison"]:
            custody[reference] = True
        elif cmd.command == "hold_meeting" and custody.get(reference) and data["kind"] == "initial":
            assert data["venue"] == "community", data
            waiting[reference].append(cmd.occurred_on)
        elif cmd.command == "record_release":
            custody[reference] = False
            leads.extend((cmd.occurred_on - held).days for held in waiting.pop(reference, []))
    return leads
