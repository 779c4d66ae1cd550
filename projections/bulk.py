"""Fast inserts for views: many rows in one executemany, without SQLAlchemy's per-row parameter work.

``conn.execute(table.insert(), rows)`` builds and processes a parameter set per
row, which costs more than the insert itself when a rebuild writes millions of
rows. ``insert_rows`` compiles the statement once, converts each value with its
column type's own bind processor (so values are stored exactly as SQLAlchemy
would store them) and hands plain tuples to the driver's executemany.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from operator import itemgetter
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Connection,
    Date,
    DateTime,
    Dialect,
    Table,
    any_,
    bindparam,
    func,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY

_Convert = Callable[[Sequence[Any]], tuple[Any, ...]]
# Per dialect (so per engine): a column type's processors may depend on the engine (projections/private.py).
_cache: WeakKeyDictionary[Dialect, dict[tuple[str, tuple[str, ...]], tuple[str, _Convert | None]]] = (
    WeakKeyDictionary())

# The driver turns a date into what SQLAlchemy stores for one on SQLite (YYYY-MM-DD) itself, in C, so rows
# with dates need no conversion in Python. Python 3.11 does this by default; 3.12 deprecates the default.
sqlite3.register_adapter(date, date.isoformat)


def insert_rows(conn: Connection, table: Table, rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert dict rows, each with a value for every column. Returns how many rows were inserted."""
    names = tuple(column.name for column in table.columns)
    values = itemgetter(*names)
    return insert_tuples(conn, table, names, [values(row) for row in rows])


def one_of(conn: Connection, column: Any, values: Sequence[Any]) -> ColumnElement[bool]:
    """``column IN values`` (text values) with the values in ONE bound parameter, however many they are.

    A plain ``in_()`` binds each value on its own, which SQLAlchemy renders anew for every
    list length and SQLite caps at 32,766 values; a JSON array (SQLite) or an array
    (PostgreSQL) is one parameter and one cached statement.
    """
    if conn.dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))  # type: ignore[no-any-return]
    listed: Any = select(literal_column("value")).select_from(func.json_each(bindparam(None, json.dumps(list(values)))))
    return column.in_(listed)  # type: ignore[no-any-return]


def insert_tuples(conn: Connection, table: Table, names: Sequence[str], rows: list[Any]) -> int:
    """Insert rows given as tuples of the values of columns ``names``, in that order."""
    if not rows:
        return 0
    statement, convert = _compiled(conn, table, tuple(names))
    if convert is not None:
        rows = list(map(convert, rows))
    conn.exec_driver_sql(statement, rows)  # a list of rows: executemany
    return len(rows)


def _compiled(conn: Connection, table: Table, names: tuple[str, ...]) -> tuple[str, _Convert | None]:
    dialect = conn.dialect
    compiled = _cache.get(dialect)
    if compiled is None:
        compiled = _cache[dialect] = {}
    key = (table.name, names)
    found = compiled.get(key)
    if found is None:
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        quote = dialect.identifier_preparer.quote
        statement = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
                     f"VALUES ({', '.join(mark for _ in names)})")
        found = compiled[key] = (statement, _converter([_processor(table.c[name].type, dialect) for name in names]))
    return found


def _converter(processors: list[Callable[[Any], Any] | None]) -> _Convert | None:
    """One function converting a whole row with the processors of the columns that have one."""
    converting = [(index, process) for index, process in enumerate(processors) if process is not None]
    if not converting:
        return None

    def convert(row: Sequence[Any]) -> tuple[Any, ...]:
        values = list(row)
        for index, process in converting:
            if values[index] is not None:
                values[index] = process(values[index])
        return tuple(values)

    return convert


def _processor(column_type: Any, dialect: Any) -> Callable[[Any], Any] | None:
    """The column type's bind processor; on SQLite, the same conversions done by C methods where there are any."""
    if dialect.name == "sqlite":
        if isinstance(column_type, Boolean):
            return None  # sqlite3 stores True and False as 1 and 0 itself
        if isinstance(column_type, Date) and not isinstance(column_type, DateTime):
            return None  # the driver's adapter (above) stores YYYY-MM-DD, as SQLAlchemy does
    processor: Callable[[Any], Any] | None = column_type._cached_bind_processor(dialect)
    if processor is not None and dialect.name == "sqlite" and type(column_type) is DateTime:
        return _sqlite_datetime(processor)
    return processor


def _sqlite_datetime(fallback: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """What SQLAlchemy stores for a datetime on SQLite (YYYY-MM-DD HH:MM:SS.ffffff, any offset dropped), faster."""

    def process(value: Any) -> Any:
        if type(value) is datetime:
            return value.isoformat(" ", "microseconds")[:26]
        return fallback(value)

    return process


def upsert_rows(conn: Connection, table: Table, key: str, rows: Iterable[Mapping[str, Any]],
                changing: Sequence[str] | None = None) -> int:
    """Insert dict rows; where a row with the same ``key`` (the primary key) exists, update it instead.

    ``changing`` names the columns an update may change (default: all but the key). Leaving out columns
    that never change spares their index entries an update.
    """
    names = tuple(column.name for column in table.columns)
    values = itemgetter(*names)
    return upsert_tuples(conn, table, names, [values(row) for row in rows], key, changing)


def upsert_tuples(conn: Connection, table: Table, names: Sequence[str], rows: list[Any], key: str,
                  changing: Sequence[str] | None = None) -> int:
    """``upsert_rows`` for rows given as tuples of the values of columns ``names``, in that order."""
    if not rows:
        return 0
    statement, convert = _compiled(conn, table, tuple(names))
    quote = conn.dialect.identifier_preparer.quote
    updates = ", ".join(f"{quote(n)} = excluded.{quote(n)}" for n in (changing or names) if n != key)
    if convert is not None:
        rows = list(map(convert, rows))
    conn.exec_driver_sql(f"{statement} ON CONFLICT ({quote(key)}) DO UPDATE SET {updates}", rows)
    return len(rows)
