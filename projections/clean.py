"""Text on its way into a view holds no character a database refuses or a terminal obeys (issue 11).

The edge refuses control characters in every command (mappa_flow/commands/base.py), but a store written
before that, or by code that bypasses the edge, can hold them, and PostgreSQL refuses any text with NUL:
every report, sweep and rebuild would then fail for good. The events stay as recorded; what a view stores
is cleaned here instead: each NUL, other C0 control character (tab, line feed and carriage return aside),
DEL, C1 control character and unpaired surrogate becomes U+FFFD, the replacement character.

It is done in ONE place that every view's writes pass through, whichever way the view writes (bulk inserts,
``insert().values()``, updates): the engine's statement parameters, just before they reach the driver.
The check is one regular-expression search over a batch's text joined together, so a batch without such
characters (every batch, but for an old store) costs one pass.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Engine, event

REPLACEMENT = "\ufffd"
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(value: str) -> str:
    return _UNWANTED.sub(REPLACEMENT, value)


def clean_writes(engine: Engine) -> None:
    """Clean the text parameters of every statement ``engine`` runs (once per engine)."""
    if not event.contains(engine, "before_cursor_execute", _cleaned):
        event.listen(engine, "before_cursor_execute", _cleaned, retval=True)


def _cleaned(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any,
             executemany: bool) -> tuple[str, Any]:
    rows = parameters if executemany else [parameters]
    if not rows or not _UNWANTED.search("".join(_texts(rows))):
        return statement, parameters
    cleaned = [_clean_row(row) for row in rows]
    return statement, cleaned if executemany else cleaned[0]


def _texts(rows: Any) -> list[str]:
    if isinstance(rows[0], dict):
        return [value for row in rows for value in row.values() if type(value) is str]
    return [value for row in rows if row for value in row if type(value) is str]


def _clean_row(row: Any) -> Any:
    if isinstance(row, dict):
        return {key: clean_text(value) if type(value) is str else value for key, value in row.items()}
    if row is None:
        return row
    return type(row)(clean_text(value) if type(value) is str else value for value in row)
