"""Accounts and sign-in, for every entrypoint (``mappa-flow users``, the web application): the use cases of
domain/account.py, with the hashing of mappa_flow/credential.py around them.

Each change is a command run through the bus (``Mappa.handle``), so a refusal writes nothing. Passwords and
tokens never leave this module except a new token, returned once to be shown once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from eventsourcing.application import AggregateNotFoundError
from pydantic import ValidationError

from domain.account import Account, Role
from mappa_flow import credential
from mappa_flow.clock import today_in_london
from mappa_flow.commands.account import (
    AccountCommand,
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
from mappa_flow.commands.base import checking

if TYPE_CHECKING:
    from mappa_flow.application import MappaApplication, Outcome


NAME_RULE = "WEB-ACC-7: an account name is 2-64 lower-case letters, digits, '.', '_', '@' or '-', e.g. j.smith"


class InvalidInputError(ValueError):
    """Input that fails validation before any command is run; names the field, the value and the rule."""

    def __init__(self, field: str, value: str, rule: str) -> None:
        super().__init__(f"{field} = {value!r}: {rule}")
        self.field, self.value, self.rule = field, value, rule


def _command(app: MappaApplication, model: type[AccountCommand], recorded_by: str, **fields: Any) -> AccountCommand:
    """Validate ``fields`` into ``model``, stamped with a fresh command id and today's date."""
    today = today_in_london(app.clock)
    data = {"command_id": f"account-{uuid.uuid4()}", "recorded_by": recorded_by, "occurred_on": today, **fields}
    try:
        return model.model_validate(data, context=checking(today))
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        field = ".".join(str(part) for part in first["loc"]) or "input"
        shown = "(hidden)" if "hash" in field else str(first.get("input", ""))
        rule = NAME_RULE if field == "name" else first["msg"]
        raise InvalidInputError(field, shown, rule) from None


def _check_role(role: str) -> None:
    if role not in set(Role):
        raise InvalidInputError("role", role, f"WEB-ACC-1: a role is one of {', '.join(Role)}")


def _hashed(password: str) -> str:
    try:
        return credential.hash_password(password)
    except credential.PasswordError as error:
        raise InvalidInputError("password", "(hidden)", str(error)) from None


def register_account(app: MappaApplication, name: str, role: str, areas: list[str], password: str,
                     recorded_by: str) -> Outcome:
    _check_role(role)
    _command(app, RegisterAccount, recorded_by, name=name, role=role, areas=areas, password_hash="x" * 16)
    cmd = _command(app, RegisterAccount, recorded_by, name=name, role=role, areas=areas,
                   password_hash=_hashed(password))  # validated first: hashing takes a quarter of a second
    return app.handle(cmd)


def grant_access(app: MappaApplication, name: str, role: str, areas: list[str], recorded_by: str) -> Outcome:
    _check_role(role)
    return app.handle(_command(app, GrantAccess, recorded_by, name=name, role=role, areas=areas))


def disable_account(app: MappaApplication, name: str, recorded_by: str) -> Outcome:
    return app.handle(_command(app, DisableAccount, recorded_by, name=name))


def reset_password(app: MappaApplication, name: str, password: str, recorded_by: str) -> Outcome:
    _command(app, DisableAccount, recorded_by, name=name)  # the name is checked before the slow hash
    return app.handle(_command(app, ResetPassword, recorded_by, name=name, password_hash=_hashed(password)))


def issue_api_token(app: MappaApplication, name: str, recorded_by: str) -> str:
    """A new personal API token for ``name``: returned to be shown once; only its hash is stored."""
    token = credential.new_token("mf_api")
    app.handle(_command(app, IssueApiToken, recorded_by, name=name, token_hash=token.token_hash))
    return token.secret


def issue_calendar_token(app: MappaApplication, name: str, rotate: bool, recorded_by: str) -> str:
    """A new calendar token for ``name`` (``rotate`` replaces the one before): shown once, stored hashed."""
    token = credential.new_token("mf_cal")
    app.handle(_command(app, IssueCalendarToken, recorded_by, name=name, token_hash=token.token_hash,
                        rotate=rotate))
    return token.secret


def find_account(app: MappaApplication, name: str) -> Account | None:
    """The account named ``name`` as its events say now, or None."""
    try:
        account: Account = app.repository.get(app.ids.account(name))
    except AggregateNotFoundError:
        return None
    return account


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in: the account on success, else why not (never which of name or password)."""

    account: Account | None
    locked_until: datetime | None = None


def sign_in(app: MappaApplication, name: str, password: str) -> SignIn:
    """WEB-ACC-3, WEB-SES-4: check the password against the account's events and record the outcome.

    An unknown name costs as long as a wrong password and records nothing (there is no account to record it
    on). A locked or disabled account is refused even with the right password.
    """
    account = find_account(app, name) if _plausible_name(name) else None
    if account is None:
        credential.spend_a_verification()
        return SignIn(None)
    until = account.locked_until(app.clock.now())
    matches = credential.verify_password(account.password_hash, password)
    if account.disabled or until is not None or not matches:
        reason = "disabled" if account.disabled else "locked" if until is not None else "password"
        app.handle(_command(app, RecordSignInFailure, name, name=name, reason=reason))
        after = find_account(app, name)
        return SignIn(None, after.locked_until(app.clock.now()) if after and not after.disabled else None)
    app.handle(_command(app, RecordSignIn, name, name=name))
    return SignIn(find_account(app, name))


def sign_out(app: MappaApplication, name: str) -> None:
    """End every session of ``name`` started before now (docs/web.md)."""
    app.handle(_command(app, RecordSignOut, name, name=name))


def _plausible_name(name: str) -> bool:
    try:
        DisableAccount.model_validate({"command_id": "x", "recorded_by": "x", "occurred_on": "2000-01-01",
                                       "name": name})
    except ValidationError:
        return False
    return True
