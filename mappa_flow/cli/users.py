"""``mappa-flow users``: the accounts of the web application (docs/web.md).

Passwords are read from stdin (never an argument: it would show in the process list and the shell's history),
hashed with argon2id and never printed. A token is printed once, when issued, and stored hashed.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from mappa_flow.cli.context import EXIT_INVALID, CliContext, pass_cli
from mappa_flow.cli.errors import CliFailure, guarded

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeVar

    T = TypeVar("T")

_AS = click.option("--as", "recorded_by", envvar="MAPPA_USER", default=None, metavar="USER",
                   help="Who is recording (default: MAPPA_USER, else the operating-system account).")


def _validated(action: Callable[[], T]) -> T:
    """Run ``action``; input that fails validation becomes exit code 3 with its field, value and rule."""
    from mappa_flow.identity import InvalidInputError

    try:
        return action()
    except InvalidInputError as error:
        raise CliFailure(f"invalid input: {error}; nothing was written", EXIT_INVALID) from None


def _operator(context: CliContext, recorded_by: str | None) -> str:
    return recorded_by or context.app.os_user or "mappa-flow"


def _password_from_stdin() -> str:
    """One line of stdin, without its line end (an empty stdin gives "", refused as too short)."""
    return sys.stdin.readline().rstrip("\r\n")


@click.group("users")
def users() -> None:
    """Accounts of the web application: add, list, disable, reset a password, issue tokens."""


@users.command("add")
@click.argument("name")
@click.option("--role", required=True, metavar="ROLE", help="coordinator, auditor, sog or admin.")
@click.option("--area", "areas", multiple=True, metavar="AREA", help="An area of the account (repeat for more); "
              "none for an admin.")
@click.option("--password-stdin", is_flag=True, required=True, help="Read the password from stdin (required).")
@_AS
@pass_cli
@guarded
def add(context: CliContext, name: str, role: str, areas: tuple[str, ...], password_stdin: bool,
        recorded_by: str | None) -> None:
    """Register an account NAME with a role, its areas and a password read from stdin (12 characters or more)."""
    from mappa_flow.identity import register_account

    password = _password_from_stdin()
    operator = _operator(context, recorded_by)
    _validated(lambda: register_account(context.app, name, role, list(areas), password, operator))
    click.echo(f"Account {name} registered as {role}" + (f" in {', '.join(sorted(set(areas)))}" if areas else "")
               + ".")


@users.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the accounts as JSON.")
@pass_cli
@guarded
def list_(context: CliContext, as_json: bool) -> None:
    """Every account: name, role, areas, whether disabled, tokens issued, and the last sign-in."""
    import json

    from projections.views.account import accounts

    with context.current_views().engine.connect() as conn:
        rows = accounts(conn)
    if as_json:
        click.echo(json.dumps([{**row._asdict(), "areas": list(row.areas), "registered_on": str(row.registered_on),
                                "last_signed_in_at": row.last_signed_in_at.isoformat() if row.last_signed_in_at
                                else None} for row in rows], indent=2))
        return
    if not rows:
        click.echo("No account yet: add one with 'mappa-flow users add'.")
    for row in rows:
        state = "disabled" if row.disabled else "enabled"
        tokens = ", ".join(t for t, has in (("API token", row.has_api_token), ("calendar token",
                                                                               row.has_calendar_token)) if has)
        last = f"{row.last_signed_in_at:%Y-%m-%d %H:%M} UTC" if row.last_signed_in_at else "never"
        click.echo(f"{row.name}\t{row.role}\t{' '.join(row.areas) or '-'}\t{state}\t{tokens or 'no token'}\t"
                   f"last sign-in {last}")


@users.command("grant")
@click.argument("name")
@click.option("--role", required=True, metavar="ROLE", help="coordinator, auditor, sog or admin.")
@click.option("--area", "areas", multiple=True, metavar="AREA", help="An area (repeat for more); replaces them all.")
@_AS
@pass_cli
@guarded
def grant(context: CliContext, name: str, role: str, areas: tuple[str, ...], recorded_by: str | None) -> None:
    """Give account NAME a role and areas, in place of the ones it had. Its open sessions end."""
    from mappa_flow.identity import grant_access

    operator = _operator(context, recorded_by)
    _validated(lambda: grant_access(context.app, name, role, list(areas), operator))
    click.echo(f"Account {name} is now {role}" + (f" in {', '.join(sorted(set(areas)))}" if areas else "") + ".")


@users.command("disable")
@click.argument("name")
@_AS
@pass_cli
@guarded
def disable(context: CliContext, name: str, recorded_by: str | None) -> None:
    """Disable account NAME: it can no longer sign in, and its open sessions end."""
    from mappa_flow.identity import disable_account

    operator = _operator(context, recorded_by)
    _validated(lambda: disable_account(context.app, name, operator))
    click.echo(f"Account {name} disabled.")


@users.command("reset")
@click.argument("name")
@_AS
@pass_cli
@guarded
def reset(context: CliContext, name: str, recorded_by: str | None) -> None:
    """Set a new password for account NAME, read from stdin. Its open sessions end and any lock is lifted."""
    from mappa_flow.identity import reset_password

    password = _password_from_stdin()
    operator = _operator(context, recorded_by)
    _validated(lambda: reset_password(context.app, name, password, operator))
    click.echo(f"Password of {name} reset.")


@users.command("token")
@click.argument("name")
@_AS
@pass_cli
@guarded
def token(context: CliContext, name: str, recorded_by: str | None) -> None:
    """Issue a personal API token for NAME, replacing any before. It is printed once and stored hashed."""
    from mappa_flow.identity import issue_api_token

    operator = _operator(context, recorded_by)
    click.echo(_validated(lambda: issue_api_token(context.app, name, operator)))
    click.echo("Keep this token now: it is stored hashed and cannot be shown again.", err=True)


@users.command("calendar-token")
@click.argument("name")
@click.option("--rotate", is_flag=True, help="Replace the account's calendar token (the old feed URL stops).")
@_AS
@pass_cli
@guarded
def calendar_token(context: CliContext, name: str, rotate: bool, recorded_by: str | None) -> None:
    """Issue the token of NAME's calendar feed (--rotate to replace it). Printed once and stored hashed."""
    from mappa_flow.identity import issue_calendar_token

    operator = _operator(context, recorded_by)
    click.echo(_validated(lambda: issue_calendar_token(context.app, name, rotate, operator)))
    click.echo("Keep this token now: it is stored hashed and cannot be shown again.", err=True)


def register(group: click.Group) -> None:
    group.add_command(users)
