"""Commands on the accounts of the web application (domain/account.py, docs/web.md).

They carry hashes, never a password or a token: the entrypoint (CLI, web) hashes what the person typed
(mappa_flow/credential.py) and builds the command. They are not part of the import format
(``registry.ALL_COMMANDS``): accounts are managed with ``mappa-flow users`` and signed in through the web.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from domain.account import Role
from mappa_flow.commands.base import AreaCode, Command, OneLine

AccountName = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9._@-]{1,63}$"),
    OneLine,
    Field(description="An account name: 2-64 lower-case letters, digits, '.', '_', '@', '-' (e.g. j.smith)."),
]
Hash = Annotated[str, StringConstraints(min_length=16, max_length=400), OneLine]


class AccountCommand(Command):
    name: AccountName


class RegisterAccount(AccountCommand):
    command: Literal["register_account"] = "register_account"
    role: Role
    areas: list[AreaCode] = Field(default_factory=list, max_length=64)
    password_hash: Hash = Field(description="The argon2id hash of the first password.")


class GrantAccess(AccountCommand):
    command: Literal["grant_access"] = "grant_access"
    role: Role
    areas: list[AreaCode] = Field(default_factory=list, max_length=64)


class DisableAccount(AccountCommand):
    command: Literal["disable_account"] = "disable_account"


class ResetPassword(AccountCommand):
    command: Literal["reset_password"] = "reset_password"
    password_hash: Hash


class IssueApiToken(AccountCommand):
    command: Literal["issue_api_token"] = "issue_api_token"
    token_hash: Hash


class IssueCalendarToken(AccountCommand):
    command: Literal["issue_calendar_token"] = "issue_calendar_token"
    token_hash: Hash
    rotate: bool = False


class RecordSignIn(AccountCommand):
    command: Literal["record_sign_in"] = "record_sign_in"


class RecordSignInFailure(AccountCommand):
    command: Literal["record_sign_in_failure"] = "record_sign_in_failure"
    reason: Literal["password", "locked", "disabled"]


class RecordSignOut(AccountCommand):
    command: Literal["record_sign_out"] = "record_sign_out"


ACCOUNT_COMMANDS = (RegisterAccount, GrantAccess, DisableAccount, ResetPassword, IssueApiToken, IssueCalendarToken,
                    RecordSignIn, RecordSignInFailure, RecordSignOut)
