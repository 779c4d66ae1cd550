"""How CLI commands fail: one clear line on stderr, and an exit code scripts can rely on (context.py)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import IO, Any, TypeVar, cast

import click
import sqlalchemy.exc
from eventsourcing.persistence import PersistenceError

from domain.errors import DomainError
from mappa_flow.cli.context import EXIT_NOT_FOUND, EXIT_REFUSED, EXIT_STORE, CliContext

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])


class CliFailure(click.ClickException):
    """A failure to report in one line, with its exit code."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click declares it a ClassVar; each failure has its own

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"mappa-flow: {self.format_message()}", err=True)


def refusal(error: DomainError) -> CliFailure:
    """A domain refusal: not found (a reference that does not exist) or refused by a rule."""
    not_found = type(error).__name__.endswith("NotFoundError")
    return CliFailure(f"{'not found' if not_found else 'refused'}: {error}", EXIT_NOT_FOUND if not_found
                      else EXIT_REFUSED)


def store_failure(error: BaseException) -> CliFailure:
    context = click.get_current_context(silent=True)
    obj = context.find_object(CliContext) if context else None
    where = obj.settings.describe_store() if obj else "the configured store"
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    return CliFailure(f"the event store could not be reached ({where}): {reason}", EXIT_STORE)


def guarded(function: F) -> F:
    """Turn domain refusals and store failures into one line on stderr and their exit code."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except DomainError as error:
            raise refusal(error) from None
        except (PersistenceError, sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError, OSError) as error:
            log.info("store failure: %s", type(error).__name__)
            raise store_failure(error) from None

    return cast(F, wrapper)
