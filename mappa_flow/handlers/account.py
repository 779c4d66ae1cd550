"""Handlers of the account commands (domain/account.py): registering, granting, disabling, credentials, and
the sign-in record."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from domain.account import Account, AccountAlreadyExistsError, AccountError, AccountNotFoundError
from mappa_flow.commands.account import (
    DisableAccount,
    GrantAccess,
    IssueApiToken,
    IssueCalendarToken,
    RecordSignIn,
    RecordSignInFailure,
    RecordSignOut,
    RegisterAccount,
    ResetPassword,
)

if TYPE_CHECKING:
    from mappa_flow.application import Unit


def load_account(unit: Unit, name: str) -> Account:
    account: Account = unit.load(unit.app.ids.account(name), lambda: AccountNotFoundError(
        f"no account is named {name}", field="name", value=name, rule="WEB-ACC-5"))
    return account


def _check_areas_registered(unit: Unit, areas: Sequence[str]) -> None:
    """WEB-ACC-2: an account's areas are registered areas."""
    for code in areas:
        if unit.app.ids.area(code) not in unit.app.repository:
            raise AccountError(f"area {code} is not registered; register it first", field="area", value=code,
                               rule="WEB-ACC-2")


def register_account(cmd: RegisterAccount, unit: Unit) -> None:
    _check_areas_registered(unit, cmd.areas)
    account = Account.register(unit.app.ids.account(cmd.name), unit.stamp, cmd.occurred_on, name=cmd.name,
                               role=cmd.role, areas=cmd.areas, password_hash=cmd.password_hash)
    unit.create(account, lambda: AccountAlreadyExistsError(
        f"an account named {cmd.name} already exists", field="name", value=cmd.name, rule="WEB-ACC-5"))


def grant_access(cmd: GrantAccess, unit: Unit) -> None:
    _check_areas_registered(unit, cmd.areas)
    load_account(unit, cmd.name).grant(cmd.role, cmd.areas, unit.stamp, cmd.occurred_on)


def disable_account(cmd: DisableAccount, unit: Unit) -> None:
    load_account(unit, cmd.name).disable(unit.stamp, cmd.occurred_on)


def reset_password(cmd: ResetPassword, unit: Unit) -> None:
    load_account(unit, cmd.name).reset_password(cmd.password_hash, unit.stamp, cmd.occurred_on)


def issue_api_token(cmd: IssueApiToken, unit: Unit) -> None:
    load_account(unit, cmd.name).issue_api_token(cmd.token_hash, unit.stamp, cmd.occurred_on)


def issue_calendar_token(cmd: IssueCalendarToken, unit: Unit) -> None:
    load_account(unit, cmd.name).issue_calendar_token(cmd.token_hash, cmd.rotate, unit.stamp, cmd.occurred_on)


def record_sign_in(cmd: RecordSignIn, unit: Unit) -> None:
    load_account(unit, cmd.name).sign_in(unit.stamp, cmd.occurred_on)


def record_sign_in_failure(cmd: RecordSignInFailure, unit: Unit) -> None:
    load_account(unit, cmd.name).fail_sign_in(cmd.reason, unit.stamp, cmd.occurred_on)


def record_sign_out(cmd: RecordSignOut, unit: Unit) -> None:
    load_account(unit, cmd.name).sign_out(unit.stamp, cmd.occurred_on)
