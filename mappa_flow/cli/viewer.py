"""Who is looking at a case's record: every view or export of it is recorded in its access log.

``case show``, ``audit history`` and ``audit state``, and every list or report that shows case
references (``deadlines``, ``exceptions``, ``calendar``, ``reminders``, ``audit corrections``), refuse
to show anything until they know who is looking (``--as USER`` or ``MAPPA_USER``), then record the
view before showing it: a view that cannot be recorded is not shown. A name with a control character
(a new line could forge a row of ``audit access``) is refused (exit 3, as any invalid viewer's name) before
anything is read.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from mappa_flow.cli.context import EXIT_INVALID, CliContext
from mappa_flow.cli.errors import CliFailure, UsageLine

if TYPE_CHECKING:
    from domain.access import AccessAction, AccessSubject
    from mappa_flow.bootstrap import Mappa

F = TypeVar("F", bound=Callable[..., Any])

MAX_NAME = 200
_FORBIDDEN = {"Cc": "a control character (new line, tab...)", "Cf": "an invisible formatting character",
              "Zl": "a line separator", "Zp": "a paragraph separator"}


class UserName(click.ParamType[str]):
    """Who is acting (``--as``): 1-200 characters, none of them a control or invisible formatting character."""

    name = "USER"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip()
        for character in text:
            kind = _FORBIDDEN.get(unicodedata.category(character))
            if kind:
                raise _invalid_name(value, f"a user name cannot hold {kind}: it could forge a line of the access log")
        if len(text) > MAX_NAME:
            raise _invalid_name(f"{text[:20]}...", f"a user name is at most {MAX_NAME} characters")
        return text


def _invalid_name(value: object, rule: str) -> CliFailure:
    """Exit 3, as a name the access record refuses (docs/auditors.md); the value shown escaped, on one line."""
    return CliFailure(f"invalid --as (or MAPPA_USER) = {str(value)!r}: {rule}; nothing was read or recorded",
                      EXIT_INVALID)


USER = UserName()


def viewer_option(function: F) -> F:
    return click.option("--as", "viewer", envvar="MAPPA_USER", type=USER, default=None, metavar="USER",
                        help="Who is looking (default: MAPPA_USER). Every view is recorded in the access log.")(
        function)


def require_viewer(viewer: str | None) -> str:
    if not viewer or not viewer.strip():
        raise UsageLine("say who is looking: give --as USER or set MAPPA_USER (every view of a case's "
                               "record is recorded in its access log)")
    return viewer.strip()


def record_view(app: Mappa, reference: str, viewer: str, action: AccessAction, subject: AccessSubject,
                scope: str, export_format: str | None = None) -> None:
    """Record one view or export; a viewer's name the command refuses is reported (exit 3), nothing written."""
    from pydantic import ValidationError

    from mappa_flow.audit.access import record_access

    try:
        record_access(app, reference, viewer, action, subject, scope, export_format)
    except ValidationError as error:
        raise _invalid(error) from None


def record_listed(context: CliContext, references: Iterable[str | None], viewer: str, scope: str,
                  subject: AccessSubject | None = None) -> None:
    """Record that the cases named in a list or report are shown to ``viewer``, before it is shown (``subject``:
    what of them is shown; default: that they are listed).

    The read models are then caught up again, so that they stay level with the log (``projections status``).
    """
    from pydantic import ValidationError

    from mappa_flow.audit.access import record_listing

    try:
        recorded = record_listing(context.app, [reference for reference in references if reference], viewer, scope,
                                  subject)
    except ValidationError as error:
        raise _invalid(error) from None
    if recorded:
        context.current_views()


def _invalid(error: Any) -> CliFailure:
    first = error.errors()[0]
    field = "--as" if first["loc"] and first["loc"][0] == "recorded_by" else ".".join(map(str, first["loc"]))
    return CliFailure(f"invalid {field}: {first['msg']}", EXIT_INVALID)
