"""The bulk writes the deadlines view uses (projections/bulk.py) store exactly what SQLAlchemy would."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import sqlalchemy as sa

from projections.bulk import insert_rows, one_of, upsert_rows

metadata = sa.MetaData()
things = sa.Table(
    "things", metadata,
    sa.Column("key", sa.String(10), primary_key=True),
    sa.Column("on", sa.Date),
    sa.Column("flag", sa.Boolean),
    sa.Column("note", sa.String(20)),
)


def engine_with_things() -> sa.Engine:
    engine = sa.create_engine("sqlite://")
    metadata.create_all(engine)
    return engine


def test_bulk_inserted_rows_read_back_as_sqlalchemy_wrote_them() -> None:
    engine = engine_with_things()
    with engine.begin() as conn:
        insert_rows(conn, things, [{"key": "a", "on": date(2026, 1, 2), "flag": True, "note": None}])
        conn.execute(things.insert(), [{"key": "b", "on": date(2026, 1, 2), "flag": True, "note": None}])
        raw = conn.exec_driver_sql('SELECT "on", flag FROM things ORDER BY key').all()
        read = conn.execute(sa.select(things).order_by(things.c.key)).all()
    assert raw[0] == raw[1] == ("2026-01-02", 1)
    assert [tuple(row)[1:] for row in read] == [(date(2026, 1, 2), True, None)] * 2


def test_an_upsert_updates_only_the_changing_columns_of_an_existing_row() -> None:
    engine = engine_with_things()
    with engine.begin() as conn:
        insert_rows(conn, things, [{"key": "a", "on": date(2026, 1, 2), "flag": False, "note": "first"}])
        upsert_rows(conn, things, "key", [{"key": "a", "on": date(2026, 3, 4), "flag": True, "note": "second"},
                                          {"key": "b", "on": None, "flag": None, "note": "new"}], ["on", "flag"])
        rows = conn.execute(sa.select(things).order_by(things.c.key)).all()
    assert [tuple(row) for row in rows] == [("a", date(2026, 3, 4), True, "first"), ("b", None, None, "new")]


def test_one_of_matches_any_number_of_values_with_one_parameter() -> None:
    engine = engine_with_things()
    keys = [f"k{i}" for i in range(40_000)]  # more than SQLite allows bound parameters
    with engine.begin() as conn:
        insert_rows(conn, things, [{"key": key, "on": None, "flag": None, "note": None} for key in keys[:5]])
        found = conn.execute(sa.select(things.c.key).where(one_of(conn, things.c.key, keys[3:]))).scalars().all()
    assert sorted(found) == ["k3", "k4"]


moments = sa.Table(
    "moments", metadata,
    sa.Column("key", sa.String(10), primary_key=True),
    sa.Column("at", sa.DateTime(timezone=True)),
)


def test_bulk_inserted_datetimes_are_stored_exactly_as_sqlalchemy_stores_them() -> None:
    engine = engine_with_things()
    values = [datetime(2026, 1, 2, 3, 4, 5), datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC),
              datetime(999, 12, 31, 23, 59, 59, 999_999), datetime(2026, 7, 1, 9, tzinfo=timezone(timedelta(hours=1))),
              date(2026, 5, 6), None]
    with engine.begin() as conn:
        insert_rows(conn, moments, [{"key": f"bulk{i}", "at": value} for i, value in enumerate(values)])
        conn.execute(moments.insert(), [{"key": f"core{i}", "at": value} for i, value in enumerate(values)])
        raw = dict(conn.exec_driver_sql("SELECT key, at FROM moments").all())
    assert [raw[f"bulk{i}"] for i in range(len(values))] == [raw[f"core{i}"] for i in range(len(values))]
    assert raw["bulk1"] == "2026-01-02 03:04:05.000006"
