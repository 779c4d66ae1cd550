"""A person's account for the web application: who may see and record what, as events (docs/web.md).

Registering an account, granting it a role and areas, disabling it, setting its password, issuing its tokens,
and every sign-in and failed sign-in are events, so an auditor can replay who had access when. The account
keeps only hashes (an argon2id password hash, SHA-256 hashes of its tokens), made outside the domain: this
module reads no clock and does no I/O.

Rules (ids used in the errors and in docs/web.md):
- WEB-ACC-1: a role is coordinator, auditor, sog or admin.
- WEB-ACC-2: a coordinator, auditor or sog account holds at least one area; an admin account holds none (an
  admin manages users and areas and sees no case data).
- WEB-ACC-3: a disabled account cannot sign in, and nothing more is granted or issued to it.
- WEB-SES-4: five failed sign-ins in a row lock the account for fifteen minutes after the last of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from enum import StrEnum
from uuid import UUID

from domain.errors import DomainError
from domain.event import MappaAggregate, MappaEvent, Stamp, check_not_future

LOCK_AFTER_FAILURES = 5  # WEB-SES-4
LOCK_FOR = timedelta(minutes=15)


class Role(StrEnum):
    COORDINATOR = "coordinator"  # reads and records in their areas
    AUDITOR = "auditor"  # reads in the areas granted, plus the audit functions
    SOG = "sog"  # aggregate reports and the registers of their areas; case details only through exceptions
    ADMIN = "admin"  # users and areas, no case data


class AccountError(DomainError):
    """An account command breaks a rule of access (WEB-ACC-*)."""


class AccountNotFoundError(DomainError):
    """No account has this name."""


class AccountAlreadyExistsError(DomainError):
    """An account with this name is already registered."""


class Account(MappaAggregate):
    TOPIC = "mappa:Account"
    class_version = 1  # docs/decisions.md, "Event and snapshot evolution"

    class Event(MappaEvent):
        TOPIC = "mappa:Account.Event"

    class Registered(MappaAggregate.Created, Event):
        TOPIC = "mappa:Account.Registered"
        name: str
        role: str
        areas: list[str]

    class AccessGranted(Event):
        """The account's role and areas from now on (replacing the ones before)."""

        TOPIC = "mappa:Account.AccessGranted"
        role: str
        areas: list[str]

        def apply(self, account: Account) -> None:
            account.role = self.role
            account.areas = list(self.areas)
            account.sessions_from = self.timestamp

    class Disabled(Event):
        TOPIC = "mappa:Account.Disabled"

        def apply(self, account: Account) -> None:
            account.disabled = True
            account.sessions_from = self.timestamp

    class PasswordSet(Event):
        """A password chosen at registration or reset by an operator; only its argon2id hash is kept."""

        TOPIC = "mappa:Account.PasswordSet"
        password_hash: str
        reset: bool

        def apply(self, account: Account) -> None:
            account.password_hash = self.password_hash
            account.failures = []
            account.sessions_from = self.timestamp

    class ApiTokenIssued(Event):
        """A personal API token, shown once; only its SHA-256 hash is kept. It replaces the one before."""

        TOPIC = "mappa:Account.ApiTokenIssued"
        token_hash: str

        def apply(self, account: Account) -> None:
            account.api_token_hash = self.token_hash

    class CalendarTokenIssued(Event):
        """The secret of the account's calendar feed; only its hash is kept. Rotating it revokes the old one."""

        TOPIC = "mappa:Account.CalendarTokenIssued"
        token_hash: str
        rotated: bool

        def apply(self, account: Account) -> None:
            account.calendar_token_hash = self.token_hash

    class SignedIn(Event):
        TOPIC = "mappa:Account.SignedIn"
        method: str  # "password"

        def apply(self, account: Account) -> None:
            account.failures = []

    class SignInFailed(Event):
        TOPIC = "mappa:Account.SignInFailed"
        reason: str  # "password", "locked" or "disabled": never the password tried

        def apply(self, account: Account) -> None:
            if self.reason == "password":
                account.failures = [*account.failures, self.timestamp]

    class SignedOut(Event):
        """The account signed out: every session it had before now ends (docs/web.md)."""

        TOPIC = "mappa:Account.SignedOut"

        def apply(self, account: Account) -> None:
            account.sessions_from = self.timestamp

    def __init__(self, name: str, role: str, areas: list[str]) -> None:
        self.name = name
        self.role = role
        self.areas = list(areas)
        self.disabled = False
        self.password_hash = ""
        self.api_token_hash = ""
        self.calendar_token_hash = ""
        self.failures: list[datetime] = []  # failed sign-ins since the last success or password set (WEB-SES-4)
        self.sessions_from: datetime | None = None  # sessions started before this no longer count

    @classmethod
    def register(cls, account_id: UUID, stamp: Stamp, on: date, *, name: str, role: str, areas: Sequence[str],
                 password_hash: str) -> Account:
        check_not_future(on, stamp)
        checked = check_access(role, areas)
        account = cls._create(cls.Registered, id=account_id, **stamp.event_fields(on), name=name, role=role,
                              areas=checked)
        account.record(cls.PasswordSet, stamp, on, password_hash=password_hash, reset=False)
        return account

    def grant(self, role: str, areas: Sequence[str], stamp: Stamp, on: date) -> None:
        self._check_enabled("grant")
        self.record(self.AccessGranted, stamp, on, role=role, areas=check_access(role, areas))

    def disable(self, stamp: Stamp, on: date) -> None:
        self._check_enabled("disable")
        self.record(self.Disabled, stamp, on)

    def reset_password(self, password_hash: str, stamp: Stamp, on: date) -> None:
        self._check_enabled("reset the password of")
        self.record(self.PasswordSet, stamp, on, password_hash=password_hash, reset=True)

    def issue_api_token(self, token_hash: str, stamp: Stamp, on: date) -> None:
        self._check_enabled("issue a token to")
        self.record(self.ApiTokenIssued, stamp, on, token_hash=token_hash)

    def issue_calendar_token(self, token_hash: str, rotate: bool, stamp: Stamp, on: date) -> None:
        self._check_enabled("issue a calendar token to")
        if self.calendar_token_hash and not rotate:
            raise AccountError(f"account {self.name} already has a calendar token; rotate it to replace it",
                               field="rotate", value=False, rule="WEB-ACC-4")
        self.record(self.CalendarTokenIssued, stamp, on, token_hash=token_hash, rotated=bool(self.calendar_token_hash))

    def sign_in(self, stamp: Stamp, on: date) -> None:
        """WEB-ACC-3, WEB-SES-4: only an enabled account that is not locked signs in (the password is checked
        by the caller, against ``password_hash``)."""
        self.record(self.SignedIn, stamp, on, method="password")

    def fail_sign_in(self, reason: str, stamp: Stamp, on: date) -> None:
        self.record(self.SignInFailed, stamp, on, reason=reason)

    def sign_out(self, stamp: Stamp, on: date) -> None:
        self.record(self.SignedOut, stamp, on)

    def locked_until(self, now: datetime) -> datetime | None:
        """WEB-SES-4: when the lock ends, if the account is locked at ``now``."""
        return locked_until(self.failures, now)

    def _check_enabled(self, action: str) -> None:
        if self.disabled:
            raise AccountError(f"account {self.name} is disabled; cannot {action} it", field="name",
                               value=self.name, rule="WEB-ACC-3")


def check_access(role: str, areas: Sequence[str]) -> list[str]:
    """WEB-ACC-1, WEB-ACC-2: a known role, and areas that fit it (sorted, each once)."""
    if role not in set(Role):
        raise AccountError(f"role {role!r} is not one of {', '.join(Role)}", field="role", value=role,
                           rule="WEB-ACC-1")
    chosen = sorted(set(areas))
    if role == Role.ADMIN and chosen:
        raise AccountError("an admin account holds no area: it manages users and areas and sees no case data",
                           field="area", value=", ".join(chosen), rule="WEB-ACC-2")
    if role != Role.ADMIN and not chosen:
        raise AccountError(f"a {role} account needs at least one area (--area)", field="area", value="",
                           rule="WEB-ACC-2")
    return chosen


def locked_until(failures: Sequence[datetime], now: datetime) -> datetime | None:
    """WEB-SES-4: five failed sign-ins in a row lock the account for fifteen minutes after the last of them."""
    if len(failures) < LOCK_AFTER_FAILURES:
        return None
    until = failures[-1] + LOCK_FOR
    return until if now < until else None
