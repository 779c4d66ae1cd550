"""The accounts view, fed with an account's events and no application: what `users list` and the admin's users
page show, and the lookup of a calendar token by its hash."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import create_engine

from domain.account import Account
from domain.event import Stamp
from projections.runner import Projector
from projections.source import ListSource
from projections.views.account import AccountView, account_by_calendar_token, accounts
from tests.unit.given import some_id

TODAY = date(2026, 11, 20)
AT = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
S = Stamp(recorded_by="op", command_id="c", recorded_at=AT, today=TODAY)


def _events() -> list[Any]:
    jo = Account.register(some_id("jo"), S, TODAY, name="jo.smith", role="coordinator", areas=["north"],
                          password_hash="h" * 20)
    jo.grant("auditor", ["north", "west"], S, TODAY)
    jo.issue_calendar_token("c" * 64, False, S, TODAY)
    jo.sign_in(S, TODAY)
    al = Account.register(some_id("al"), S, TODAY, name="al.admin", role="admin", areas=[], password_hash="h" * 20)
    al.issue_api_token("a" * 64, S, TODAY)
    al.disable(S, TODAY)
    return [*jo.collect_events(), *al.collect_events()]


@pytest.mark.parametrize("batch_size", [1, 100])
def test_the_view_shows_each_account_as_its_events_leave_it(batch_size: int) -> None:
    projector = Projector(create_engine("sqlite://"), ListSource(_events()), [AccountView()], batch_size=batch_size)
    projector.setup()
    projector.catch_up()
    with projector.engine.connect() as conn:
        rows = {row.name: row for row in accounts(conn)}
        assert list(rows) == ["al.admin", "jo.smith"]
        jo, al = rows["jo.smith"], rows["al.admin"]
        assert (jo.role, jo.areas, jo.disabled, jo.has_calendar_token, jo.has_api_token) == (
            "auditor", ("north", "west"), False, True, False)
        assert jo.last_signed_in_at == AT and al.last_signed_in_at is None
        assert (al.role, al.areas, al.disabled, al.has_api_token) == ("admin", (), True, True)
        found = account_by_calendar_token(conn, "c" * 64)
        assert found is not None and found.name == "jo.smith"
        assert account_by_calendar_token(conn, "d" * 64) is None
