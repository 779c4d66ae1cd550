"""Checking the read models against the events: rebuild every view into scratch and compare, row for row.

The read models are derived data: anyone with write access to the database can
edit a row (mark an overdue review ``met``) and hide a deadline and its
reminders, and no seal covers them. ``audit verify --views`` rebuilds every view
from the events into a scratch copy (an SQLite file beside the views file, or a
scratch schema on PostgreSQL), brings the live views up to the same position,
and compares each table as a set of rows: a row only in the live view, only in
the rebuild, or in both with other values is a difference.

Every view is a function of the events alone (the periodic deadlines too,
R-REM-6), so the two copies must be equal. Differences name the table, the
row's key and the columns that differ, never their values (a row may hold
personal details).
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import uuid4

from sqlalchemy import Connection, Table, select, text

from mappa_flow.application import MappaApplication
from mappa_flow.projecting import build_projector, views_engine
from mappa_flow.settings import Settings
from projections.runner import Projector

Row = tuple[Any, ...]


@dataclass(frozen=True)
class RowDifference:
    table: str
    key: str  # the row's primary key, e.g. "deadline_id=..."
    what: str  # "changed", "only-live", "only-rebuilt"
    columns: tuple[str, ...] = ()  # for "changed": the columns whose values differ

    def line(self) -> str:
        words = {
            "changed": f"differs from the rebuild in {', '.join(self.columns)}",
            "only-live": "is in the live view but not in the rebuild (added, or kept when it should have gone)",
            "only-rebuilt": "is missing from the live view (deleted, or never written)",
        }
        return f"{self.table}: row {self.key} {words[self.what]}"

    def as_dict(self) -> dict[str, Any]:
        return {"table": self.table, "key": self.key, "what": self.what, "columns": list(self.columns)}


@dataclass
class ViewCheck:
    position: int = 0  # the log position both copies were compared at
    rows: int = 0  # live rows compared
    differences: list[RowDifference] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"position": self.position, "rows": self.rows,
                "differences": [difference.as_dict() for difference in self.differences]}


def check_views(settings: Settings, app: MappaApplication, live: Projector) -> ViewCheck:
    """Rebuild every view into scratch, bring ``live`` to the same position, and compare them row for row."""
    with _scratch(settings) as scratch_settings:
        scratch = build_projector(scratch_settings, app)
        try:
            scratch.rebuild()
            position = min(status.position for status in scratch.status())
            live.catch_up(upto=position)
            check = ViewCheck(position=position)
            with live.engine.connect() as mine, scratch.engine.connect() as theirs:
                for table in (table for view in live.views.values() for table in view.tables
                              if table not in view.caches):
                    check.rows += _compare(table, mine, theirs, check.differences)
            return check
        finally:
            scratch.source.close()  # type: ignore[attr-defined]
            scratch.engine.dispose()


def _compare(table: Table, live: Connection, rebuilt: Connection, out: list[RowDifference]) -> int:
    names = [column.name for column in table.columns]
    key = [names.index(column.name) for column in table.primary_key] or list(range(len(names)))
    mine, theirs = _rows(live, table, key), _rows(rebuilt, table, key)
    for k in sorted(mine.keys() | theirs.keys(), key=repr):
        found, wanted = mine.get(k), theirs.get(k)
        if found == wanted:
            continue
        label = ", ".join(f"{names[i]}={value}" for i, value in zip(key[:3], k, strict=False))
        if found is None or wanted is None:
            out.append(RowDifference(table.name, label, "only-rebuilt" if found is None else "only-live"))
        elif sum(found.values()) == 1 == sum(wanted.values()):
            a, b = next(iter(found)), next(iter(wanted))
            out.append(RowDifference(table.name, label, "changed",
                                     tuple(n for n, x, y in zip(names, a, b, strict=True) if x != y)))
        else:
            out.append(RowDifference(table.name, label, "changed", ("(the number of copies)",)))
    return sum(sum(rows.values()) for rows in mine.values())


def _rows(conn: Connection, table: Table, key: list[int]) -> dict[Row, Counter[Row]]:
    """The table's rows by key (tables without a primary key: by the whole row), each a count of full rows."""
    found: dict[Row, Counter[Row]] = {}
    for raw in conn.execute(select(table)):
        row = tuple(bytes(v) if isinstance(v, memoryview) else v for v in raw)
        found.setdefault(tuple(row[i] for i in key), Counter())[row] += 1
    return found


@contextmanager
def _scratch(settings: Settings) -> Iterator[Settings]:
    """Settings whose views live in scratch: a new SQLite file beside the views file, or a new schema."""
    if not settings.postgres_dbname:
        folder = Path(tempfile.mkdtemp(prefix=".views-check-", dir=settings.views_path.parent))
        try:
            yield settings.model_copy(update={"views_sqlite_path": folder / "views.db"})
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    schema = f"mappa_views_check_{uuid4().hex[:12]}"
    scratch = settings.model_copy(update={"postgres_schema": schema})
    engine = views_engine(settings)
    try:
        with engine.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        yield scratch
    finally:
        with engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        engine.dispose()
