"""A synthetic case story for the audit tests: commands run through the application, some recorded late."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from eventsourcing.cipher import AESCipher
from pydantic import SecretStr

from mappa_flow.application import Outcome
from mappa_flow.bootstrap import Mappa
from mappa_flow.clock import FixedClock
from mappa_flow.commands.registry import BY_NAME
from mappa_flow.settings import Settings

_count = {"n": 0}


def do(app: Mappa, name: str, /, by: str = "coord-1", **fields: Any) -> Outcome:
    """Run one command by name, with a fresh command id."""
    _count["n"] += 1
    command = BY_NAME[name](command=name, command_id=f"{name}-{_count['n']}", recorded_by=by, **fields)
    outcome: Outcome = app.handle(command)
    return outcome


def at(clock: FixedClock, year: int, month: int, day: int, hour: int = 10) -> None:
    clock.set(datetime(year, month, day, hour, tzinfo=UTC))


def tell_story(app: Mappa, clock: FixedClock, reference: str = "N-0001") -> None:
    """Referred at Level 2 in custody on 1 April 2026; Level 3 on 20 April, recorded late on 10 June; ..."""
    at(clock, 2026, 4, 1)
    if not app.is_applied("area-north"):
        app.handle(BY_NAME["register_area"](
            command="register_area", command_id="area-north", recorded_by="admin", occurred_on=date(2026, 4, 1),
            area="north", name="North"))
    do(app, "refer_case", occurred_on=date(2026, 4, 1), area="north", case_reference=reference, category=1,
       level=2, referring_agency="police-scotland", in_custody=True, expected_release_on=date(2026, 9, 1))
    at(clock, 2026, 5, 4)
    do(app, "hold_meeting", occurred_on=date(2026, 5, 4), meeting_ref=f"{reference}-M1", case_reference=reference,
       kind="initial", venue="custody", chair="chair-1",
       invitations=[{"agency": "police-scotland", "outcome": "in-person", "at_seniority": True}])
    at(clock, 2026, 5, 11)
    do(app, "issue_minute", occurred_on=date(2026, 5, 11), meeting_ref=f"{reference}-M1")
    at(clock, 2026, 6, 10)
    do(app, "change_level", by="coord-2", occurred_on=date(2026, 4, 20), case_reference=reference, level=3)
    at(clock, 2026, 9, 1)
    do(app, "record_release", occurred_on=date(2026, 9, 1), case_reference=reference)
    at(clock, 2026, 9, 2)
    do(app, "approve_isp", occurred_on=date(2026, 9, 2), isp_ref=f"{reference}-ISP", case_reference=reference,
       provider="provider-1", cost="1250.50", starts_on=date(2026, 9, 2))


def with_key(settings: Settings) -> Settings:
    """The same store with encryption at rest on (a fresh key per call)."""
    return settings.model_copy(update={"cipher_key": SecretStr(AESCipher.create_key(16))})
