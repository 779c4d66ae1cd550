"""Who is looking at a case's record: every view or export of it is recorded in its access log.

``case show``, ``audit history`` and ``audit state`` refuse to show anything until
they know who is looking (``--as USER`` or ``MAPPA_USER``), then record the view
before showing it: a view that cannot be recorded is not shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from mappa_flow.cli.context import EXIT_INVALID
from mappa_flow.cli.errors import CliFailure, UsageLine

if TYPE_CHECKING:
    from domain.access import AccessAction, AccessSubject
    from mappa_flow.bootstrap import Mappa

F = TypeVar("F", bound=Callable[..., Any])


def viewer_option(function: F) -> F:
    return click.option("--as", "viewer", envvar="MAPPA_USER", default=None, metavar="USER",
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
        first = error.errors()[0]
        field = "--as" if first["loc"] and first["loc"][0] == "recorded_by" else ".".join(map(str, first["loc"]))
        raise CliFailure(f"invalid {field}: {first['msg']}", EXIT_INVALID) from None
