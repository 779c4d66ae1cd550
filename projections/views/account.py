"""Accounts of the web application as they are now (domain/account.py): for ``users list``, the admin's users
page, and finding an account by the hash of a token (the calendar feed, the API).

The sign-in itself reads the account's own events (its aggregate), so a lock or a disabling counts at once;
this view may lag the log by a catch-up. Only hashes are kept, never a password or a token.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from sqlalchemy import BigInteger, Boolean, Column, Connection, Date, DateTime, String, Table, select

from domain.account import Account
from projections.source import Positioned
from projections.view import View, metadata

account_table = Table(
    "pv_account",
    metadata,
    Column("account_id", String(36), primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("role", String(20), nullable=False),
    Column("areas", String(4000), nullable=False),  # area codes, space-separated, sorted
    Column("disabled", Boolean, nullable=False),
    Column("api_token_hash", String(64), index=True),
    Column("calendar_token_hash", String(64), index=True),
    Column("registered_on", Date, nullable=False),
    Column("last_signed_in_at", DateTime(timezone=True)),
    Column("position", BigInteger, nullable=False),
)


class AccountView(View):
    name = "accounts"
    tables = (account_table,)
    topics = tuple(cls.TOPIC for cls in (
        Account.Registered, Account.AccessGranted, Account.Disabled, Account.ApiTokenIssued,
        Account.CalendarTokenIssued, Account.SignedIn))

    def apply(self, conn: Connection, batch: Sequence[Positioned]) -> None:
        rows = _load(conn, batch)
        for item in batch:
            event, key = item.event, str(item.event.originator_id)
            if isinstance(event, Account.Registered):
                rows[key] = {"account_id": key, "name": event.name, "role": event.role,
                             "areas": " ".join(event.areas), "disabled": False, "api_token_hash": None,
                             "calendar_token_hash": None, "registered_on": event.occurred_on,
                             "last_signed_in_at": None}
            rows[key]["position"] = item.position
            rows[key].update(_change(event))
        if rows:
            conn.execute(account_table.delete().where(account_table.c.account_id.in_(list(rows))))
            conn.execute(account_table.insert(), list(rows.values()))


def _change(event: Any) -> dict[str, Any]:
    if isinstance(event, Account.AccessGranted):
        return {"role": event.role, "areas": " ".join(event.areas)}
    if isinstance(event, Account.Disabled):
        return {"disabled": True}
    if isinstance(event, Account.ApiTokenIssued):
        return {"api_token_hash": event.token_hash}
    if isinstance(event, Account.CalendarTokenIssued):
        return {"calendar_token_hash": event.token_hash}
    if isinstance(event, Account.SignedIn):
        return {"last_signed_in_at": event.timestamp}
    return {}


def _load(conn: Connection, batch: Sequence[Positioned]) -> dict[str, dict[str, Any]]:
    wanted = {str(p.event.originator_id) for p in batch if not isinstance(p.event, Account.Registered)}
    if not wanted:
        return {}
    found = conn.execute(select(account_table).where(account_table.c.account_id.in_(wanted))).mappings()
    return {row["account_id"]: dict(row) for row in found}


class AccountRow(NamedTuple):
    name: str
    role: str
    areas: tuple[str, ...]
    disabled: bool
    has_api_token: bool
    has_calendar_token: bool
    registered_on: date
    last_signed_in_at: datetime | None


def _row(found: Any) -> AccountRow:
    return AccountRow(found.name, found.role, tuple(found.areas.split()), found.disabled,
                      found.api_token_hash is not None, found.calendar_token_hash is not None, found.registered_on,
                      _aware(found.last_signed_in_at))


def _aware(stored: datetime | None) -> datetime | None:
    """SQLite gives back a naive datetime: the stored instant is UTC."""
    if stored is None:
        return None
    return stored.replace(tzinfo=UTC) if stored.tzinfo is None else stored.astimezone(UTC)


def accounts(conn: Connection) -> list[AccountRow]:
    """Every account, by name."""
    return [_row(found) for found in conn.execute(select(account_table).order_by(account_table.c.name))]


def account_by_calendar_token(conn: Connection, token_hash: str) -> AccountRow | None:
    """The enabled account whose calendar token has this hash, if any."""
    a = account_table.c
    found = conn.execute(select(account_table).where(a.calendar_token_hash == token_hash,
                                                     a.disabled.is_(False))).first()
    return _row(found) if found else None
