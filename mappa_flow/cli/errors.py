"""How CLI commands fail: one clear line on stderr, and an exit code scripts can rely on (context.py).

The root group (main.py) turns every domain refusal, store failure and bad setting into one line,
whichever command met it; ``guarded`` does the same for a single command.
"""

from __future__ import annotations

import functools
import logging
import re
import sys
from collections.abc import Callable
from typing import IO, Any, TypeVar, cast

import click

from mappa_flow.cli.context import EXIT_FAILED, EXIT_NOT_FOUND, EXIT_REFUSED, EXIT_STORE, CliContext

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])
_QUOTED = re.compile(r'"[^"]*"|\'[^\']*\'')  # a value a driver's message quotes (invalid input syntax: "...")


class CliFailure(click.ClickException):
    """A failure to report in one line, with its exit code."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click declares it a ClassVar; each failure has its own

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"mappa-flow: {self.format_message()}", err=True)


class UsageLine(click.UsageError):
    """A missing or contradictory option: one line on stderr (no usage text); exit code 2."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"mappa-flow: {self.format_message()}", err=True)


def refusal(error: Exception) -> CliFailure:
    """A domain refusal: not found (a reference that does not exist) or refused by a rule."""
    not_found = type(error).__name__.endswith("NotFoundError")
    return CliFailure(f"{'not found' if not_found else 'refused'}: {error}", EXIT_NOT_FOUND if not_found
                      else EXIT_REFUSED)


def store_failure(error: BaseException, context: CliContext | None = None) -> CliFailure:
    """The store could not be reached: say where it is and which setting chose it, never a password."""
    if context is None:
        current = click.get_current_context(silent=True)
        context = current.find_object(CliContext) if current else None
    from mappa_flow.settings import redact

    settings = context.settings_if_loaded if context else None
    where = f"{settings.describe_store()}, set by {settings.store_variable}" if settings else "the configured store"
    secret = settings.postgres_password.get_secret_value() if settings else ""
    reason = redact(str(error).splitlines()[0], secret) if str(error) else type(error).__name__
    return CliFailure(f"the event store could not be reached ({where}): {reason}", EXIT_STORE)


def translated(error: BaseException, context: CliContext | None = None) -> CliFailure | None:
    """The one-line failure for a domain refusal or a store failure; None for anything else (a bug)."""
    from domain.errors import DomainError

    if isinstance(error, click.ClickException | click.exceptions.Exit | click.Abort):
        return None  # click reports these itself
    if isinstance(error, DomainError):
        return refusal(error)
    if isinstance(error, BrokenPipeError):
        return None
    if isinstance(error, OSError) or _is_store_error(error):
        log.info("store failure: %s", type(error).__name__)
        return store_failure(error, context)
    if _is_database_error(error):
        return database_failure(error)
    return None


def database_failure(error: BaseException) -> CliFailure:
    """The database refused a statement: one line with the kind of error and the driver's first line, never the
    statement's parameters (a case reference) or any quoted value (engines are made with hide_parameters too)."""
    cause = getattr(error, "orig", None) or error
    first = (str(cause).splitlines() or [""])[0]
    reason = _QUOTED.sub("\"…\"", first)[:200] or "no reason given"
    return CliFailure(f"the database refused an operation ({type(cause).__name__}): {reason}; that operation "
                      "wrote nothing", EXIT_FAILED)


def _is_database_error(error: BaseException) -> bool:
    """Any other error of the database drivers (a DataError, an IntegrityError...)."""
    kinds: list[type[BaseException]] = []
    for module, name in (("sqlalchemy.exc", "StatementError"), ("psycopg", "Error"), ("sqlite3", "Error"),
                         ("eventsourcing.persistence", "PersistenceError")):
        if (found := sys.modules.get(module)) is not None:
            kinds.append(getattr(found, name))
    return isinstance(error, tuple(kinds))


def _is_store_error(error: BaseException) -> bool:
    """A failure of the store's drivers. A driver that was never imported cannot have raised it."""
    kinds: list[type[BaseException]] = []
    if (sqlalchemy_errors := sys.modules.get("sqlalchemy.exc")) is not None:
        kinds += [sqlalchemy_errors.OperationalError, sqlalchemy_errors.InterfaceError]
    if (persistence := sys.modules.get("eventsourcing.persistence")) is not None:
        kinds.append(persistence.PersistenceError)
    return isinstance(error, tuple(kinds))


def guarded(function: F) -> F:
    """Turn domain refusals and store failures into one line on stderr and their exit code."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except Exception as error:
            failure = translated(error)
            if failure is None:
                raise
            raise failure from None

    return cast(F, wrapper)
